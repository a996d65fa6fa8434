package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.graders.Violation;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.UUID;

/** Path, query and field checks shared by the routes; each failure names the parameter or field. */
public final class Params {
    public static final int MAX_ID = 200;

    private Params() {
    }

    /** An id in the path that is not a UUID cannot name anything, so it is simply not found. */
    public static UUID uuid(RoutingContext ctx, String name, String what) {
        String raw = ctx.pathParam(name);
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.notFound(what, raw);
        }
    }

    public static int limit(RoutingContext ctx) {
        return intParam(ctx, "limit", 50, 1, 200);
    }

    public static int offset(RoutingContext ctx) {
        return intParam(ctx, "offset", 0, 0, 1_000_000);
    }

    public static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = ctx.request().getParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiProblem.invalid(name, "must be an integer from " + min + " to " + max);
    }

    /** Platform-chosen ids (courses, learners): non-empty, bounded, printable. */
    public static String externalId(String value, String field, List<Violation> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Violation(field, "is required"));
        } else if (value.length() > MAX_ID) {
            errors.add(new Violation(field, "must be at most " + MAX_ID + " characters"));
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            errors.add(new Violation(field, "must not contain control characters"));
        }
        return value;
    }

    public static void text(String value, String field, int max, boolean required, List<Violation> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new Violation(field, "is required"));
            }
        } else if (value.length() > max) {
            errors.add(new Violation(field, "must be at most " + max + " characters"));
        }
    }

    public static void object(JsonNode value, String field, List<Violation> errors) {
        if (value == null || value.isNull()) {
            errors.add(new Violation(field, "is required"));
        } else if (!value.isObject()) {
            errors.add(new Violation(field, "must be a JSON object"));
        }
    }

    public static void check(List<Violation> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
