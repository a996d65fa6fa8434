package dev.assay.engine.outcomes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.WholeNumber;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * JSON form of a {@link GradingPolicy}:
 *
 * <pre>{@code
 * {"categories": [{"id": "quizzes", "weight": 30, "assessments": ["q1", "q2", "q3"], "dropLowest": 1},
 *                 {"id": "programming", "weight": 40, "assessments": ["p1", "p2"]},
 *                 {"id": "essay", "weight": 30, "assessments": ["e1"]}],
 *  "mustPass": [{"assessment": "p2", "passFraction": 0.5}],
 *  "minPeerReviewsGiven": 3,
 *  "passMark": 60,
 *  "bands": [{"name": "pass", "minimum": 60}, {"name": "merit", "minimum": 75}, {"name": "distinction", "minimum": 90}],
 *  "attempts": "highest"}
 * }</pre>
 *
 * {@code passMark}, each category's {@code id}, {@code weight} and {@code assessments} are required;
 * {@code dropLowest}, {@code mustPass}, {@code minPeerReviewsGiven} and {@code bands} default to 0 / none,
 * {@code attempts} ({@code highest} or {@code latest}, see {@link GradingPolicy.Attempts}) to {@code highest}.
 * Unknown fields are rejected (a misspelt {@code droplowest} must not silently be ignored).
 */
public final class GradingPolicyCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GradingPolicyCodec() {
    }

    /**
     * Reads and validates a policy.
     *
     * @throws InvalidInputException with every violation found (structure first; if the structure is sound,
     *                               then {@link GradingPolicy#validate(Set)})
     */
    public static GradingPolicy readPolicy(JsonNode json, Set<String> knownAssessmentIds) {
        List<Violation> violations = new ArrayList<>();
        GradingPolicy policy = parse(json, violations);
        if (violations.isEmpty()) {
            violations.addAll(policy.validate(knownAssessmentIds));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return policy;
    }

    /** Parses and validates a policy from JSON text. */
    public static GradingPolicy readPolicy(String json, Set<String> knownAssessmentIds) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("", "not valid JSON: " + e.getOriginalMessage());
        }
        return readPolicy(node, knownAssessmentIds);
    }

    public static ObjectNode toJson(GradingPolicy policy) {
        ObjectNode root = NODES.objectNode();
        ArrayNode categories = root.putArray("categories");
        for (GradingPolicy.Category c : policy.categories()) {
            ObjectNode node = categories.addObject();
            node.put("id", c.id());
            node.put("weight", c.weight());
            ArrayNode assessments = node.putArray("assessments");
            c.assessments().forEach(assessments::add);
            node.put("dropLowest", c.dropLowest());
        }
        ArrayNode mustPass = root.putArray("mustPass");
        for (GradingPolicy.MustPass m : policy.mustPass()) {
            mustPass.addObject().put("assessment", m.assessment()).put("passFraction", m.passFraction());
        }
        root.put("minPeerReviewsGiven", policy.minPeerReviewsGiven());
        root.put("passMark", policy.passMark());
        ArrayNode bands = root.putArray("bands");
        for (GradingPolicy.Band b : policy.bands()) {
            bands.addObject().put("name", b.name()).put("minimum", b.minimum());
        }
        root.put("attempts", policy.attempts().json());
        return root;
    }

    public static String toJsonString(GradingPolicy policy) {
        return toJson(policy).toString();
    }

    private static GradingPolicy parse(JsonNode json, List<Violation> out) {
        if (json == null || !json.isObject()) {
            out.add(new Violation("", "a grading policy must be a JSON object"));
            return null;
        }
        unknownFields(json, "", Set.of("categories", "mustPass", "minPeerReviewsGiven", "passMark", "bands", "attempts"),
                out);

        List<GradingPolicy.Category> categories = new ArrayList<>();
        JsonNode cats = json.get("categories");
        if (cats == null || !cats.isArray()) {
            out.add(new Violation("categories", cats == null ? "is required" : "must be an array"));
        } else {
            for (int i = 0; i < cats.size(); i++) {
                JsonNode c = cats.get(i);
                String at = "categories[" + i + "]";
                if (!c.isObject()) {
                    out.add(new Violation(at, "must be an object"));
                    continue;
                }
                unknownFields(c, at + ".", Set.of("id", "weight", "assessments", "dropLowest"), out);
                String id = text(c, "id", at + ".id", true, out);
                double weight = number(c, "weight", at + ".weight", true, 0, out);
                List<String> assessments = new ArrayList<>();
                JsonNode as = c.get("assessments");
                if (as == null || !as.isArray()) {
                    out.add(new Violation(at + ".assessments", as == null ? "is required" : "must be an array"));
                } else {
                    for (int j = 0; j < as.size(); j++) {
                        if (!as.get(j).isTextual()) {
                            out.add(new Violation(at + ".assessments[" + j + "]", "must be an assessment id (string)"));
                        } else {
                            assessments.add(as.get(j).asText());
                        }
                    }
                }
                int drop = integer(c, "dropLowest", at + ".dropLowest", 0, out);
                categories.add(new GradingPolicy.Category(id, weight, assessments, drop));
            }
        }

        List<GradingPolicy.MustPass> mustPass = new ArrayList<>();
        JsonNode mps = json.get("mustPass");
        if (mps != null && !mps.isNull()) {
            if (!mps.isArray()) {
                out.add(new Violation("mustPass", "must be an array"));
            } else {
                for (int k = 0; k < mps.size(); k++) {
                    JsonNode m = mps.get(k);
                    String at = "mustPass[" + k + "]";
                    if (!m.isObject()) {
                        out.add(new Violation(at, "must be an object"));
                        continue;
                    }
                    unknownFields(m, at + ".", Set.of("assessment", "passFraction"), out);
                    mustPass.add(new GradingPolicy.MustPass(text(m, "assessment", at + ".assessment", true, out),
                            number(m, "passFraction", at + ".passFraction", true, 0, out)));
                }
            }
        }

        int minReviews = integer(json, "minPeerReviewsGiven", "minPeerReviewsGiven", 0, out);
        double passMark = number(json, "passMark", "passMark", true, 0, out);

        List<GradingPolicy.Band> bands = new ArrayList<>();
        JsonNode bs = json.get("bands");
        if (bs != null && !bs.isNull()) {
            if (!bs.isArray()) {
                out.add(new Violation("bands", "must be an array"));
            } else {
                for (int b = 0; b < bs.size(); b++) {
                    JsonNode band = bs.get(b);
                    String at = "bands[" + b + "]";
                    if (!band.isObject()) {
                        out.add(new Violation(at, "must be an object"));
                        continue;
                    }
                    unknownFields(band, at + ".", Set.of("name", "minimum"), out);
                    bands.add(new GradingPolicy.Band(text(band, "name", at + ".name", true, out),
                            number(band, "minimum", at + ".minimum", true, 0, out)));
                }
            }
        }
        return new GradingPolicy(categories, mustPass, minReviews, passMark, bands, attempts(json, out));
    }

    private static GradingPolicy.Attempts attempts(JsonNode json, List<Violation> out) {
        String value = text(json, "attempts", "attempts", false, out);
        if (value == null) {
            return GradingPolicy.Attempts.HIGHEST;
        }
        for (GradingPolicy.Attempts a : GradingPolicy.Attempts.values()) {
            if (a.json().equals(value)) {
                return a;
            }
        }
        out.add(new Violation("attempts", "must be 'highest' (the best graded submission counts) or 'latest' (the "
                + "most recent graded one), got '" + value + "'"));
        return GradingPolicy.Attempts.HIGHEST;
    }

    private static void unknownFields(JsonNode node, String prefix, Set<String> allowed, List<Violation> out) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                out.add(new Violation(prefix + name, "unknown field"));
            }
        }
    }

    private static String text(JsonNode node, String name, String at, boolean required, List<Violation> out) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                out.add(new Violation(at, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            out.add(new Violation(at, "must be a string"));
            return null;
        }
        return v.asText();
    }

    private static double number(JsonNode node, String name, String at, boolean required, double fallback,
                                 List<Violation> out) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                out.add(new Violation(at, "is required"));
            }
            return fallback;
        }
        if (!v.isNumber()) {
            out.add(new Violation(at, "must be a number"));
            return fallback;
        }
        return v.asDouble();
    }

    private static int integer(JsonNode node, String name, String at, int fallback, List<Violation> out) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        Integer whole = WholeNumber.of(v);
        if (whole == null) {
            out.add(new Violation(at, "must be a whole number"));
            return fallback;
        }
        return whole;
    }
}
