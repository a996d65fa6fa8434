package dev.assay.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.OutcomeStore.Filter;
import dev.assay.engine.store.OutcomeStore.OutcomeRow;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.UUID;

/**
 * Pull access to course outcomes, for certification services that poll instead of (or besides) taking webhooks:
 * the current outcome of every learner, and the log of outcome events in commit order (the same bodies the
 * webhooks carry). Both are paged with a cursor, filtered by status and by a time window.
 */
final class OutcomeRoutes {
    private static final Set<String> STATUSES = Set.of("pending", "passed", "failed");

    private OutcomeRoutes() {
    }

    static void mount(Router router, Services s) {
        router.get("/v1/courses/:courseId/outcomes").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String courseId = Params.existingId(ctx, "courseId", "course");
            Filter filter = filter(ctx);
            String after = Params.queryId(ctx, "after");
            int limit = Params.limit(ctx);
            return CourseRoutes.requireCourse(s, platformId, courseId)
                    .compose(v -> s.outcomes().outcomes(platformId, courseId, filter, after, limit))
                    .map(rows -> Reply.page(rows, limit, OutcomeRoutes::view, last -> "/v1/courses/"
                            + Params.segment(courseId) + "/outcomes?limit=" + limit + "&after="
                            + Params.segment(last.learnerId()) + query(filter)));
        }));
        router.get("/v1/courses/:courseId/outcome-events").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String courseId = Params.existingId(ctx, "courseId", "course");
            Filter filter = filter(ctx);
            String learnerId = Params.queryId(ctx, "learnerId");
            long after = Params.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
            int limit = Params.limit(ctx);
            return CourseRoutes.requireCourse(s, platformId, courseId)
                    .compose(v -> s.outcomes().events(platformId, courseId, learnerId, filter, after, limit))
                    .map(rows -> eventPage(rows, limit, "/v1/courses/" + Params.segment(courseId) + "/outcome-events",
                            filter, learnerId));
        }));
    }

    /** A page of an outcome event log (a course's or a program's at {@code path}): the bodies with their seq. */
    static Reply eventPage(java.util.List<dev.assay.engine.store.OutcomeStore.EventRow> rows, int limit, String path,
                           Filter filter, String learnerId) {
        return Reply.page(rows, limit, e -> ((ObjectNode) Json.parse(e.payload())).put("seq", e.seq()),
                last -> path + "?limit=" + limit + "&after=" + last.seq() + query(filter)
                        + (learnerId == null ? "" : "&learnerId=" + Params.segment(learnerId)));
    }

    static Filter filter(RoutingContext ctx) {
        String status = Params.query(ctx, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.invalid("status", "must be one of " + new java.util.TreeSet<>(STATUSES));
        }
        var since = Params.instantParam(ctx, "since");
        var until = Params.instantParam(ctx, "until");
        if (since != null && until != null && !since.isBefore(until)) {
            throw ApiProblem.invalid("until", "must be later than since");
        }
        return new Filter(status, since, until);
    }

    static String query(Filter f) {
        return (f.status() == null ? "" : "&status=" + f.status())
                + (f.since() == null ? "" : "&since=" + f.since())
                + (f.until() == null ? "" : "&until=" + f.until());
    }

    static ObjectNode view(OutcomeRow o) {
        ObjectNode node = Json.object().put("learnerId", o.learnerId()).put("outcome", o.outcome()).put("band", o.band())
                .put("version", o.version()).put("policyVersion", o.policyVersion())
                .put("outcomeAt", o.outcomeAt() == null ? null : o.outcomeAt().toInstant().toString())
                .put("updatedAt", o.updatedAt().toInstant().toString());
        var grade = Json.parse(o.grade());
        node.put("total", grade.path("total").asDouble()).put("complete", grade.path("complete").asBoolean());
        return node;
    }
}
