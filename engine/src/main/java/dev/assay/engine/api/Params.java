package dev.assay.engine.api;

import dev.assay.graders.Violation;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Path, query and field checks shared by the routes; each failure names the parameter or field. */
final class Params {
    static final int MAX_ID = 200;

    private Params() {
    }

    /** An id in the path that is not a UUID cannot name anything, so it is simply not found. */
    static UUID uuid(RoutingContext ctx, String name, String what) {
        String raw = ctx.pathParam(name);
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.notFound(what, raw);
        }
    }

    /** A platform-chosen id in the path of a lookup; one that could never have been stored is simply not found. */
    static String existingId(RoutingContext ctx, String name, String what) {
        String raw = ctx.pathParam(name);
        if (idProblem(raw) != null) {
            throw ApiProblem.notFound(what, raw);
        }
        return raw;
    }

    /** A platform-chosen id in the path that is not looked up (a learner's); a malformed one is the caller's error. */
    static String pathId(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        String problem = idProblem(raw);
        if (problem != null) {
            throw ApiProblem.invalid(name, problem);
        }
        return raw;
    }

    /** An optional platform-chosen id in the query string, e.g. a filter or a paging cursor. */
    static String queryId(RoutingContext ctx, String name) {
        String raw = query(ctx, name);
        String problem = raw == null ? null : idProblem(raw);
        if (problem != null) {
            throw ApiProblem.invalid(name, problem);
        }
        return raw;
    }

    /** An optional UUID in the query string (naming {@code what} it identifies when malformed), or null. */
    static UUID queryUuid(RoutingContext ctx, String name, String what) {
        String raw = query(ctx, name);
        if (raw == null) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(name, "must be " + what + " id (UUID)");
        }
    }

    static String query(RoutingContext ctx, String name) {
        try {
            List<String> values = ctx.request().params().getAll(name);
            if (values.size() > 1) {
                // Every query parameter takes one value: "status=passed&status=failed" read as "passed" alone would
                // answer a question the client did not ask.
                throw ApiProblem.invalid(name, "is given " + values.size() + " times; give it once");
            }
            return values.isEmpty() ? null : values.getFirst();
        } catch (IllegalArgumentException e) {
            // Vert.x decodes the whole query string on first access, so a bad escape anywhere surfaces here.
            throw ApiProblem.invalid("query", "is not a well-formed query string");
        }
    }

    /** An optional ISO-8601 date-time query parameter (with an offset), or null when absent. */
    static java.time.Instant instantParam(RoutingContext ctx, String name) {
        String raw = query(ctx, name);
        if (raw == null) {
            return null;
        }
        return instantOrNull(raw).orElseThrow(() -> ApiProblem.invalid(name,
                "must be an ISO-8601 date-time with an offset, years 1970-9999, e.g. 2026-12-01T23:59:00Z"));
    }

    /** Years beyond four digits ("+99999-01-01") parse, but no course runs then and many clients cannot read them. */
    static java.util.Optional<java.time.Instant> instantOrNull(String raw) {
        try {
            java.time.OffsetDateTime t = java.time.OffsetDateTime.parse(raw);
            return t.getYear() < 1970 || t.getYear() > 9999 ? java.util.Optional.empty()
                    : java.util.Optional.of(t.toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    static int limit(RoutingContext ctx) {
        return intParam(ctx, "limit", 50, 1, 200);
    }

    static int offset(RoutingContext ctx) {
        return intParam(ctx, "offset", 0, 0, 1_000_000);
    }

    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = query(ctx, name);
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

    /** Checks a platform-chosen id (course, learner) when one was given; {@link Fields} reports a missing one. */
    static void externalId(String value, String field, List<Violation> errors) {
        String problem = value == null ? null : idProblem(value);
        if (problem != null) {
            errors.add(new Violation(field, problem));
        }
    }

    static void maxLength(String value, String field, int max, List<Violation> errors) {
        // Characters as a reader counts them (an emoji is one), not Java's UTF-16 units.
        if (value != null && value.length() > max && value.codePointCount(0, value.length()) > max) {
            errors.add(new Violation(field, "must be at most " + max + " characters"));
        }
    }

    /** Why {@code value} cannot be a platform-chosen id, or null: they are non-blank, bounded and printable. */
    private static String idProblem(String value) {
        if (value == null || value.isBlank()) {
            return "must not be blank";
        }
        if (value.length() > MAX_ID) {
            return "must be at most " + MAX_ID + " characters";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    /** An id as one path segment of a link, so that ids with '/', '?' or spaces still link to themselves. */
    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void check(List<Violation> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }
}
