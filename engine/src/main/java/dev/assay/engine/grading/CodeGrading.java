package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.Metrics;
import dev.assay.engine.store.Json;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.code.CodeAssessment;
import dev.assay.graders.code.CodeCodec;
import dev.assay.graders.code.CodeGrader;
import dev.assay.graders.code.CodeSubmission;
import dev.assay.graders.code.CodeVerdict;
import dev.assay.graders.code.Language;
import dev.assay.graders.code.Languages;
import dev.assay.graders.code.Limits;
import dev.assay.graders.code.ProgramRun;
import dev.assay.graders.code.Runner;
import dev.assay.graders.code.Sandbox;
import dev.assay.graders.code.SandboxStatus;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Code grading as the engine uses it: learners' programs run in the sandbox on worker-pool threads. When this node
 * cannot create sandboxes, it refuses code work rather than run anything unsandboxed.
 */
public final class CodeGrading implements GraderKind {
    public static final String GRADER = "code";
    private static final int MAX_CACHED = 1_000;

    private final SandboxStatus status;
    private final CodeGrader grader;
    private final Runner runner;
    private final Sandbox sandbox;
    private final ParsedDefinitions<CodeAssessment> assessments =
            new ParsedDefinitions<>(MAX_CACHED, json -> CodeCodec.readAssessment(Json.parse(json)));
    private final Timer timer;
    /** Sandboxes this node runs at once, whichever executor (grading or regrade) asks. */
    private final Semaphore sandboxes;

    public CodeGrading(Metrics metrics, int maxSandboxes) {
        this.sandboxes = new Semaphore(Math.max(1, maxSandboxes), true);
        this.timer = metrics.gradingTimer(GRADER);
        this.status = Sandbox.probe();
        this.sandbox = status.available() ? Sandbox.create() : null;
        this.grader = sandbox != null ? new CodeGrader(sandbox) : null;
        this.runner = sandbox != null ? new Runner(sandbox) : null;
    }

    public SandboxStatus sandbox() {
        return status;
    }

    @Override
    public String name() {
        return GRADER;
    }

    @Override
    public List<String> responseFields() {
        return List.of("source", "files");
    }

    @Override
    public boolean inline() {
        return false;
    }

    @Override
    public void validateDefinition(JsonNode definition) {
        CodeAssessment assessment = CodeCodec.readAssessment(definition);
        if (!Languages.isAvailable(assessment.language())) {
            throw new InvalidInputException("language", "'" + assessment.language().id()
                    + "' is not offered here: its toolchain is not installed (GET /v1/languages lists what is)");
        }
    }

    @Override
    public void checkResponse(UUID assessmentId, int version, String definitionJson, JsonNode response) {
        CodeCodec.readSubmission(assessment(assessmentId, version, definitionJson), response);
        if (!status.available()) {
            // Accepting work this node can never grade would only hide the outage from the platform.
            throw new UnavailableException("code grading is unavailable on this node: " + status.reason());
        }
    }

    /**
     * Stops the sandboxes running on this node and refuses new ones, for shutdown: their work is not recorded and
     * goes back to the queue for another node.
     */
    public void shutdown() {
        if (sandbox != null) {
            sandbox.shutdown();
        }
    }

    /** The node cannot grade this kind at all right now (no sandbox); the caller should retry elsewhere or later. */
    public static final class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * The score, with a checker error counted as a failed test. The worker stores {@link #judge} instead, which
     * gives a submission whose checker failed no score; this is for callers that need a {@link GradeResult}.
     */
    @Override
    public GradeResult grade(UUID assessmentId, int version, String definitionJson, JsonNode response) {
        return run(assessmentId, version, definitionJson, response, (a, s) -> grader.grade(a, s));
    }

    /** Grades in the sandbox: a score, or {@link CodeVerdict.NeedsStaff} when a staff checker failed. */
    public CodeVerdict judge(UUID assessmentId, int version, String definitionJson, JsonNode response) {
        return run(assessmentId, version, definitionJson, response, (a, s) -> grader.judge(a, s));
    }

    private <T> T run(UUID assessmentId, int version, String definitionJson, JsonNode response,
                      java.util.function.BiFunction<CodeAssessment, CodeSubmission, T> how) {
        if (grader == null) {
            throw new IllegalStateException("code grading is unavailable on this node: " + status.reason());
        }
        CodeAssessment assessment = assessment(assessmentId, version, definitionJson);
        var submission = CodeCodec.readSubmission(assessment, response);
        sandboxes.acquireUninterruptibly();
        long start = System.nanoTime();
        try {
            return how.apply(assessment, submission);
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            sandboxes.release();
        }
    }

    /**
     * Runs one program on one input, for Jobe clients (CodeRunner), under the same cap on this node's sandboxes as
     * grading; empty when none came free within {@code wait}, which Jobe reports as an overload. Blocks: call it off
     * the event loop.
     */
    public java.util.Optional<ProgramRun.Result> runProgram(Language language, java.util.Map<String, byte[]> files,
                                                            String main, byte[] stdin, Limits limits,
                                                            java.time.Duration wait) throws InterruptedException {
        if (runner == null) {
            throw new UnavailableException("code runs are unavailable on this node: " + status.reason());
        }
        if (!sandboxes.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(ProgramRun.run(runner, language, files, main, stdin, limits));
        } finally {
            sandboxes.release();
        }
    }

    @Override
    public double maxScore(UUID assessmentId, int version, String definitionJson) {
        return assessment(assessmentId, version, definitionJson).maxScore();
    }

    private CodeAssessment assessment(UUID id, int version, String definitionJson) {
        return assessments.get(id, version, definitionJson);
    }
}
