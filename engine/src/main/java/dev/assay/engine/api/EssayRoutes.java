package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.grading.EssayGrading;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.AssessmentStore.AssessmentRow;
import dev.assay.engine.store.EssayStore;
import dev.assay.engine.store.Json;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.essay.EssayAssessment;
import dev.assay.graders.essay.Exemplar;
import dev.assay.graders.essay.ExemplarCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Essay assessments' exemplars and models. Staff upload scored exemplars for the current version of an essay
 * assessment (JSON or CSV; an upload replaces the version's set), then train a model from them; submissions to that
 * version are accepted once it has a model. Training runs off the event loop (seconds for a thousand exemplars).
 */
final class EssayRoutes {
    private EssayRoutes() {
    }

    static void mount(Router router, Services s) {
        router.post("/v1/assessments/:id/exemplars").handler(Reply.handler(ctx -> upload(ctx, s)));
        router.get("/v1/assessments/:id/exemplars").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            return essayAssessment(s, platform.platformId(), id).compose(a -> s.kinds().essay().store()
                    .exemplars(id, a.version()).map(set -> {
                        EssayAssessment ea = s.kinds().essay().assessment(a.id(), a.version(), a.definition());
                        ObjectNode body = Json.object().put("assessmentId", id.toString()).put("version", a.version());
                        if (set.isEmpty()) {
                            body.put("count", 0);
                            body.putObject("scores");
                            if (ea.hasRubric()) {
                                body.putObject("criteria");
                            }
                            return Reply.ok(body);
                        }
                        return Reply.ok(exemplarView(body, set.get(), ea, ExemplarCodec.readStored(
                                set.get().exemplars().getBytes(StandardCharsets.UTF_8))));
                    }));
        }));
        Handler<RoutingContext> train = Reply.handler(ctx -> train(ctx, s));
        router.post("/v1/assessments/:id/model/train").handler(train);
        // The Google-style custom method ("model:train"). Vert.x reads ':' in a path as a parameter and has no escape,
        // so this alias is a regex route; the API description documents it on the /model/train operation.
        AllowedMethods.postWithRegex(router, "/v1/assessments/(?<id>[^/]+)/model:train").handler(train);
        router.get("/v1/assessments/:id/model").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            return essayAssessment(s, platform.platformId(), id)
                    .compose(a -> s.kinds().essay().currentModel(id, a.version()).map(m -> Reply.ok(modelView(
                            m.orElseThrow(() -> new ApiProblem(404, "not-found", "Not found", "assessment '" + id
                                    + "' has no trained model for version " + a.version() + "; train one with POST /v1/assessments/"
                                    + id + "/model/train", List.of(new Violation("model", "is not trained yet"))))))));
        }));
    }

    private static Future<Reply> upload(RoutingContext ctx, Services s) {
        var platform = Auth.platform(ctx);
        UUID id = Params.uuid(ctx, "id", "assessment");
        String contentType = ctx.request().getHeader("Content-Type");
        boolean csv = contentType != null && Bodies.mediaType(contentType).equals("text/csv");
        JsonNode json = null;
        byte[] csvBytes = null;
        List<Violation> errors = new ArrayList<>();
        if (csv) {
            Buffer body = ctx.body().buffer();
            if (body == null || body.length() == 0) {
                throw ApiProblem.invalid("body", "a CSV with a header row (text, score) is required");
            }
            csvBytes = body.getBytes();
        } else {
            if (contentType != null && (!contentType.toLowerCase(Locale.ROOT).contains("json") || Bodies.isForm(contentType))) {
                // This endpoint takes two types, and the generic refusal would name only one.
                throw Bodies.unsupportedMediaType(contentType, "application/json or text/csv");
            }
            ObjectNode body = Bodies.object(ctx);
            body.fieldNames().forEachRemaining(f -> {
                if (!f.equals("exemplars")) {
                    errors.add(new Violation(f, "is not a known field; known: exemplars"));
                }
            });
            json = body.get("exemplars");
            if (json == null || json.isNull()) {
                errors.add(new Violation("exemplars", "is required: an array of {text, score} objects"));
            } else if (!json.isArray()) {
                errors.add(new Violation("exemplars", "must be an array of {text, score} objects"));
            }
            if (json == null || !json.isArray()) {
                Params.check(errors);
            }
        }
        JsonNode exemplarsJson = json;
        byte[] csvBody = csvBytes;
        return essayAssessment(s, platform.platformId(), id).compose(a -> {
            EssayAssessment ea = s.kinds().essay().assessment(a.id(), a.version(), a.definition());
            List<Exemplar> exemplars;
            try {
                exemplars = csvBody != null ? ExemplarCodec.readCsv(csvBody, ea) : ExemplarCodec.readJson(exemplarsJson, ea);
            } catch (InvalidInputException e) {
                // Every problem in one answer: an unknown top-level field beside those of the exemplars themselves.
                errors.addAll(e.violations());
                throw new InvalidInputException(errors);
            }
            Params.check(errors);
            return s.kinds().essay().store()
                    .putExemplars(id, a.version(), new String(ExemplarCodec.writeJson(exemplars), StandardCharsets.UTF_8),
                            exemplars.size())
                    .map(set -> Reply.created(exemplarView(Json.object().put("assessmentId", id.toString())
                                    .put("version", a.version()), set, ea, exemplars), "/v1/assessments/" + id + "/exemplars"));
        });
    }

    private static Future<Reply> train(RoutingContext ctx, Services s) {
        var platform = Auth.platform(ctx);
        UUID id = Params.uuid(ctx, "id", "assessment");
        ObjectNode options = Bodies.optionalObject(ctx);
        if (options != null) {
            // Training has no options: a field sent here (a share, a model kind) would otherwise be silently ignored.
            List<Violation> errors = new ArrayList<>();
            options.fieldNames().forEachRemaining(f -> errors.add(new Violation(f, "is not a known field: training "
                    + "takes no options and uses the exemplars uploaded for the current version; set autoGradeShare "
                    + "in the assessment's definition")));
            Params.check(errors);
        }
        EssayGrading essay = s.kinds().essay();
        return essayAssessment(s, platform.platformId(), id).compose(a -> essay.store().exemplars(id, a.version()).compose(set -> {
            if (set.isEmpty()) {
                throw ApiProblem.unprocessable(List.of(new Violation("exemplars", "no exemplars uploaded for version "
                        + a.version() + "; POST them to /v1/assessments/" + id + "/exemplars first")));
            }
            return essay.train(s.vertx(), essay.assessment(a.id(), a.version(), a.definition()), set.get())
                    .recover(e -> Future.failedFuture(e instanceof InvalidInputException invalid
                            ? ApiProblem.unprocessable(invalid.violations()) : e));
        }).map(m -> Reply.created(modelView(m), "/v1/assessments/" + id + "/model")));
    }

    /** The assessment, which must exist for this platform and be an essay. */
    private static Future<AssessmentRow> essayAssessment(Services s, UUID platformId, UUID id) {
        return s.assessments().get(platformId, id).map(found -> {
            AssessmentRow a = found.orElseThrow(() -> ApiProblem.notFound("assessment", id.toString()));
            if (!EssayGrading.GRADER.equals(a.kind())) {
                throw ApiProblem.conflict("kind", "assessment '" + id + "' is " + ApiProblem.kindPhrase(a.kind())
                        + "; exemplars and models belong to essay assessments");
            }
            return a;
        });
    }

    /**
     * The set's size and how its scores are spread: {@code scores}, score to count (for a rubric, of the totals);
     * for a rubric also {@code criteria}, per criterion id its scores' counts, which show a criterion staff never
     * scored high or low.
     */
    private static ObjectNode exemplarView(ObjectNode body, EssayStore.ExemplarSet set, EssayAssessment a,
                                           List<Exemplar> exemplars) {
        body.put("count", set.count()).put("uploadedAt", set.uploadedAt().toString());
        Map<Double, Integer> totals = new TreeMap<>();
        Map<String, Map<Double, Integer>> byCriterion = new LinkedHashMap<>();
        a.criteria().forEach(c -> byCriterion.put(c.id(), new TreeMap<>()));
        for (Exemplar e : exemplars) {
            double total = a.hasRubric() ? e.criterionScores().values().stream().mapToDouble(Double::doubleValue).sum()
                    : e.score();
            totals.merge(total, 1, Integer::sum);
            e.criterionScores().forEach((id, score) -> byCriterion.computeIfAbsent(id, k -> new TreeMap<>())
                    .merge(score, 1, Integer::sum));
        }
        counts(body.putObject("scores"), totals);
        if (a.hasRubric()) {
            ObjectNode criteria = body.putObject("criteria");
            byCriterion.forEach((id, counts) -> counts(criteria.putObject(id), counts));
        }
        return body;
    }

    /** Score to count, in score order (numerically: 2 before 10), scores written as staff gave them (3, not 3.0). */
    private static void counts(ObjectNode node, Map<Double, Integer> counts) {
        counts.forEach((score, n) -> node.put(score == Math.rint(score) ? Long.toString(score.longValue())
                : Double.toString(score), n));
    }

    static ObjectNode modelView(EssayStore.ModelRow m) {
        ObjectNode node = Json.object().put("modelId", m.id()).put("assessmentId", m.assessmentId().toString())
                .put("version", m.version()).put("exemplars", m.exemplars()).put("createdAt", m.createdAt().toString());
        JsonNode report = Json.parse(m.report());
        node.set("report", report);
        // Read from the stored report, so models trained before this rule say it too.
        double[] qwks = new double[report.path("targets").size()];
        for (int i = 0; i < qwks.length; i++) {
            qwks[i] = report.path("targets").get(i).path("qwk").asDouble(0);
        }
        boolean autoGrades = dev.assay.graders.essay.TrainingReport.autoGrades(qwks);
        node.put("autoGrades", autoGrades);
        if (!autoGrades) {
            node.put("warning", "the held-out QWK is below " + dev.assay.graders.essay.TrainingReport.MIN_AUTO_GRADE_QWK
                    + ": this model scores no essay by itself and routes every essay to review. Check that the "
                    + "exemplars' scores follow their texts, or add more exemplars, and train again");
        }
        return node;
    }
}
