package dev.assay.engine.api;

import dev.assay.engine.node.Services;
import dev.assay.engine.store.SubmissionStore.SubmissionRow;
import dev.assay.graders.Violation;
import io.vertx.ext.web.Router;

import java.util.UUID;

/**
 * Staff overrides of a submission's score: the way staff grade an essay the grader routed to them, or correct any
 * automated grade. The override counts in the course grade (recomputed, with outcome events, in the same
 * transaction) until it is removed; the graders' own results, regrades included, are kept beneath it.
 */
final class OverrideRoutes {
    private static final int MAX_REASON = 2_000;

    private OverrideRoutes() {
    }

    static void mount(Router router, Services s) {
        router.put("/v1/submissions/:id/override").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "submission");
            Fields body = Fields.of(ctx, "score", "maxScore", "reason", "by");
            Double score = body.number("score", true);
            Double maxScore = body.number("maxScore", false);
            String reason = body.text("reason", true);
            Params.maxLength(reason, "reason", MAX_REASON, body.errors());
            String by = body.text("by", false);
            Params.maxLength(by, "by", Params.MAX_ID, body.errors());
            body.check();
            return s.submissions().byId(platform.platformId(), id)
                    .map(found -> found.orElseThrow(() -> ApiProblem.notFound("submission", id.toString())))
                    .compose(current -> {
                        double max = checkScore(current, score, maxScore);
                        return s.submissions().override(platform.platformId(), id, score,
                                current.maxScore() == null ? max : null, reason, by);
                    })
                    .map(row -> published(s, platform.platformId(), row.orElseThrow(() -> ApiProblem.notFound("submission", id.toString()))));
        }));
        router.delete("/v1/submissions/:id/override").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "submission");
            return s.submissions().clearOverride(platform.platformId(), id)
                    .map(row -> published(s, platform.platformId(), row.orElseThrow(() -> ApiProblem.notFound("submission", id.toString()))));
        }));
    }

    /** The maximum the score is out of, after checking the score fits it. */
    private static double checkScore(SubmissionRow current, double score, Double maxScore) {
        if (current.maxScore() != null && maxScore != null && maxScore.doubleValue() != current.maxScore()) {
            throw ApiProblem.invalid("maxScore", "is fixed by the assessment at " + current.maxScore() + "; leave it out");
        }
        Double max = current.maxScore() != null ? current.maxScore() : maxScore;
        if (max == null) {
            throw ApiProblem.invalid("maxScore", "is required: this submission has not been graded, so its maximum is unknown");
        }
        if (!(max > 0)) {
            throw ApiProblem.invalid("maxScore", "must be greater than 0");
        }
        if (score < 0 || score > max) {
            throw ApiProblem.invalid(java.util.List.of(new Violation("score", "must be from 0 to " + max)));
        }
        return max;
    }

    /** Tells the learner's live stream, and replies with the submission. */
    private static Reply published(Services s, UUID platformId, SubmissionRow row) {
        s.events().publish(platformId, row.learnerId(), SubmissionRoutes.event(row));
        return Reply.ok(SubmissionRoutes.view(s, row));
    }
}
