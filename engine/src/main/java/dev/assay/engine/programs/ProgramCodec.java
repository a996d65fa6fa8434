package dev.assay.engine.programs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.WholeNumber;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JSON form of a {@link Program}, as staff send it and as it is stored:
 *
 * <pre>{@code
 * {"title": "Data Science", "kind": "specialization",
 *  "courses": ["ds-101", "ds-102", "ds-103", "ds-capstone"], "required": ["ds-capstone"], "minPassed": 3}
 * }</pre>
 *
 * {@code title}, {@code kind} ({@code specialization} or {@code micro_credential}) and {@code courses} are
 * required; {@code required} defaults to none and {@code minPassed} to every course. Unknown fields are rejected.
 */
public final class ProgramCodec {
    public static final int MAX_COURSES = 100;
    public static final int MAX_TITLE = 500;
    public static final int MAX_ID = 200;
    private static final Set<String> FIELDS = Set.of("title", "kind", "courses", "required", "minPassed");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProgramCodec() {
    }

    /**
     * Reads and validates a program (but not whether its courses exist: see {@link #unknownCourses}).
     *
     * @throws InvalidInputException naming every field that is wrong
     */
    public static Program read(JsonNode body, String id) {
        List<Violation> errors = new ArrayList<>();
        if (!(body instanceof ObjectNode object)) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        object.properties().forEach(e -> {
            if (!FIELDS.contains(e.getKey())) {
                errors.add(new Violation(e.getKey(), "is not a known field; known: " + String.join(", ",
                        FIELDS.stream().sorted().toList())));
            }
        });
        String title = text(object, "title", errors);
        if (title != null && title.codePointCount(0, title.length()) > MAX_TITLE) {
            errors.add(new Violation("title", "must be at most " + MAX_TITLE + " characters"));
        }
        Program.Kind kind = kind(object, errors);
        List<String> courses = ids(object, "courses", true, errors);
        List<String> required = ids(object, "required", false, errors);
        Integer minPassed = null;
        JsonNode min = object.get("minPassed");
        if (min != null && !min.isNull()) {
            minPassed = WholeNumber.of(min);
            if (minPassed == null || minPassed < 1) {
                errors.add(new Violation("minPassed", "must be a whole number of at least 1"));
                minPassed = null;
            }
        }
        if (courses != null && required != null) {
            for (int i = 0; i < required.size(); i++) {
                if (!courses.contains(required.get(i))) {
                    errors.add(new Violation("required[" + i + "]", "must be one of the program's courses"));
                }
            }
        }
        if (courses != null && minPassed != null) {
            int floor = Math.max(1, required == null ? 0 : required.size());
            if (minPassed > courses.size()) {
                errors.add(new Violation("minPassed", "must be at most the number of courses (" + courses.size() + ")"));
            } else if (minPassed < floor) {
                errors.add(new Violation("minPassed", "must be at least the number of required courses (" + floor + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<String> req = required == null ? List.of() : required;
        return new Program(id, title, kind, courses, Set.copyOf(req), minPassed == null ? courses.size() : minPassed);
    }

    /** A violation per member course that is not among {@code existing}, naming its place in {@code courses}. */
    public static List<Violation> unknownCourses(Program program, Set<String> existing) {
        List<Violation> out = new ArrayList<>();
        for (int i = 0; i < program.courses().size(); i++) {
            if (!existing.contains(program.courses().get(i))) {
                out.add(new Violation("courses[" + i + "]", "course '" + program.courses().get(i) + "' does not exist"));
            }
        }
        return out;
    }

    public static ObjectNode toJson(Program p) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("title", p.title());
        node.put("kind", p.kind().wire());
        p.courses().forEach(node.putArray("courses")::add);
        // in the courses' order, so that equal programs store equal JSON
        var required = node.putArray("required");
        p.courses().stream().filter(p.required()::contains).forEach(required::add);
        node.put("minPassed", p.minPassed());
        return node;
    }

    /** A stored definition (written by {@link #toJson}, so valid). */
    public static Program fromStored(String id, String json) {
        try {
            return read(MAPPER.readTree(json), id);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | InvalidInputException e) {
            throw new IllegalStateException("stored program " + id + " no longer reads: " + e.getMessage(), e);
        }
    }

    private static String text(ObjectNode object, String name, List<Violation> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            errors.add(new Violation(name, "is required"));
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            errors.add(new Violation(name, "must be a non-blank string"));
            return null;
        }
        return value.textValue();
    }

    private static Program.Kind kind(ObjectNode object, List<Violation> errors) {
        String raw = text(object, "kind", errors);
        if (raw == null) {
            return null;
        }
        for (Program.Kind k : Program.Kind.values()) {
            if (k.wire().equals(raw)) {
                return k;
            }
        }
        errors.add(new Violation("kind", "must be one of " + java.util.Arrays.stream(Program.Kind.values())
                .map(Program.Kind::wire).toList()));
        return null;
    }

    /** An array of distinct course ids; null when absent (reported if required) or wrong (reported). */
    private static List<String> ids(ObjectNode object, String name, boolean required, List<Violation> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new Violation(name, "is required"));
            }
            return null;
        }
        if (!value.isArray() || (required && value.isEmpty()) || value.size() > MAX_COURSES) {
            errors.add(new Violation(name, "must be an array of " + (required ? "1" : "0") + " to " + MAX_COURSES
                    + " course ids"));
            return null;
        }
        Set<String> seen = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String field = name + "[" + i + "]";
            if (!item.isTextual() || item.textValue().isBlank() || item.textValue().length() > MAX_ID
                    || item.textValue().chars().anyMatch(Character::isISOControl)) {
                errors.add(new Violation(field, "must be a course id: a non-blank string of at most " + MAX_ID
                        + " printable characters"));
                ok = false;
            } else if (!seen.add(item.textValue())) {
                errors.add(new Violation(field, "repeats '" + item.textValue() + "'"));
                ok = false;
            }
        }
        return ok ? List.copyOf(seen) : null;
    }
}
