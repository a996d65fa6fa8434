package dev.assay.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.programs.Program;
import dev.assay.engine.programs.ProgramCodec;
import dev.assay.engine.programs.ProgramEvent;
import dev.assay.engine.programs.ProgramStanding;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.OutcomeStore.Filter;
import dev.assay.engine.store.ProgramStore.ProgramOutcomeRow;
import dev.assay.engine.store.ProgramStore.ProgramRow;
import dev.assay.graders.InvalidInputException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.Locale;
import java.util.UUID;

/**
 * Programs, credentials that span courses (specializations, micro-credentials): staff define which courses count
 * and how many must be passed; each learner's program outcome follows their course outcomes and reaches
 * certification like a course outcome does (webhooks, and these pull listings).
 */
final class ProgramRoutes {
    private ProgramRoutes() {
    }

    static void mount(Router router, Services s) {
        router.put("/v1/programs/:programId").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String programId = Params.pathId(ctx, "programId");
            Program program = ProgramCodec.read(Bodies.object(ctx), programId); // 400 naming every bad field
            return s.programs().existingCourses(platformId, program.courses())
                    .compose(existing -> {
                        var unknown = ProgramCodec.unknownCourses(program, existing);
                        return unknown.isEmpty() ? s.programs().put(platformId, program)
                                : Future.failedFuture(new InvalidInputException(unknown));
                    })
                    .map(row -> Reply.ok(view(row)));
        }));
        router.get("/v1/programs/:programId").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String programId = Params.existingId(ctx, "programId", "program");
            return require(s, platformId, programId).map(row -> Reply.ok(view(row)));
        }));
        router.get("/v1/programs").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            int limit = Params.limit(ctx);
            String after = Params.queryId(ctx, "after");
            return s.programs().list(platformId, after, limit).map(rows -> Reply.page(rows, limit,
                    ProgramRoutes::view, last -> "/v1/programs?limit=" + limit + "&after=" + Params.segment(last.program().id())));
        }));
        router.get("/v1/programs/:programId/outcomes").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String programId = Params.existingId(ctx, "programId", "program");
            Filter filter = OutcomeRoutes.filter(ctx);
            String after = Params.queryId(ctx, "after");
            int limit = Params.limit(ctx);
            return require(s, platformId, programId)
                    .compose(p -> s.programs().outcomes(platformId, programId, filter, after, limit))
                    .map(rows -> Reply.page(rows, limit, ProgramRoutes::view, last -> "/v1/programs/"
                            + Params.segment(programId) + "/outcomes?limit=" + limit + "&after="
                            + Params.segment(last.learnerId()) + OutcomeRoutes.query(filter)));
        }));
        router.get("/v1/programs/:programId/learners/:learnerId/outcome").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.principal(ctx).platformId();
            String learnerId = Params.pathId(ctx, "learnerId");
            Auth.requireLearnerOrPlatform(ctx, learnerId);
            String programId = Params.existingId(ctx, "programId", "program");
            return require(s, platformId, programId).compose(row -> s.programs()
                    .courseOutcomes(platformId, row.program(), learnerId)
                    .compose(courses -> s.programs().outcome(platformId, programId, learnerId).map(stored -> {
                        // Derived now from the stored course outcomes; outcomeVersion is what certification was told.
                        ProgramStanding standing = ProgramStanding.of(row.program(), courses);
                        ObjectNode body = Json.object().put("programId", programId).put("learnerId", learnerId)
                                .put("outcome", standing.outcome().name().toLowerCase(Locale.ROOT))
                                .put("passedCourses", standing.passedCourses())
                                .put("minPassed", row.program().minPassed())
                                .put("definitionVersion", row.version())
                                .put("outcomeVersion", stored.map(ProgramOutcomeRow::version).orElse(0L));
                        body.set("courses", ProgramEvent.courses(standing));
                        return Reply.ok(body);
                    })));
        }));
        router.get("/v1/programs/:programId/outcome-events").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String programId = Params.existingId(ctx, "programId", "program");
            Filter filter = OutcomeRoutes.filter(ctx);
            String learnerId = Params.queryId(ctx, "learnerId");
            long after = Params.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
            int limit = Params.limit(ctx);
            return require(s, platformId, programId)
                    .compose(p -> s.outcomes().programEvents(platformId, programId, learnerId, filter, after, limit))
                    .map(rows -> OutcomeRoutes.eventPage(rows, limit, "/v1/programs/" + Params.segment(programId)
                            + "/outcome-events", filter, learnerId));
        }));
    }

    private static Future<ProgramRow> require(Services s, UUID platformId, String programId) {
        return s.programs().get(platformId, programId).map(p -> p.orElseThrow(() ->
                ApiProblem.notFound("program", programId)));
    }

    private static ObjectNode view(ProgramRow row) {
        ObjectNode node = Json.object().put("id", row.program().id());
        node.setAll(ProgramCodec.toJson(row.program()));
        return node.put("version", row.version()).put("createdAt", row.createdAt().toInstant().toString())
                .put("updatedAt", row.updatedAt().toInstant().toString());
    }

    private static ObjectNode view(ProgramOutcomeRow o) {
        ObjectNode node = Json.object().put("learnerId", o.learnerId()).put("outcome", o.outcome())
                .put("version", o.version()).put("definitionVersion", o.definitionVersion())
                .put("passedCourses", o.passedCourses())
                .put("outcomeAt", o.outcomeAt() == null ? null : o.outcomeAt().toInstant().toString())
                .put("updatedAt", o.updatedAt().toInstant().toString());
        node.set("courses", Json.parse(o.courses()));
        return node;
    }
}
