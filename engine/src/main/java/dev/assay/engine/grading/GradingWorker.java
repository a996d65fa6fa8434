package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.AssessmentStore;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.RegradeStore;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.quiz.Quiz;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs grading tasks on this node. Called on Hazelcast executor threads, never on an event loop, so it may block
 * on the store; every write goes through {@link RegradeStore#complete}, which makes re-runs harmless.
 */
public final class GradingWorker {
    private static final Logger LOG = Logger.getLogger(GradingWorker.class.getName());

    private final String nodeName;
    private final RegradeStore regrades;
    private final AssessmentStore assessments;
    private final QuizGrading quizzes;
    private final ResultEvents events;

    public GradingWorker(String nodeName, RegradeStore regrades, AssessmentStore assessments, QuizGrading quizzes,
                         ResultEvents events) {
        this.nodeName = nodeName;
        this.regrades = regrades;
        this.assessments = assessments;
        this.quizzes = quizzes;
        this.events = events;
    }

    /** Regrades the still-pending items among {@code submissionIds}; returns how many this call completed. */
    public int regrade(UUID regradeId, List<UUID> submissionIds) throws Exception {
        Optional<RegradeStore.RegradeTarget> target = await(regrades.target(regradeId));
        if (target.isEmpty()) {
            return 0;
        }
        UUID assessmentId = target.get().assessmentId();
        int version = target.get().toVersion();
        Quiz quiz = quizzes.quiz(assessmentId, version, await(assessments.definition(assessmentId, version)));
        int completed = 0;
        for (RegradeStore.WorkItem item : await(regrades.workItems(regradeId, submissionIds))) {
            GradeResult result = gradeLeniently(quiz, (ObjectNode) Json.parse(item.response()), item.submissionId(), version);
            Optional<Double> old = await(regrades.complete(regradeId, item.submissionId(), version, result.score(),
                    result.maxScore(), Json.write(result), nodeName));
            if (old.isPresent()) {
                completed++;
                ObjectNode event = Json.object().put("type", "result").put("submissionId", item.submissionId().toString())
                        .put("assessmentId", assessmentId.toString()).put("version", version)
                        .put("score", result.score()).put("maxScore", result.maxScore()).put("regrade", true);
                events.publish(item.platformId(), item.learnerId(), event);
            }
        }
        return completed;
    }

    /**
     * A response written against an older version may name a question or choice the new version removed; those
     * answers score as unanswered, and the rest of the response is graded as usual.
     */
    private GradeResult gradeLeniently(Quiz quiz, ObjectNode answers, UUID submissionId, int version) {
        for (int attempt = 0; ; attempt++) {
            try {
                return quizzes.grade(quiz, answers);
            } catch (InvalidInputException e) {
                LOG.log(Level.FINE, "response " + submissionId + " does not fully fit version " + version + ": " + e.violations());
                boolean removed = false;
                for (var v : e.violations()) {
                    String question = questionOf(v.field());
                    removed |= question != null && answers.remove(question) != null;
                }
                if (!removed || attempt > answers.size()) {
                    answers.removeAll();
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

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
