package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Work that people grade: a text and/or text files uploaded by the learner, graded by peers under a rubric (or by
 * staff with an override), never by a machine. A submission is stored as {@code routed} (awaiting review) at once;
 * its score arrives when its peer grade is final.
 *
 * <p>Definition: {@code {"title", "instructions"?, "points"? (default 100), "maxChars"? (default 50,000),
 * "maxFiles"? (default 10; 0 for text only)}}. Response: {@code "text"} and/or {@code "files": {path: text}}, at most
 * {@code maxChars} characters in all.
 */
public final class UploadGrading implements GraderKind {
    public static final String NAME = "upload";
    private static final Set<String> DEFINITION_FIELDS = Set.of("title", "instructions", "points", "maxChars", "maxFiles");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,99}(/[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,99}){0,7}");

    /** A parsed definition. */
    record Upload(double points, int maxChars, int maxFiles) {
    }

    private final ParsedDefinitions<Upload> uploads =
            new ParsedDefinitions<>(10_000, json -> read(dev.assay.engine.store.Json.parse(json)));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> responseFields() {
        return List.of("text", "files");
    }

    @Override
    public boolean inline() {
        return true;
    }

    @Override
    public void validateDefinition(JsonNode definition) {
        read(definition);
    }

    /** The points the work is marked out of, until its peer grade sets the rubric's own maximum. */
    @Override
    public double maxScore(UUID assessmentId, int version, String definitionJson) {
        return uploads.get(assessmentId, version, definitionJson).points();
    }

    static Upload read(JsonNode d) {
        List<Violation> errors = new ArrayList<>();
        if (d == null || !d.isObject()) {
            throw new InvalidInputException(List.of(new Violation("", "must be an object")));
        }
        d.fieldNames().forEachRemaining(f -> {
            if (!DEFINITION_FIELDS.contains(f)) {
                errors.add(new Violation(f, "is not a field of an upload assessment"));
            }
        });
        JsonNode title = d.get("title");
        if (title == null || !title.isTextual() || title.textValue().isBlank() || title.textValue().length() > 200) {
            errors.add(new Violation("title", "is required: 1 to 200 characters"));
        }
        JsonNode instructions = d.get("instructions");
        if (instructions != null && (!instructions.isTextual() || instructions.textValue().length() > 20_000)) {
            errors.add(new Violation("instructions", "must be text of at most 20,000 characters"));
        }
        double points = number(d, "points", 100, 0.000001, 1_000_000, errors);
        int maxChars = (int) number(d, "maxChars", 50_000, 1, 1_000_000, errors);
        int maxFiles = (int) number(d, "maxFiles", 10, 0, 100, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Upload(points, maxChars, maxFiles);
    }

    private static double number(JsonNode d, String field, double fallback, double min, double max, List<Violation> errors) {
        JsonNode n = d.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        boolean integral = !field.equals("points");
        if (!n.isNumber() || (integral && !n.canConvertToInt()) || n.doubleValue() < min || n.doubleValue() > max
                || (integral && n.doubleValue() != Math.rint(n.doubleValue()))) {
            errors.add(new Violation(field, "must be " + (integral ? "a whole number" : "a number") + " from "
                    + (integral ? String.valueOf((long) min) : String.valueOf(min)) + " to " + (long) max));
            return fallback;
        }
        return n.doubleValue();
    }

    /** Characters as a reader counts them: an emoji is one, though Java stores it as two UTF-16 units. */
    private static long characters(String text) {
        return text.codePointCount(0, text.length());
    }

    @Override
    public void checkResponse(UUID assessmentId, int version, String definitionJson, JsonNode response) {
        Upload upload = uploads.get(assessmentId, version, definitionJson);
        List<Violation> errors = new ArrayList<>();
        long chars = 0;
        JsonNode text = response.get("text");
        if (text != null && !text.isNull()) {
            if (!text.isTextual()) {
                errors.add(new Violation("text", "must be a string"));
            } else {
                chars += characters(text.textValue());
            }
        }
        JsonNode files = response.get("files");
        if (files != null && !files.isNull()) {
            if (!files.isObject()) {
                errors.add(new Violation("files", "must be an object of path to text"));
            } else if (files.size() > upload.maxFiles()) {
                errors.add(new Violation("files", "at most " + upload.maxFiles() + " files"));
            } else {
                for (Map.Entry<String, JsonNode> f : files.properties()) {
                    if (!PATH.matcher(f.getKey()).matches() || f.getKey().contains("..")) {
                        errors.add(new Violation("files." + f.getKey(), "is not an allowed path: letters, digits, "
                                + "'_', '-', '.', up to 8 directories, no '..'"));
                    } else if (!f.getValue().isTextual()) {
                        errors.add(new Violation("files." + f.getKey(), "must be the file's text"));
                    } else {
                        chars += characters(f.getValue().textValue());
                    }
                }
            }
        }
        if (errors.isEmpty() && chars == 0) {
            errors.add(new Violation("text", "the submission is empty: send text or files"));
        }
        if (chars > upload.maxChars()) {
            errors.add(new Violation(text != null ? "text" : "files", "is " + chars + " characters; this assessment "
                    + "takes at most " + upload.maxChars()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    @Override
    public GradeResult grade(UUID assessmentId, int version, String definitionJson, JsonNode response) {
        throw new IllegalStateException("uploads are graded by people, not by a grader");
    }
}
