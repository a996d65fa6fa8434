package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.peer.CriterionGrades;
import dev.assay.engine.peer.PeerConfig;
import dev.assay.engine.peer.PeerPublisher;
import dev.assay.engine.peer.PeerConfigCodec;
import dev.assay.engine.peer.PeerGrades;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.PeerConfigStore;
import dev.assay.engine.store.PeerReviewStore.ConfigRow;
import dev.assay.engine.store.ReviewSupply;
import dev.assay.engine.store.SubmissionStore;
import dev.assay.graders.Violation;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Staff side of peer review: an assessment's peer-review configuration, its peer grades with intervals, reviewers'
 * bias and reliability, and staff overrides. Platform key only.
 */
final class PeerRoutes {
    private PeerRoutes() {
    }

    /** A stored configuration, parsed. */
    record Configured(ConfigRow row, PeerConfig config) {
    }

    static void mount(Router router, Services s) {
        router.put("/v1/assessments/:id/peer-review").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            PeerConfig config = PeerConfigCodec.read(Bodies.object(ctx)); // 400 naming every bad field
            String apply = Params.query(ctx, "applyToGradedWork");
            if (apply != null && !apply.equals("true") && !apply.equals("false")) {
                throw ApiProblem.invalid("applyToGradedWork", "must be true or false");
            }
            // Peer review decides what counts: work graded already would wait for peers again, and a pass
            // certification has would be revoked meanwhile. Staff say so explicitly (checked with the stored
            // configuration locked, so a removal racing this request cannot let it attach unasked).
            return store(s, platform.platformId(), id, config, null, "true".equals(apply)
                    ? PeerConfigStore.Attach.ALWAYS : PeerConfigStore.Attach.UNLESS_GRADED_WORK_COUNTS);
        }));
        // A merge patch (RFC 7396) of the stored configuration: staff change a deadline without restating the rubric
        // and the teams, which a PUT replaces (a team left out of a PUT is gone).
        router.patch("/v1/assessments/:id/peer-review").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            ObjectNode patch = Bodies.object(ctx);
            return patch(s, platform.platformId(), id, patch, PATCH_TRIES);
        }));
        router.delete("/v1/assessments/:id/peer-review").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            Fields.optional(ctx).check();
            return s.peer().configStore().deleteConfig(platform.platformId(), id).compose(removal -> switch (removal) {
                case PeerConfigStore.Removal.Removed r -> s.peer().configs().reload(platform.platformId(), id)
                        .map(gone -> Reply.noContent());
                case PeerConfigStore.Removal.NotConfigured n -> notConfigured(s, platform.platformId(), id);
                // Learners' reviews and calibration work, and staff's overrides, would be thrown away with it.
                case PeerConfigStore.Removal.WorkExists w -> Future.failedFuture(ApiProblem.conflict("assessmentId",
                        "peer review of assessment '" + id + "' has work that removing it would lose: " + w.reviews()
                        + " completed review(s), " + w.attempts() + " calibration attempt(s) and " + w.overrides()
                        + " peer-grade override(s). Close it instead (PATCH reviewDeadline), or grade with overrides"));
                case PeerConfigStore.Removal.ReviewsRequired r -> Future.failedFuture(ApiProblem.conflict("assessmentId",
                        "the course's grading policy requires " + r.required() + " peer reviews given, and without "
                        + "this assessment learners could give only " + r.left() + "; lower minPeerReviewsGiven "
                        + "first (PUT /v1/courses/{courseId}/grading-policy)"));
            });
        }));
        router.get("/v1/assessments/:id/peer-review").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            return require(s, platform.platformId(), id).map(c -> Reply.ok(configView(c.row())));
        }));
        router.get("/v1/assessments/:id/peer-grades").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            String status = Params.query(ctx, "status");
            if (status != null && List.of("final", "pending", "staff", "overridden", "uncertain").stream().noneMatch(status::equals)) {
                throw ApiProblem.invalid("status", "must be one of final, pending, staff, overridden, uncertain");
            }
            return require(s, platform.platformId(), id).compose(c -> grades(s, id, c.config()))
                    .compose(result -> s.submissions().overrides(id).map(overrides -> {
                        ObjectNode body = Json.object().put("assessmentId", id.toString()).put("model", result.model());
                        ArrayNode items = body.putArray("items");
                        result.grades().stream()
                                .map(g -> withSubmissionOverride(gradeView(result, g), overrides.get(g.submissionId()), true))
                                .filter(v -> status == null || (status.equals("uncertain")
                                        ? v.path("uncertainPassFail").asBoolean() : v.path("status").asText().equals(status)))
                                .forEach(items::add);
                        return Reply.ok(body);
                    }));
        }));
        router.get("/v1/assessments/:id/peer-reviewers").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            return require(s, platform.platformId(), id).compose(c -> grades(s, id, c.config()))
                    .compose(result -> s.peer().store().reviews(id, null).map(reviews -> {
                        var ratings = PeerModerationRoutes.ratingsByReviewer(reviews);
                        ObjectNode body = Json.object().put("assessmentId", id.toString()).put("model", result.model());
                        ArrayNode items = body.putArray("items");
                        result.reviewers().forEach(r -> {
                            ObjectNode n = items.addObject().put("reviewerId", r.reviewerId()).put("bias", r.bias())
                                    .put("reliability", r.reliability()).put("lazyProbability", r.lazyProbability())
                                    .put("reviews", r.reviews()).put("countsTowardK", r.countsTowardK())
                                    .put("calibrationAttempts", r.calibrationAttempts());
                            if (r.calibrationReliability() != null) {
                                n.put("calibrationReliability", r.calibrationReliability());
                            }
                            if (r.reviewing() != null) {
                                n.set("reviewing", reviewingView(r.reviewing()));
                            }
                            n.set("ratings", ratings.getOrDefault(r.reviewerId(), PeerModerationRoutes.ratings(List.of())));
                        });
                        return Reply.ok(body);
                    }));
        }));
        mountOverrideRemoval(router, s);
        router.put("/v1/submissions/:id/peer-grade").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "submission");
            Fields body = Fields.of(ctx, "score", "reason");
            JsonNode scoreNode = Bodies.object(ctx).get("score");
            Double score = scoreNode != null && scoreNode.isNumber() && Double.isFinite(scoreNode.doubleValue()) ? scoreNode.doubleValue() : null;
            if (score == null) {
                body.errors().add(new Violation("score", scoreNode == null || scoreNode.isNull() ? "is required" : "must be a number"));
            }
            String reason = body.text("reason", true);
            Params.maxLength(reason, "reason", 2000, body.errors());
            body.check();
            return s.submissions().byId(platform.platformId(), id)
                    .compose(sub -> {
                        var row = sub.orElseThrow(() -> ApiProblem.notFound("submission", id.toString()));
                        return require(s, platform.platformId(), row.assessmentId());
                    })
                    .compose(c -> {
                        var total = c.config().rubric().totalRange();
                        if (score < total.min() || score > total.max()) {
                            throw ApiProblem.invalid("score", "must be within the rubric's total, " + total.min() + " to " + total.max());
                        }
                        return grades(s, c.row().assessmentId(), c.config()).compose(result -> {
                            // Peers grade one submission per learner (the latest that counts); an override stored on
                            // another would be accepted and change nothing anyone sees.
                            if (result.grades().stream().noneMatch(g -> g.submissionId().equals(id.toString()))) {
                                throw ApiProblem.conflict("submission", "peers do not grade submission '" + id + "': they "
                                        + "grade each learner's latest submission that counts (see GET /v1/assessments/"
                                        + c.row().assessmentId() + "/peer-grades); override that one, or set the score of "
                                        + "this one with PUT /v1/submissions/" + id + "/override");
                            }
                            return s.peer().store().putOverride(id, score, reason).compose(stored -> stored.isPresent()
                                    ? Future.succeededFuture(stored.get())
                                    : notConfigured(s, platform.platformId(), c.row().assessmentId()));
                        });
                    })
                    .compose(o -> s.submissions().byId(platform.platformId(), id).map(sub -> Reply.ok(withSubmissionOverride(
                            Json.object().put("submissionId", id.toString()).put("score", o.score())
                                    .put("reason", o.reason()).put("status", "overridden")
                                    .put("createdAt", o.createdAt().toString()),
                            sub.map(SubmissionStore.SubmissionRow::override).orElse(null), true))));
        }));
    }

    /** How often a patch is applied again to a configuration that changed while it was applied. */
    private static final int PATCH_TRIES = 3;

    /** A patch applied to a configuration that changed meanwhile; it is applied again to the new one. */
    private static final class PatchRaced extends RuntimeException {
        PatchRaced() {
            super(null, null, false, false);
        }
    }

    private static Future<Reply> patch(Services s, UUID platformId, UUID id, ObjectNode patch, int triesLeft) {
        return require(s, platformId, id).compose(c -> {
            JsonNode merged = Json.mergePatch(Json.parse(c.row().config()), patch);
            return store(s, platformId, id, PeerConfigCodec.read(merged), c.row().config(), PeerConfigStore.Attach.NEVER);
        }).recover(e -> {
            if (!(e instanceof PatchRaced)) {
                return Future.failedFuture(e);
            }
            return triesLeft > 1 ? patch(s, platformId, id, patch, triesLeft - 1)
                    : Future.failedFuture(ApiProblem.configChanging("the peer-review configuration of assessment '" + id
                    + "' changed " + PATCH_TRIES + " times while this patch was applied; nothing was stored, send it again", 1));
        });
    }

    /**
     * Stores a configuration; with {@code patchedFrom} (the stored text a patch was applied to) only if that is still
     * the stored one, so a patch never undoes a change made meanwhile.
     */
    private static Future<Reply> store(Services s, UUID platformId, UUID id, PeerConfig config, String patchedFrom,
                                       PeerConfigStore.Attach attach) {
        // Reviews, calibration attempts and overrides store points on the rubric's scale; read against another
        // scale they would silently become other grades (a 2 of 10 is full marks of 2). Calibration attempts were
        // also judged against the examples' staff scores. Only changes that leave every stored point and
        // judgement meaning the same are allowed once such work exists.
        List<String> changes = new java.util.ArrayList<>();
        List<String> exampleIds = config.calibration().examples().stream().map(e -> e.example().id()).toList();
        return s.peer().configStore().putConfig(platformId, id, Json.write(PeerConfigCodec.write(config)), exampleIds, attach, stored -> {
                    if (patchedFrom != null && !patchedFrom.equals(stored)) {
                        throw new PatchRaced();
                    }
                    PeerConfig before = PeerConfigCodec.readStored(stored);
                    changes.addAll(dev.assay.engine.peer.ScoringChanges.rubric(before.rubric(), config.rubric()));
                    if (!changes.isEmpty()) {
                        return PeerConfigStore.ScoringImpact.RUBRIC;
                    }
                    changes.addAll(dev.assay.engine.peer.ScoringChanges.calibration(before.calibration(), config.calibration()));
                    return changes.isEmpty() ? PeerConfigStore.ScoringImpact.NONE : PeerConfigStore.ScoringImpact.CALIBRATION;
                })
                .recover(e -> e instanceof PeerConfigStore.NotConfigured ? notConfigured(s, platformId, id)
                        : Future.failedFuture(switch (e) {
                    case PeerConfigStore.ScoredWorkExists w -> scoredWorkExists(w, changes);
                    case ReviewSupply.Shortfall f -> ApiProblem.conflict("reviewsPerSubmission", "the course's grading "
                            + "policy requires " + f.required() + " peer reviews given, and with this configuration its "
                            + "assessments take only " + f.capacity() + " (reviewsPerSubmission + extraReviews, summed); "
                            + "lower minPeerReviewsGiven first (PUT /v1/courses/{courseId}/grading-policy)");
                    case PeerConfigStore.GradedWorkCounted g -> ApiProblem.conflict("applyToGradedWork", g.learners()
                            + " learner(s) have graded work for this assessment that their course grade counts; with "
                            + "peer review it waits for peers' grades again (outcomes decided on it turn pending, and "
                            + "certification is told). Send the request again with ?applyToGradedWork=true to do that, "
                            + "or use a new assessment for peer review");
                    case PeerConfigStore.ExampleIdsReused r -> ApiProblem.conflict("calibration", "calibration "
                            + "example id(s) " + r.ids() + " were removed after calibration attempts were judged "
                            + "against them; a new example needs a new id, so those attempts keep their meaning");
                    default -> e;
                }))
                .map(row -> Reply.ok(configView(row.orElseThrow(() -> ApiProblem.notFound("assessment", id.toString())))));
    }

    private static void mountOverrideRemoval(Router router, Services s) {
        router.delete("/v1/submissions/:id/peer-grade").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "submission");
            Fields.optional(ctx).check();
            return s.submissions().byId(platform.platformId(), id)
                    .compose(sub -> {
                        var row = sub.orElseThrow(() -> ApiProblem.notFound("submission", id.toString()));
                        return require(s, platform.platformId(), row.assessmentId()).compose(c ->
                                s.peer().store().deleteOverride(id, s.courseGrades(), tx -> PeerPublisher.publishNow(
                                        s.vertx(), tx, s.peer().store(), s.courseGrades(), row.assessmentId(), c.config())));
                    })
                    .compose(removed -> {
                        if (!removed) {
                            throw new ApiProblem(404, "not-found", "Not found", "submission '" + id + "' has no "
                                    + "peer-grade override", List.of(new Violation("submissionId", "has no peer-grade override")));
                        }
                        // The score that counts changed back (to the peers' grade, or to none yet): the learner's
                        // stream last heard the override's.
                        return s.submissions().byId(platform.platformId(), id).map(row -> {
                            row.ifPresent(r -> s.events().publish(platform.platformId(), r));
                            return Reply.noContent();
                        });
                    });
        }));
    }

    /**
     * 409 naming {@code rubric} (or {@code calibration} when only examples' staff scores changed): the new
     * configuration scores differently and work scored on the current one exists.
     */
    private static ApiProblem scoredWorkExists(PeerConfigStore.ScoredWorkExists w, List<String> changes) {
        boolean rubric = w.impact() == PeerConfigStore.ScoringImpact.RUBRIC;
        String why = "cannot change how " + (rubric ? "the rubric scores" : "calibration attempts are judged") + " ("
                + String.join("; ", changes) + ") once work is scored on it: " + w.reviews() + " completed review(s), "
                + w.attempts() + " calibration attempt(s) and " + w.overrides() + " override(s) "
                + (rubric ? "hold points on the current levels. Keep criterion ids and level points as they are "
                + "(prompts, descriptions, comment fields, deadlines, k, model and passMark may change), or use a new "
                + "assessment for a new scale"
                : "were judged against the current staff scores. Add a corrected example under a new id (and remove "
                + "this one) instead");
        return ApiProblem.conflict(rubric ? "rubric" : "calibration", why);
    }

    /** The assessment's peer-review configuration, or 404 when the assessment or its configuration is missing. */
    static Future<Configured> require(Services s, UUID platformId, UUID assessmentId) {
        return s.peer().store().config(platformId, assessmentId).compose(row -> row.isPresent()
                ? Future.succeededFuture(new Configured(row.get(), PeerConfigCodec.readStored(row.get().config())))
                : notConfigured(s, platformId, assessmentId));
    }

    /** The 404 for an assessment without a peer-review configuration: unknown, or not peer reviewed. */
    static <T> Future<T> notConfigured(Services s, UUID platformId, UUID assessmentId) {
        return s.assessments().get(platformId, assessmentId).map(a -> {
            throw a.isEmpty() ? ApiProblem.notFound("assessment", assessmentId.toString())
                    : new ApiProblem(404, "not-found", "Not found", "assessment '" + assessmentId
                    + "' is not peer reviewed; staff attach a configuration with PUT /v1/assessments/" + assessmentId
                    + "/peer-review", List.of(new Violation("assessmentId", "is not peer reviewed")));
        });
    }

    /** The assessment's peer grades, computed again only when something they depend on changed. */
    static Future<PeerGrades.Result> grades(Services s, UUID assessmentId, PeerConfig config) {
        return s.peer().grades().grades(assessmentId, config);
    }

    /** A learner's reviewing score: completion of the reviews owed, weighted by accuracy against final grades. */
    static ObjectNode reviewingView(dev.assay.peerreview.scoring.ReviewingScore r) {
        ObjectNode n = Json.object().put("completed", r.completed()).put("required", r.required())
                .put("judged", r.judged());
        // Nothing judged yet: the accuracy is unknown (null), and the score gives no credit for it.
        // To a thousandth, as grades are kept: 78.45333333333333 says no more than 78.453.
        if (Double.isNaN(r.accuracy())) {
            n.putNull("accuracy");
        } else {
            n.put("accuracy", PeerGrades.rounded(r.accuracy()));
        }
        n.put("score", PeerGrades.rounded(r.score()));
        if (!Double.isNaN(r.meanAbsoluteError())) {
            n.put("meanAbsoluteError", PeerGrades.rounded(r.meanAbsoluteError()));
        }
        return n;
    }

    /** A grade with its per-criterion estimates from {@code result} (none for a submission without reviews). */
    static ObjectNode gradeView(PeerGrades.Result result, PeerGrades.Grade g) {
        ObjectNode n = gradeView(g);
        var criteria = result.criteria().get(g.submissionId());
        if (criteria != null && g.override() == null) {
            putCriteria(n, criteria);
        }
        return n;
    }

    /** The grade per rubric criterion, each with its 90 % interval. */
    static void putCriteria(ObjectNode view, Map<String, CriterionGrades.Estimate> criteria) {
        ObjectNode c = view.putObject("criteria");
        criteria.forEach((id, e) -> c.putObject(id).put("score", e.score()).putObject("interval")
                .put("level", 0.9).put("low", e.ciLow()).put("high", e.ciHigh()));
    }

    /**
     * Adds the submission's own staff override (PUT /v1/submissions/{id}/override), which counts in the course grade
     * instead of the peer grade: without it, a view showed the peer grade while the course grade counted another
     * score. Staff have decided it, so it is {@code overridden} and no longer waits in the staff queue or as
     * uncertain. Learners do not see who set it.
     */
    static ObjectNode withSubmissionOverride(ObjectNode view, String storedOverride, boolean staff) {
        if (storedOverride != null && Json.parse(storedOverride) instanceof ObjectNode o) {
            if (!staff) {
                o.remove("by");
            }
            o.put("countsInsteadOfPeerGrade", true);
            view.set("submissionOverride", o);
            view.put("status", "overridden").put("uncertainPassFail", false);
        }
        return view;
    }

    static ObjectNode gradeView(PeerGrades.Grade g) {
        ObjectNode n = Json.object().put("submissionId", g.submissionId()).put("learnerId", g.learnerId());
        if (g.score() != null) {
            n.put("score", g.score());
        } else {
            n.putNull("score");
        }
        if (g.ciLow() != null) {
            n.putObject("interval").put("level", 0.9).put("low", g.ciLow()).put("high", g.ciHigh());
        }
        n.put("reviews", g.reviews()).put("countedReviews", g.counted())
                .put("status", g.status().name().toLowerCase(Locale.ROOT)).put("uncertainPassFail", g.uncertain())
                .put("late", g.late());
        if (g.override() != null) {
            n.putObject("override").put("score", g.override().score()).put("reason", g.override().reason())
                    .put("createdAt", g.override().createdAt().toString());
        }
        return n;
    }

    private static JsonNode configView(ConfigRow row) {
        ObjectNode view = Json.object().put("assessmentId", row.assessmentId().toString()).put("version", row.version())
                .put("updatedAt", row.updatedAt().toString());
        view.set("config", Json.parse(row.config()));
        return view;
    }
}
