package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.AssessmentStore;
import dev.assay.engine.store.EssayStore;
import dev.assay.engine.store.Json;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.WholeNumber;
import dev.assay.graders.essay.Criterion;
import dev.assay.graders.essay.EssayAssessment;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Essay definitions as staff write them: reads a definition's JSON into an {@link EssayAssessment}, reporting every
 * invalid field by its path, and decides what a new version of a definition carries over from the previous one. Kept
 * apart from {@link EssayGrading} because it is pure parsing and comparison, used by the routes as well as by the
 * grading, and needs no store or model.
 */
public final class EssayDefinitions {
    private static final Set<String> DEFINITION_FIELDS =
            Set.of("prompt", "sourceText", "minScore", "maxScore", "autoGradeShare", "criteria");
    private static final Set<String> CRITERION_FIELDS = Set.of("id", "description", "minScore", "maxScore");

    private EssayDefinitions() {
    }

    /**
     * What a new version of an essay definition keeps: staff scores still mean the same while the score range and
     * criteria are unchanged, and a model still fits while the texts it measures essays against (prompt, source)
     * are unchanged too. The auto-graded share is applied when grading, so changing it keeps the model.
     */
    public static AssessmentStore.VersionStep carryOver(JsonNode newDefinition) {
        EssayAssessment after = readDefinition(newDefinition);
        return (c, id, version, previousDefinition) -> {
            EssayAssessment before = readDefinition(Json.parse(previousDefinition));
            if (!sameScale(before, after)) {
                return Future.succeededFuture();
            }
            boolean sameTexts = before.prompt().equals(after.prompt())
                    && java.util.Objects.equals(before.sourceText(), after.sourceText());
            return EssayStore.carryOver(c, id, version, sameTexts);
        };
    }

    private static boolean sameScale(EssayAssessment a, EssayAssessment b) {
        if (a.minScore() != b.minScore() || a.maxScore() != b.maxScore() || a.criteria().size() != b.criteria().size()) {
            return false;
        }
        for (int i = 0; i < a.criteria().size(); i++) {
            Criterion x = a.criteria().get(i);
            Criterion y = b.criteria().get(i);
            if (!x.id().equals(y.id()) || x.minScore() != y.minScore() || x.maxScore() != y.maxScore()) {
                return false;
            }
        }
        return true;
    }

    /** Reads an essay definition, with field paths relative to the definition. */
    public static EssayAssessment readDefinition(JsonNode d) {
        List<Violation> errors = new ArrayList<>();
        if (d == null || !d.isObject()) {
            throw new InvalidInputException("", "must be a JSON object");
        }
        d.properties().forEach(e -> {
            if (!DEFINITION_FIELDS.contains(e.getKey())) {
                errors.add(new Violation(e.getKey(), "is not a known field; known: " + String.join(", ",
                        DEFINITION_FIELDS.stream().sorted().toList())));
            }
        });
        String prompt = text(d, "prompt", true, errors);
        String source = text(d, "sourceText", false, errors);
        Double share = number(d, "autoGradeShare", errors);
        List<Criterion> criteria = new ArrayList<>();
        JsonNode list = d.get("criteria");
        boolean rubric = list != null && !list.isNull();
        if (rubric) {
            if (!list.isArray() || list.isEmpty()) {
                errors.add(new Violation("criteria", "must be a non-empty array of {id, description, minScore, maxScore}"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    JsonNode c = list.get(i);
                    String path = "criteria[" + i + "]";
                    if (!c.isObject()) {
                        errors.add(new Violation(path, "must be an object"));
                        continue;
                    }
                    c.properties().forEach(e -> {
                        if (!CRITERION_FIELDS.contains(e.getKey())) {
                            errors.add(new Violation(path + "." + e.getKey(), "is not a known field"));
                        }
                    });
                    String id = text(c, "id", true, errors, path + ".id");
                    String description = text(c, "description", false, errors, path + ".description");
                    Integer min = integer(c, "minScore", true, errors, path + ".minScore");
                    Integer max = integer(c, "maxScore", true, errors, path + ".maxScore");
                    if (id != null && min != null && max != null) {
                        criteria.add(new Criterion(id, description, min, max));
                    }
                }
            }
        }
        Integer min = integer(d, "minScore", !rubric, errors, "minScore");
        Integer max = integer(d, "maxScore", !rubric, errors, "maxScore");
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        double autoShare = share == null ? EssayAssessment.DEFAULT_AUTO_GRADE_SHARE : share;
        if (rubric) {
            EssayAssessment a = EssayAssessment.withRubric(prompt, source, autoShare, criteria);
            if ((min != null && min != a.minScore()) || (max != null && max != a.maxScore())) {
                throw new InvalidInputException("maxScore", "with criteria the score range is the sum of the criteria's ("
                        + a.minScore() + " to " + a.maxScore() + "); leave minScore and maxScore out");
            }
            return a;
        }
        return new EssayAssessment(prompt, source, min, max, autoShare, List.of());
    }

    private static String text(JsonNode d, String name, boolean required, List<Violation> errors) {
        return text(d, name, required, errors, name);
    }

    private static String text(JsonNode d, String name, boolean required, List<Violation> errors, String path) {
        JsonNode v = d.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new Violation(path, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new Violation(path, "must be a string"));
            return null;
        }
        if (required && v.textValue().isBlank()) {
            errors.add(new Violation(path, "must not be blank"));
            return null;
        }
        return v.textValue();
    }

    private static Integer integer(JsonNode d, String name, boolean required, List<Violation> errors, String path) {
        JsonNode v = d.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new Violation(path, "is required"));
            }
            return null;
        }
        Integer whole = WholeNumber.of(v);
        if (whole == null) {
            errors.add(new Violation(path, "must be a whole number"));
        }
        return whole;
    }

    private static Double number(JsonNode d, String name, List<Violation> errors) {
        JsonNode v = d.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            errors.add(new Violation(name, "must be a number from 0 to 1"));
            return null;
        }
        return v.doubleValue();
    }
}
