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
                    .compose(current -> scale(s, platform.platformId(), current).compose(scale -> {
                        checkScore(scale, score, maxScore);
                        return s.submissions().override(platform.platformId(), id, score, scale.max(), reason, by);
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

    /** The scores an override of a submission may give. */
    private record Scale(double min, double max) {
    }

    /**
     * The submission's scale, read from the version it was submitted to: from 0, or from an essay's minScore (an
     * essay on 2 to 12 has no score 1); up to its grader's maximum once graded, otherwise the version's (an override
     * before the worker has graded it is still out of the assessment's points).
     */
    private static Future<Scale> scale(Services s, UUID platformId, SubmissionRow current) {
        var kind = s.kinds().of(current.kind());
        return s.assessments().version(platformId, current.assessmentId(), current.submittedVersion()).map(v -> {
            String definition = v.orElseThrow(() -> ApiProblem.notFound("assessment", current.assessmentId().toString()))
                    .definition();
            double min = kind.minScore(current.assessmentId(), current.submittedVersion(), definition);
            double max = current.maxScore() != null ? current.maxScore()
                    : kind.maxScore(current.assessmentId(), current.submittedVersion(), definition);
            return new Scale(min, max);
        });
    }

    private static void checkScore(Scale scale, double score, Double maxScore) {
        if (maxScore != null && maxScore.doubleValue() != scale.max()) {
            throw ApiProblem.invalid("maxScore", "is fixed by the assessment at " + number(scale.max()) + "; leave it out");
        }
        if (score < scale.min() || score > scale.max()) {
            throw ApiProblem.invalid("score", "must be from " + number(scale.min()) + " to " + number(scale.max()));
        }
    }

    /** 12 rather than 12.0: the scale as staff wrote it. */
    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Tells the learner's live stream, and replies with the submission. */
    private static Reply published(Services s, UUID platformId, SubmissionRow row) {
        s.events().publish(platformId, row);
        return Reply.ok(SubmissionRoutes.view(s, row));
    }
}
