package dev.assay.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.RegradeStore.RegradeRow;
import io.vertx.ext.web.Router;

import java.util.UUID;

/** Regrading every stored response of an assessment against a newer version, on the worker pool. */
final class RegradeRoutes {
    private RegradeRoutes() {
    }

    static void mount(Router router, Services s) {
        router.post("/v1/assessments/:id/regrade").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            Fields body = Fields.optional(ctx, "version");
            Integer requested = body.integer("version", 1, Integer.MAX_VALUE);
            body.check();
            return s.assessments().get(platform.platformId(), id).compose(found -> {
                var a = found.orElseThrow(() -> ApiProblem.notFound("assessment", id.toString()));
                if ("upload".equals(a.kind())) {
                    throw ApiProblem.conflict("kind", "upload assessments are graded by people, not regraded: change a grade "
                            + "with a staff override (PUT /v1/submissions/{id}/peer-grade)");
                }
                if ("essay".equals(a.kind())) {
                    throw ApiProblem.conflict("kind", "essay assessments are not regraded: train a new model "
                            + "(POST /v1/assessments/" + id + "/model/train) for the essays submitted after it");
                }
                int version = requested == null ? a.version() : requested;
                if (version < 1 || version > a.version()) {
                    throw ApiProblem.invalid("version", "must be an existing version, 1 to " + a.version());
                }
                if (version < a.version()) {
                    // Results only move forward: every submission is already at least at the current version's
                    // predecessor, so an older target would find nothing (and "completed" would read as done).
                    throw ApiProblem.invalid("version", "regrades move submissions to the current version, "
                            + a.version() + "; to grade against an earlier definition again, post it as a new version");
                }
                return s.regrading().start(platform.platformId(), id, version);
            }).compose(created -> s.regrades().get(platform.platformId(), created.regradeId())).map(r -> {
                RegradeRow row = r.orElseThrow();
                return new Reply(202, view(row), java.util.Map.of("Location", "/v1/regrades/" + row.id()));
            });
        }));
        router.get("/v1/regrades/:id").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "regrade");
            int limit = Params.limit(ctx);
            int offset = Params.offset(ctx);
            return s.regrades().get(platform.platformId(), id).compose(found -> {
                RegradeRow row = found.orElseThrow(() -> ApiProblem.notFound("regrade", id.toString()));
                return s.regrades().items(id, limit, offset).map(items -> {
                    ObjectNode node = view(row);
                    var array = node.putArray("items");
                    items.forEach(i -> {
                        ObjectNode item = array.addObject().put("submissionId", i.submissionId().toString())
                                .put("learnerId", i.learnerId()).put("done", i.done());
                        putScore(item, "oldScore", i.oldScore());
                        putScore(item, "newScore", i.newScore());
                    });
                    if (items.size() == limit) {
                        node.put("next", "/v1/regrades/" + id + "?limit=" + limit + "&offset=" + (offset + limit));
                    }
                    return Reply.ok(node);
                });
            });
        }));
    }

    private static void putScore(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    static ObjectNode view(RegradeRow r) {
        ObjectNode node = Json.object()
                .put("id", r.id().toString())
                .put("assessmentId", r.assessmentId().toString())
                .put("toVersion", r.toVersion())
                .put("status", r.done() == r.total() ? "completed" : "running")
                .put("total", r.total())
                .put("done", r.done())
                .put("changed", r.changed())
                .put("createdAt", r.createdAt().toString());
        if (r.finishedAt() != null) {
            node.put("finishedAt", r.finishedAt().toString());
        }
        return node;
    }

}
