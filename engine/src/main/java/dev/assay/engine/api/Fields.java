package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.Json;
import dev.assay.graders.Violation;
import dev.assay.graders.WholeNumber;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body read field by field into a list of violations, so one 400 reports everything wrong at once.
 * Types are strict: a number is not silently taken for a string, nor 1.5 or "60" for an integer, because a value
 * the client did not mean is worse than a rejected request.
 */
final class Fields {
    private final ObjectNode body;
    private final List<Violation> errors = new ArrayList<>();

    private Fields(ObjectNode body, Set<String> allowed) {
        this.body = body;
        // Unknown fields come first: they are usually typos of the fields then reported missing.
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            if (!allowed.contains(entry.getKey())) {
                errors.add(new Violation(entry.getKey(), "is not a known field" + suggestion(entry.getKey(), allowed)));
            }
        }
    }

    /** The request's JSON object, in which only the {@code allowed} fields may appear. */
    static Fields of(RoutingContext ctx, String... allowed) {
        return new Fields(Bodies.object(ctx), Set.of(allowed));
    }

    /** Like {@link #of}, for endpoints whose body is optional: no body reads as {@code {}}. */
    static Fields optional(RoutingContext ctx, String... allowed) {
        ObjectNode body = Bodies.optionalObject(ctx);
        return new Fields(body == null ? Json.object() : body, Set.of(allowed));
    }

    /** A non-blank string, or null when absent (reported if required), blank or of another type (reported). */
    String text(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            return wrong(name, "must be a string");
        }
        if (value.textValue().isBlank()) {
            return wrong(name, "must not be blank");
        }
        return value.textValue();
    }

    /** An optional whole number within [min, max], or null when absent or reported. */
    Integer integer(String name, int min, int max) {
        JsonNode value = present(name, false);
        if (value == null) {
            return null;
        }
        Integer whole = WholeNumber.of(value);
        if (whole == null || whole < min || whole > max) {
            return wrong(name, "must be a whole number from " + min + " to " + max);
        }
        return whole;
    }

    /** A finite number, or null when absent (reported if required) or of another type (reported). */
    Double number(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            return wrong(name, "must be a number");
        }
        return value.doubleValue();
    }

    /** An optional boolean, or null when absent or reported. */
    Boolean bool(String name) {
        JsonNode value = present(name, false);
        if (value == null) {
            return null;
        }
        return value.isBoolean() ? value.booleanValue() : wrong(name, "must be true or false");
    }

    /** An optional non-empty array of strings each one of {@code allowed}, or null when absent or reported. */
    java.util.List<String> strings(String name, Set<String> allowed) {
        JsonNode value = present(name, false);
        if (value == null) {
            return null;
        }
        if (!value.isArray() || value.isEmpty()) {
            return wrong(name, "must be a non-empty array of " + new java.util.TreeSet<>(allowed));
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || !allowed.contains(item.textValue())) {
                return wrong(name + "[" + i + "]", "must be one of " + new java.util.TreeSet<>(allowed));
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** Whether the body names the field at all (even as null), e.g. to tell "clear it" from "leave it". */
    boolean has(String name) {
        return body.has(name);
    }

    /** An ISO-8601 instant with an offset ({@code 2026-12-01T23:59:00Z}), or null when absent or reported. */
    java.time.Instant instant(String name, boolean required) {
        String raw = text(name, required);
        if (raw == null) {
            return null;
        }
        return Params.instantOrNull(raw).orElseGet(() -> wrong(name,
                "must be an ISO-8601 date-time with an offset, years 1970-9999, e.g. 2026-12-01T23:59:00Z"));
    }

    /** A JSON object, or null when absent (reported if required) or of another type (reported). */
    ObjectNode object(String name, boolean required) {
        JsonNode value = present(name, required);
        if (value == null) {
            return null;
        }
        return value instanceof ObjectNode object ? object : wrong(name, "must be a JSON object");
    }

    List<Violation> errors() {
        return errors;
    }

    /** Throws the 400 listing every violation collected so far, if there is one. */
    void check() {
        Params.check(errors);
    }

    private JsonNode present(String name, boolean required) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Violation(name, "is required"));
            }
            return null;
        }
        return value;
    }

    private <T> T wrong(String name, String message) {
        errors.add(new Violation(name, message));
        return null;
    }

    private static String suggestion(String unknown, Set<String> allowed) {
        for (String name : allowed) {
            if (name.equalsIgnoreCase(unknown)) {
                return "; did you mean '" + name + "'?";
            }
        }
        return allowed.isEmpty() ? "; this request takes no fields" : "; known: " + String.join(", ", allowed.stream().sorted().toList());
    }
}
