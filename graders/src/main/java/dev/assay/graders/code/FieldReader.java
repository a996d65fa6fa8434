package dev.assay.graders.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.WholeNumber;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Collects violations while walking a JSON tree, so that one error reply names every bad field. */
final class FieldReader {
    private final List<Violation> violations = new ArrayList<>();

    void add(String field, String message) {
        violations.add(new Violation(field, message));
    }

    void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    boolean object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            add(at, "must be an object");
            return false;
        }
        return true;
    }

    void known(JsonNode node, String at, Set<String> fields) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!fields.contains(name)) {
                add(join(at, name), "is not a known property (known: " + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
    }

    String string(JsonNode node, String at, String name, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                add(join(at, name), "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            add(join(at, name), "must be a string");
            return null;
        }
        return value.textValue();
    }

    Double number(JsonNode node, String at, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            add(join(at, name), "must be a number");
            return null;
        }
        return value.doubleValue();
    }

    int integer(JsonNode node, String at, String name, int fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!WholeNumber.isWhole(value)) {
            add(join(at, name), "must be a whole number");
            return fallback;
        }
        Integer whole = WholeNumber.of(value);
        if (whole == null) {
            add(join(at, name), "is out of range");
            return fallback;
        }
        return whole;
    }

    boolean bool(JsonNode node, String at, String name, boolean fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            add(join(at, name), "must be true or false");
            return fallback;
        }
        return value.booleanValue();
    }

    JsonNode array(JsonNode node, String at, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            add(join(at, name), "must be an array");
            return null;
        }
        return value;
    }

    private static String join(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }
}
