package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.node.Services;
import dev.assay.engine.peer.PeerConfig;
import dev.assay.engine.peer.PeerConfigCache;
import dev.assay.engine.peer.PeerConfigCodec;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.PeerLeaseStore;
import dev.assay.engine.store.PeerLeaseStore.Lease;
import dev.assay.engine.store.PeerReviewStore.AttemptOutcome;
import dev.assay.engine.store.PeerReviewStore.AttemptRow;
import dev.assay.graders.Violation;
import dev.assay.peerreview.assignment.AssignmentPolicy;
import dev.assay.peerreview.calibration.CalibrationAttempt;
import dev.assay.peerreview.calibration.CalibrationGate;
import dev.assay.peerreview.calibration.CalibrationScorer;
import dev.assay.peerreview.rubric.Problem;
import dev.assay.peerreview.rubric.RubricReview;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Learner side of peer review, with learner tokens: calibration, asking for a submission to review (a lease),
 * submitting the review, and the learner's own reviewing score. What the learner received from peers, and rating
 * it, is in {@link ReceivedReviewRoutes}.
 */
final class PeerLearnerRoutes {
    private PeerLearnerRoutes() {
    }

    static void mount(Router router, Services s) {
        router.get("/v1/assessments/:id/calibration").handler(Reply.handler(ctx -> {
            var learner = Auth.learner(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            return PeerRoutes.require(s, learner.platformId(), id).compose(c ->
                    s.peer().store().attempts(id, learner.learnerId()).map(rows -> Reply.ok(calibrationView(c.config(), rows))));
        }));
        router.post("/v1/assessments/:id/calibration").handler(Reply.handler(ctx -> {
            var learner = Auth.learner(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            Fields body = Fields.of(ctx, "exampleId", "scores");
            String exampleId = body.text("exampleId", true);
            Map<String, Double> scores = numbers(body.object("scores", true), "scores", body.errors());
            body.check();
            return calibrate(s, learner, id, exampleId, scores, STALE_RELOADS);
        }));
        Handler<RoutingContext> next = Reply.handler(ctx -> {
            var learner = Auth.learner(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            Fields.optional(ctx).check();
            return s.peer().configs().get(learner.platformId(), id).compose(entry -> lease(s, id, learner, entry, STALE_RELOADS));
        });
        router.post("/v1/assessments/:id/reviews/next").handler(next);
        // The custom-method spelling; ':' cannot appear in a Vert.x path template, hence the regex alias.
        AllowedMethods.postWithRegex(router, "/v1/assessments/(?<id>[^/]+)/reviews:next").handler(next);
        router.post("/v1/reviews/:id").handler(Reply.handler(ctx -> {
            var learner = Auth.learner(ctx);
            UUID leaseId = Params.uuid(ctx, "id", "review");
            Fields body = Fields.of(ctx, "scores", "comments");
            Map<String, Double> scores = numbers(body.object("scores", true), "scores", body.errors());
            Map<String, String> comments = texts(body.object("comments", false), body.errors());
            body.check();
            return s.peer().leases().get(learner.platformId(), leaseId).compose(found -> {
                Lease lease = found.filter(l -> l.reviewerId().equals(learner.learnerId()))
                        .orElseThrow(() -> ApiProblem.notFound("review", leaseId.toString()));
                if (lease.completedAt() != null) {
                    throw ApiProblem.conflict("review", "review '" + leaseId + "' was already submitted");
                }
                return submitReview(s, learner, lease, new RubricReview(scores, comments), STALE_RELOADS);
            });
        }));
        router.get("/v1/assessments/:id/reviewing-score").handler(Reply.handler(ctx -> {
            var learner = Auth.learner(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            return PeerRoutes.require(s, learner.platformId(), id).compose(c -> PeerRoutes.grades(s, id, c.config())
                    .map(result -> {
                        var mine = result.reviewing().get(learner.learnerId());
                        ObjectNode body = Json.object().put("assessmentId", id.toString())
                                .put("learnerId", learner.learnerId());
                        // No review yet: the same fields, nothing done and nothing judged.
                        body.setAll(mine != null ? PeerRoutes.reviewingView(mine) : Json.object()
                                .put("completed", 0).put("required", c.config().rubric().reviewsRequired())
                                .put("judged", 0).putNull("accuracy").put("score", 0.0));
                        return Reply.ok(body);
                    }));
        }));
    }

    /**
     * Times a lease request reads the configuration again after the lease statement found it stale. Each reload
     * costs a read and a batch; staff replacing the configuration faster than that is a transient state the
     * client rides out with Retry-After, not a reason to spin or to fail with a 500.
     */
    private static final int STALE_RELOADS = 3;

    /** The hot path: a cached configuration, the calibration gate where required, a batched lease. */
    private static Future<Reply> lease(Services s, UUID id, Principal.Learner learner, Optional<PeerConfigCache.Entry> found,
                                       int reloadsLeft) {
        if (found.isEmpty()) {
            return PeerRoutes.notConfigured(s, learner.platformId(), id);
        }
        PeerConfigCache.Entry entry = found.get();
        PeerConfig config = entry.config();
        // After the review deadline a grade with k counted reviews is final: extra reviews would only move it, so
        // reviewers are handed only work still short of k (the top-up until staff take over).
        boolean closed = config.reviewDeadline() != null && !java.time.Instant.now().isBefore(config.reviewDeadline());
        var ask = new PeerLeaseStore.Ask(id, entry.row().version(), learner.learnerId(),
                entry.excludedFor(learner.learnerId()),
                new AssignmentPolicy(config.k(), closed ? 0 : config.extraReviews()), config.rubric().reviewsRequired(),
                config.lease());
        // The cached configuration is checked against the store only by the lease statement; a gate refusing on it
        // reads it again first, as staff may just have opened reviewing (on this node or another).
        Future<Void> gated = gate(s, id, learner, config).recover(refused -> reloadsLeft <= 0 ? Future.failedFuture(refused)
                : s.peer().configs().reload(learner.platformId(), id).compose(e -> e.isPresent()
                && e.get().row().version() != entry.row().version() ? gate(s, id, learner, e.get().config())
                : Future.failedFuture(refused)));
        return gated.compose(v -> s.peer().batcher().next(ask, config.teams())).compose(next -> switch (next) {
            case PeerLeaseStore.Next.Leased l -> Future.succeededFuture(Reply.ok(leaseView(l.lease(), entry.rubricJson())));
            // Also for a learner past the reviews required whose asking would take room others still need: the
            // documented "nothing now" (204, no body), as their requirement is met and asking later may find spare.
            case PeerLeaseStore.Next.Nothing n -> Future.succeededFuture(Reply.noContent());
            case PeerLeaseStore.Next.StaleConfig stale -> reloadsLeft > 0
                    ? s.peer().configs().reload(learner.platformId(), id).compose(e -> lease(s, id, learner, e, reloadsLeft - 1))
                    : Future.failedFuture(ApiProblem.configChanging("the peer-review configuration of assessment '" + id
                    + "' changed " + (STALE_RELOADS + 1) + " times during this request; nothing was leased, ask again", 1));
        });
    }

    /**
     * Validates the review against the stored configuration and stores it if the configuration still scores the
     * same; when staff changed the scale in between, validates again against the new one (a bounded number of
     * times), so a review is never stored on a scale other than the one it was checked against.
     */
    private static Future<Reply> submitReview(Services s, Principal.Learner learner, Lease lease, RubricReview review,
                                              int reloadsLeft) {
        UUID leaseId = lease.id();
        return PeerRoutes.require(s, learner.platformId(), lease.assessmentId()).compose(c -> {
            check(c.config().rubric().validate(review));
            return s.peer().leases().complete(leaseId, learner.learnerId(), Json.write(review.scores()),
                    Json.write(review.comments()), review.total(), c.row().version(),
                    stored -> dev.assay.engine.peer.ScoringChanges.rubric(PeerConfigCodec.readStored(stored).rubric(), c.config().rubric())
                            .isEmpty()).compose(done -> switch (done) {
                case STORED -> Future.succeededFuture(Reply.ok(Json.object().put("id", leaseId.toString())
                        .put("submissionId", lease.submissionId().toString()).put("total", review.total())
                        .put("status", "completed")));
                case ALREADY_SUBMITTED -> Future.failedFuture(ApiProblem.conflict("review", "review '" + leaseId + "' was already submitted"));
                case STALE_CONFIG -> reloadsLeft > 0 ? submitReview(s, learner, lease, review, reloadsLeft - 1)
                        : Future.failedFuture(ApiProblem.configChanging("the peer-review configuration of assessment '"
                        + lease.assessmentId() + "' kept changing while the review was stored; nothing was stored, "
                        + "send it again", 1));
            });
        });
    }

    /**
     * Scores a calibration attempt against the stored configuration and records it if that configuration is still
     * the stored one; when staff replaced it in between, scores it again under the new one (a bounded number of
     * times), so an attempt is never judged by examples or a rubric other than the ones stored when it counts.
     */
    private static Future<Reply> calibrate(Services s, Principal.Learner learner, UUID id, String exampleId,
                                           Map<String, Double> scores, int reloadsLeft) {
        return PeerRoutes.require(s, learner.platformId(), id).compose(c -> {
            PeerConfig config = c.config();
            var example = config.calibration().example(exampleId).orElseThrow(() ->
                    ApiProblem.invalid("exampleId", "is not a calibration example of this assessment"));
            check(config.rubric().validate(new RubricReview(scores, Map.of())).stream()
                    .filter(p -> p.field().startsWith("scores.")).toList());
            CalibrationAttempt attempt = CalibrationScorer.score(config.rubric(), example.example(), scores,
                    config.calibration().policy());
            return s.peer().store().attempts(id, learner.learnerId()).compose(before -> {
                // Examples are attempted in turn: a failed attempt shows the staff scores, and a retry of that same
                // example with them copied in would pass the gate without judging anything.
                var examples = config.calibration().examples();
                String offered = examples.get(before.size() % examples.size()).example().id();
                boolean required = CalibrationGate.of(config.calibration().policy(), attempts(before))
                        instanceof CalibrationGate.Required;
                if (required && !offered.equals(exampleId)) {
                    throw ApiProblem.conflict("exampleId", "the next calibration example is '" + offered
                            + "' (examples are attempted in turn)");
                }
                return s.peer().store().addAttempt(id, c.row().version(), learner.learnerId(), exampleId, Json.write(scores),
                                attempt.passed(), attempt.meanDistance(), attempt.totalError(),
                                config.calibration().policy().maxAttempts())
                        .compose(outcome -> switch (outcome) {
                            case AttemptOutcome.StaleConfig stale -> reloadsLeft > 0
                                    ? calibrate(s, learner, id, exampleId, scores, reloadsLeft - 1)
                                    : Future.failedFuture(ApiProblem.configChanging("the peer-review configuration of "
                                    + "assessment '" + id + "' kept changing while the attempt was stored; nothing was "
                                    + "stored, send it again", 1));
                            case AttemptOutcome.Refused refused -> s.peer().store().attempts(id, learner.learnerId())
                                    .map(rows -> {
                                        throw noMoreAttempts(config, rows);
                                    });
                            case AttemptOutcome.Added added -> s.peer().store().attempts(id, learner.learnerId())
                                    .map(rows -> attemptReply(id, exampleId, config, rows, attempt));
                        });
            });
        });
    }

    private static Reply attemptReply(UUID id, String exampleId, PeerConfig config, List<AttemptRow> rows,
                                      CalibrationAttempt attempt) {
        ObjectNode view = calibrationView(config, rows);
        ObjectNode a = view.putObject("attempt").put("exampleId", exampleId).put("passed", attempt.passed())
                .put("meanDistance", attempt.meanDistance());
        ArrayNode criteria = a.putArray("criteria");
        attempt.criteria().forEach(f -> criteria.addObject().put("criterion", f.criterion())
                .put("yours", f.learner()).put("staff", f.staff()).put("distance", f.distance())
                .put("withinTolerance", f.agrees()));
        return Reply.created(view, "/v1/assessments/" + id + "/calibration");
    }


    /** 409 with the gate's state when calibration is required and not yet passed (or exhausted). */
    private static Future<Void> gate(Services s, UUID id, Principal.Learner learner, PeerConfig config) {
        return submitted(s, id, learner, config).compose(v -> calibrated(s, id, learner, config));
    }

    /** 409 for a reviewer who (with their team) has not submitted, unless staff let anyone review. */
    private static Future<Void> submitted(Services s, UUID id, Principal.Learner learner, PeerConfig config) {
        if (!config.reviewersMustSubmit()) {
            return Future.succeededFuture();
        }
        List<String> team = new ArrayList<>(config.teamMates(learner.learnerId()));
        team.add(learner.learnerId());
        return s.peer().store().anySubmitted(id, team).map(any -> {
            if (!any) {
                throw new ApiProblem(409, "submission-required", "Submission required", "submit your own work to "
                        + "assessment '" + id + "' before reviewing peers' work", List.of(new Violation("learnerId",
                        "has no submission to this assessment")));
            }
            return null;
        });
    }

    private static Future<Void> calibrated(Services s, UUID id, Principal.Learner learner, PeerConfig config) {
        if (!config.calibration().required()) {
            return Future.succeededFuture();
        }
        return s.peer().store().attempts(id, learner.learnerId()).map(rows -> {
            CalibrationGate gate = CalibrationGate.of(config.calibration().policy(), attempts(rows));
            if (gate instanceof CalibrationGate.Required r) {
                throw new ApiProblem(409, "calibration-required", "Calibration required", "pass calibration before "
                        + "reviewing peers: " + r.remaining() + " attempt(s) left; see GET /v1/assessments/" + id
                        + "/calibration", List.of(new Violation("calibration", "not passed yet: " + r.remaining()
                        + " attempt(s) left")));
            }
            return null;
        });
    }

    /**
     * 409 for an attempt that was not recorded: after a pass there is nothing left to calibrate (another attempt
     * would only move the learner's calibration evidence), and after {@code maxAttempts} the gate is settled.
     */
    private static ApiProblem noMoreAttempts(PeerConfig config, List<AttemptRow> rows) {
        int max = config.calibration().policy().maxAttempts();
        if (rows.stream().anyMatch(AttemptRow::passed)) {
            return ApiProblem.conflict("calibration", "you already passed calibration; the attempt was not recorded");
        }
        String why = "all " + max + " attempt(s) are used; the attempt was not recorded"
                + (config.calibration().required() ? " and you may review peers now" : "");
        return ApiProblem.conflict("maxAttempts", why);
    }

    private static List<CalibrationAttempt> attempts(List<AttemptRow> rows) {
        return rows.stream().map(r -> new CalibrationAttempt(r.exampleId(), List.of(), r.passed(), r.meanDistance(),
                r.totalError())).toList();
    }

    private static ObjectNode calibrationView(PeerConfig config, List<AttemptRow> rows) {
        ObjectNode view = Json.object();
        var cal = config.calibration();
        CalibrationGate gate = CalibrationGate.of(cal.policy(), attempts(rows));
        String state = !cal.required() ? "not-required" : switch (gate) {
            case CalibrationGate.Passed p -> "passed";
            case CalibrationGate.Exhausted e -> "exhausted";
            case CalibrationGate.Required r -> "required";
        };
        view.put("state", state).put("mayReview", !cal.required() || gate.mayReview()).put("attempts", rows.size())
                .put("maxAttempts", cal.policy().maxAttempts()).put("tolerance", cal.policy().tolerance());
        boolean settled = rows.stream().anyMatch(AttemptRow::passed) || rows.size() >= cal.policy().maxAttempts();
        if (!cal.examples().isEmpty() && !settled) {
            // Examples in turn, so a retry shows a different piece of work where there is one (none once an attempt
            // would be refused: after a pass, or with every attempt used).
            var example = cal.examples().get(rows.size() % cal.examples().size());
            view.putObject("next").put("exampleId", example.example().id()).put("content", example.content());
        }
        view.set("rubric", dev.assay.engine.peer.PeerConfigCodec.write(config).get("rubric"));
        return view;
    }

    private static ObjectNode leaseView(Lease l, ObjectNode rubric) {
        ObjectNode n = Json.object().put("leaseId", l.id().toString()).put("submissionId", l.submissionId().toString())
                .put("expiresAt", l.expiresAt().toString()).put("overflow", l.overflow())
                .put("submitUrl", "/v1/reviews/" + l.id());
        // The stored response is already JSON: embedded as it is rather than parsed and written again.
        n.putRawValue("submission", new RawValue(l.response()));
        n.set("rubric", rubric);
        return n;
    }

    private static void check(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems.stream().map(p -> new Violation(p.field(), p.message())).toList());
        }
    }

    private static Map<String, Double> numbers(JsonNode object, String field, List<Violation> errors) {
        var out = new LinkedHashMap<String, Double>();
        if (object != null) {
            object.properties().forEach(e -> {
                if (e.getValue().isNumber() && Double.isFinite(e.getValue().doubleValue())) {
                    out.put(e.getKey(), e.getValue().doubleValue());
                } else {
                    errors.add(new Violation(field + "." + e.getKey(), "must be a number"));
                }
            });
        }
        return out;
    }

    private static Map<String, String> texts(JsonNode object, List<Violation> errors) {
        var out = new LinkedHashMap<String, String>();
        if (object != null) {
            object.properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    out.put(e.getKey(), e.getValue().textValue());
                } else if (!e.getValue().isNull()) {
                    errors.add(new Violation("comments." + e.getKey(), "must be a string"));
                }
            });
        }
        return out;
    }
}
