package dev.assay.engine.api;

import dev.assay.engine.node.Services;
import dev.assay.engine.store.SubmissionStore.SubmissionRow;
import dev.assay.graders.Violation;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.List;
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
                    .compose(current -> counts(s, platform.platformId(), current).map(current))
                    .compose(current -> markedOutOf(s, platform.platformId(), current).compose(max -> {
                        checkScore(max, score, maxScore);
                        return s.submissions().override(platform.platformId(), id, score, max, reason, by);
                    }))
                    .map(row -> published(s, platform.platformId(), row.orElseThrow(() -> ApiProblem.notFound("submission", id.toString()))));
        }));
        router.delete("/v1/submissions/:id/override").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "submission");
            return s.submissions().byId(platform.platformId(), id)
                    .map(found -> found.orElseThrow(() -> ApiProblem.notFound("submission", id.toString())))
                    .compose(current -> {
                        // As removing a peer-grade override that is not there: a 404 tells staff the score they
                        // meant to take back is not the one they named.
                        if (current.override() == null) {
                            throw new ApiProblem(404, "not-found", "Not found", "submission '" + id + "' has no "
                                    + "override", List.of(new Violation("submissionId", "has no override")));
                        }
                        return s.submissions().clearOverride(platform.platformId(), id);
                    })
                    .map(row -> published(s, platform.platformId(), row.orElseThrow(() -> ApiProblem.notFound("submission", id.toString()))));
        }));
    }

    /**
     * Refuses to override a submission that cannot count (it was late and late work does not count; or the course
     * counts the latest graded work and the learner submitted again since, unless it is still the one that counts
     * while the later one is graded): the override would be stored and change nothing, which staff would not see.
     * With {@code attempts: highest} any submission in time may count.
     */
    private static Future<Void> counts(Services s, UUID platformId, SubmissionRow current) {
        return s.submissions().counting(platformId, current.assessmentId(), current.learnerId()).map(counting -> {
            if (current.lateIgnored() || !counting.anyInTime()) {
                throw ApiProblem.conflict("submission", "this submission does not count toward the learner's grade: "
                        + "it was submitted late and this assessment does not count late work");
            }
            if (!counting.mayCount().isEmpty() && !counting.mayCount().contains(current.id())) {
                throw ApiProblem.conflict("submission", "this submission does not count toward the learner's grade: "
                        + "the course counts the learner's latest graded work (its policy's attempts is 'latest') and "
                        + "a later one exists; override " + counting.mayCount().stream().map(id -> "'" + id + "'")
                        .sorted().collect(java.util.stream.Collectors.joining(" or ")));
            }
            return null;
        });
    }

    /**
     * What the submission is marked out of: its grader's maximum once graded, otherwise the maximum of the version
     * it was submitted to (an override before the worker has graded it is still out of the assessment's points).
     */
    private static Future<Double> markedOutOf(Services s, UUID platformId, SubmissionRow current) {
        if (current.maxScore() != null) {
            return Future.succeededFuture(current.maxScore());
        }
        return s.assessments().version(platformId, current.assessmentId(), current.submittedVersion())
                .map(v -> s.kinds().of(current.kind()).maxScore(current.assessmentId(), current.submittedVersion(),
                        v.orElseThrow(() -> ApiProblem.notFound("assessment", current.assessmentId().toString())).definition()));
    }

    private static void checkScore(double max, double score, Double maxScore) {
        if (maxScore != null && maxScore.doubleValue() != max) {
            throw ApiProblem.invalid("maxScore", "is fixed by the assessment at " + max + "; leave it out");
        }
        if (score < 0 || score > max) {
            throw ApiProblem.invalid(java.util.List.of(new Violation("score", "must be from 0 to " + max)));
        }
    }

    /** Tells the learner's live stream, and replies with the submission. */
    private static Reply published(Services s, UUID platformId, SubmissionRow row) {
        s.events().publish(platformId, row);
        return Reply.ok(SubmissionRoutes.view(s, row));
    }
}
