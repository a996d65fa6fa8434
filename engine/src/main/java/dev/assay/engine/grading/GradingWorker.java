package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.RegradeStore;
import dev.assay.engine.store.SubmissionStore;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.code.CodeVerdict;
import dev.assay.graders.essay.EssayVerdict;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs grading tasks on this node. Called on Hazelcast executor threads, never on an event loop, so it may block
 * on the store and on sandboxes; every write is keyed so that running a task twice stores its result once.
 */
public final class GradingWorker {
    private static final Logger LOG = Logger.getLogger(GradingWorker.class.getName());

    private final String nodeName;
    private final RegradeStore regrades;
    private final SubmissionStore submissions;
    private final GraderKinds kinds;
    private final ResultEvents events;
    private final long leaseMillis;

    /** @param leaseMillis the sweep's lease: the worker marks work it is grading at a third of it */
    public GradingWorker(String nodeName, RegradeStore regrades, SubmissionStore submissions, GraderKinds kinds,
                         ResultEvents events, long leaseMillis) {
        this.nodeName = nodeName;
        this.leaseMillis = leaseMillis;
        this.regrades = regrades;
        this.submissions = submissions;
        this.kinds = kinds;
        this.events = events;
    }

    /** Grades one accepted submission; returns false when it was already graded (by an earlier run of the task). */
    public boolean grade(UUID submissionId) throws Exception {
        Optional<SubmissionStore.GradingWork> found = await(submissions.work(submissionId));
        if (found.isEmpty()) {
            return false;
        }
        try (Heartbeat beating = Heartbeat.start(leaseMillis, () -> submissions.leases().heartbeat(submissionId))) {
            return grade(submissionId, found.get());
        }
    }

    private boolean grade(UUID submissionId, SubmissionStore.GradingWork w) throws Exception {
        GraderKind kind = kinds.of(w.kind());
        if (kind instanceof EssayGrading essay) {
            return gradeEssay(essay, submissionId, w);
        }
        GradeResult graded;
        switch (judgeOrExplain(kind, w.assessmentId(), w.version(), w.definition(), Json.parse(w.response()))) {
            case CodeVerdict.NeedsStaff staff -> {
                return routeToStaff(submissionId, w, staff);
            }
            case CodeVerdict.Scored scored -> graded = scored.result();
        }
        GradeResult result = graded;
        OptionalLong stored;
        try {
            stored = await(submissions.complete(submissionId, w.version(),
                    SubmissionStore.Graded.scored(result.score(), result.maxScore(), Json.write(result), nodeName)));
        } catch (Exception e) {
            if (!unstorable(e)) {
                throw e;
            }
            result = withoutDetail(graded, e);
            stored = await(submissions.complete(submissionId, w.version(),
                    SubmissionStore.Graded.scored(result.score(), result.maxScore(), Json.write(result), nodeName)));
        }
        if (stored.isPresent()) {
            // A first grading is told from the stored row: staff may have overridden the work while it waited.
            publishStored(w.platformId(), w.learnerId(), submissionId);
        }
        return stored.isPresent();
    }

    /**
     * An essay is either scored (stored as {@code graded}, like other kinds) or routed to peer or staff review
     * (stored as {@code routed}, with no score). Both results name the model that decided.
     */
    private boolean gradeEssay(EssayGrading essay, UUID submissionId, SubmissionStore.GradingWork w) throws Exception {
        EssayGrading.Outcome outcome = essay.gradeEssay(submissionId, w.platformId(), w.assessmentId(), w.version(),
                w.definition(), w.learnerId(), Json.parse(w.response()));
        switch (outcome.verdict()) {
            case EssayVerdict.AutoScored scored -> {
                GradeResult result = scored.result();
                ObjectNode stored = (ObjectNode) Json.toTree(result);
                stored.put("modelId", scored.modelId());
                OptionalLong done = await(submissions.complete(submissionId, w.version(),
                        SubmissionStore.Graded.scored(result.score(), result.maxScore(), Json.write(stored), nodeName)));
                if (done.isPresent()) {
                    publishStored(w.platformId(), w.learnerId(), submissionId);
                }
                return done.isPresent();
            }
            case EssayVerdict.Routed routed -> {
                ObjectNode stored = Json.object().put("modelId", routed.modelId())
                        .put("learnerMessage", routed.learnerMessage());
                var reasons = stored.putArray("reasons");
                routed.reasons().forEach(r -> reasons.add(r.name().toLowerCase(java.util.Locale.ROOT)));
                stored.set("evidence", Json.toTree(routed.evidence())); // staff only: the views drop it for learners
                OptionalLong done = await(submissions.route(submissionId, w.version(), outcome.maxScore(),
                        Json.write(stored), nodeName));
                if (done.isPresent()) {
                    publishStored(w.platformId(), w.learnerId(), submissionId);
                }
                return done.isPresent();
            }
        }
    }

    /**
     * A code submission whose staff checker failed has no score to store: it is stored as {@code routed} to staff
     * (like an essay the model cannot score), so the course grade waits for them instead of counting a 0 the
     * learner did not earn. Learners read only the message; the checkers' errors are evidence for staff.
     */
    private boolean routeToStaff(UUID submissionId, SubmissionStore.GradingWork w, CodeVerdict.NeedsStaff staff)
            throws Exception {
        ObjectNode stored = needsStaffResult(staff);
        OptionalLong done;
        try {
            done = await(submissions.route(submissionId, w.version(), staff.maxScore(), Json.write(stored), nodeName));
        } catch (Exception e) {
            if (!unstorable(e)) {
                throw e;
            }
            LOG.log(Level.SEVERE, "a checker error's evidence could not be stored; storing the submission without it", e);
            stored.putObject("evidence").put("note", "The evidence could not be stored; staff can see why in the log.");
            done = await(submissions.route(submissionId, w.version(), staff.maxScore(), Json.write(stored), nodeName));
        }
        if (done.isPresent()) {
            publishStored(w.platformId(), w.learnerId(), submissionId);
        }
        return done.isPresent();
    }

    /** How a submission needing staff is stored: the same shape as a routed essay's result. */
    static ObjectNode needsStaffResult(CodeVerdict.NeedsStaff staff) {
        ObjectNode stored = Json.object().put("learnerMessage", staff.learnerMessage());
        stored.putArray("reasons").add(staff.reason());
        stored.set("evidence", Json.toTree(staff.evidence())); // staff only: the views drop it for learners
        return stored;
    }

    /** Regrades the still-pending items among {@code submissionIds}; returns how many this call completed. */
    public int regrade(UUID regradeId, List<UUID> submissionIds) throws Exception {
        Optional<RegradeStore.RegradeTarget> found = await(regrades.target(regradeId));
        if (found.isEmpty()) {
            return 0;
        }
        try (Heartbeat beating = Heartbeat.start(leaseMillis, () -> regrades.heartbeat(regradeId, submissionIds))) {
            return regrade(regradeId, found.get(), submissionIds);
        }
    }

    private int regrade(UUID regradeId, RegradeStore.RegradeTarget target, List<UUID> submissionIds) throws Exception {
        GraderKind kind = kinds.of(target.kind());
        List<RegradeStore.WorkItem> items = await(regrades.workItems(regradeId, submissionIds));
        Map<UUID, GradeResult> results = new java.util.HashMap<>();
        Map<UUID, CodeVerdict.NeedsStaff> needStaff = new java.util.HashMap<>();
        List<RegradeStore.Regraded> regraded = new java.util.ArrayList<>();
        for (RegradeStore.WorkItem item : items) {
            JsonNode response = Json.parse(item.response());
            CodeVerdict verdict = kind instanceof QuizGrading quiz
                    ? new CodeVerdict.Scored(gradeQuizLeniently(quiz, target, (ObjectNode) response))
                    : judgeOrExplain(kind, target.assessmentId(), target.toVersion(), target.definition(), response);
            switch (verdict) {
                case CodeVerdict.Scored scored -> {
                    GradeResult result = scored.result();
                    results.put(item.submissionId(), result);
                    regraded.add(new RegradeStore.Regraded(item.submissionId(), item.learnerId(), result.score(),
                            result.maxScore(), Json.write(result)));
                }
                case CodeVerdict.NeedsStaff staff -> {
                    // No score: the regraded submission waits for staff, as a first grading would.
                    needStaff.put(item.submissionId(), staff);
                    regraded.add(new RegradeStore.Regraded(item.submissionId(), item.learnerId(), null,
                            staff.maxScore(), Json.write(needsStaffResult(staff))));
                }
            }
        }
        // One transaction for the batch: results, course grades and outcome events commit together.
        Map<UUID, OptionalLong> done;
        try {
            done = await(regrades.complete(regradeId, target.toVersion(), regraded, nodeName));
        } catch (Exception e) {
            if (!unstorable(e)) {
                throw e;
            }
            done = completeOneByOne(regradeId, target.toVersion(), regraded, results);
        }
        int completed = 0;
        boolean peerReviewed = !done.isEmpty() && await(submissions.peerReviewed(target.assessmentId()));
        // Overridden work is told with the score that counts, the override's, as its views show it.
        java.util.Set<UUID> overridden = done.isEmpty() ? java.util.Set.of()
                : await(submissions.overridden(done.keySet()));
        for (RegradeStore.WorkItem item : items) {
            OptionalLong eventId = done.get(item.submissionId());
            if (eventId == null) {
                continue;
            }
            completed++;
            if (eventId.isEmpty()) {
                continue; // the submission had moved past this version already: nothing about it changed
            }
            // Work peers grade or staff overrode is told as its views show it, from the stored row (the score that
            // counts is theirs); other work from its new result, saving a read per item.
            if (peerReviewed || overridden.contains(item.submissionId())) {
                publishStored(item.platformId(), item.learnerId(), item.submissionId());
                continue;
            }
            CodeVerdict.NeedsStaff staff = needStaff.get(item.submissionId());
            ObjectNode event = ResultEvents.event(item.submissionId(), target.assessmentId(), target.courseId(),
                    staff != null ? "routed" : "graded").put("version", target.toVersion());
            if (staff != null) {
                event.put("regrade", true).putObject("result").put("learnerMessage", staff.learnerMessage());
            } else {
                GradeResult result = results.get(item.submissionId());
                event.put("score", result.score()).put("maxScore", result.maxScore()).put("regrade", true);
                event.set("result", Json.toTree(result));
            }
            events.publish(item.platformId(), item.learnerId(), eventId.getAsLong(), event);
        }
        return completed;
    }

    /**
     * The batch held a result the store refuses: stores the items one at a time so the others are not held back, and
     * the refused one without its detail.
     */
    private Map<UUID, OptionalLong> completeOneByOne(UUID regradeId, int version, List<RegradeStore.Regraded> batch,
                                                     Map<UUID, GradeResult> results) throws Exception {
        Map<UUID, OptionalLong> done = new java.util.HashMap<>();
        for (RegradeStore.Regraded item : batch) {
            try {
                done.putAll(await(regrades.complete(regradeId, version, List.of(item), nodeName)));
            } catch (Exception e) {
                if (!unstorable(e)) {
                    throw e;
                }
                RegradeStore.Regraded plainItem;
                if (item.score() == null) { // needs staff: keeps no score, loses its evidence
                    LOG.log(Level.SEVERE, "a checker error's evidence could not be stored; storing it without", e);
                    ObjectNode stored = (ObjectNode) Json.parse(item.result());
                    stored.putObject("evidence").put("note", "The evidence could not be stored; staff can see why in the log.");
                    plainItem = new RegradeStore.Regraded(item.submissionId(), item.learnerId(), null, item.maxScore(),
                            Json.write(stored));
                } else {
                    GradeResult plain = withoutDetail(results.get(item.submissionId()), e);
                    results.put(item.submissionId(), plain);
                    plainItem = new RegradeStore.Regraded(item.submissionId(), item.learnerId(), plain.score(),
                            plain.maxScore(), Json.write(plain));
                }
                done.putAll(await(regrades.complete(regradeId, version, List.of(plainItem), nodeName)));
            }
        }
        return done;
    }

    /**
     * Whether storing failed on the data itself (PostgreSQL's data exceptions, class 22: a character or a number
     * the store cannot hold): trying again would fail the same way for ever, so the result is kept without detail.
     */
    static boolean unstorable(Exception e) {
        Throwable t = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
        return t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22");
    }

    /** The result with its score and nothing the store refused: the parts and evidence give way to an explanation. */
    static GradeResult withoutDetail(GradeResult result, Exception why) {
        LOG.log(Level.SEVERE, "a grading result could not be stored as it was; storing its score without detail", why);
        return new GradeResult(result.score(), result.maxScore(), List.of(), "Scored " + result.score() + " of "
                + result.maxScore() + ". The detailed feedback could not be stored; staff can see why in the log.",
                Map.of());
    }

    /**
     * Grades one response: code may come back needing staff (its checker failed); every other kind is scored. A
     * response that no longer fits the version (a renamed file, say) scores zero, with the reason as feedback.
     */
    private static CodeVerdict judgeOrExplain(GraderKind kind, UUID assessmentId, int version, String definition,
                                              JsonNode response) {
        try {
            return kind instanceof CodeGrading code
                    ? code.judge(assessmentId, version, definition, response)
                    : new CodeVerdict.Scored(kind.grade(assessmentId, version, definition, response));
        } catch (InvalidInputException e) {
            return new CodeVerdict.Scored(new GradeResult(0, 0, List.of(), "This submission cannot be graded against"
                    + " version " + version + " of the assessment: " + e.getMessage(),
                    Map.of("violations", e.violations())));
        }
    }

    /**
     * A quiz response written against an older version may name a question or choice the new version removed;
     * those answers score as unanswered, and the rest of the response is graded as usual.
     */
    private static GradeResult gradeQuizLeniently(QuizGrading quiz, RegradeStore.RegradeTarget target, ObjectNode answers) {
        while (true) {
            try {
                return quiz.grade(target.assessmentId(), target.toVersion(), target.definition(), answers);
            } catch (InvalidInputException e) {
                LOG.log(Level.FINE, "response does not fully fit version " + target.toVersion() + ": " + e.violations());
                boolean removed = false;
                for (var v : e.violations()) {
                    String question = questionOf(v.field());
                    removed |= question != null && answers.remove(question) != null;
                }
                if (!removed) {
                    answers.removeAll(); // cannot tell which answer is at fault: grade the response as unanswered
                }
            }
        }
    }

    /** {@code answers.q3[1]} → {@code q3}. */
    static String questionOf(String field) {
        if (field == null || !field.startsWith("answers.")) {
            return null;
        }
        String rest = field.substring("answers.".length());
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '.' || rest.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return rest.substring(0, end);
    }

    /**
     * Tells the stored row as the views show it: the score that counts (an override set meanwhile, the peers' grade)
     * and the routing. The row read may be newer than this change: it is told under its own event id, which matches it.
     */
    private void publishStored(UUID platformId, String learnerId, UUID submissionId) throws Exception {
        var row = await(submissions.byId(platformId, submissionId));
        if (row.isPresent()) {
            events.publish(platformId, learnerId, row.get().eventId(), ResultEvents.of(row.get()));
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
