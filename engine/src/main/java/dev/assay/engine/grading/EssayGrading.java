package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.Metrics;
import dev.assay.engine.store.EssayStore;
import dev.assay.engine.store.Json;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.essay.EssayAssessment;
import dev.assay.graders.essay.EssayGrader;
import dev.assay.graders.essay.EssayModel;
import dev.assay.graders.essay.EssayModelCodec;
import dev.assay.graders.essay.EssayVerdict;
import dev.assay.graders.essay.ExemplarCodec;
import dev.assay.graders.essay.RouteReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Essay grading as the engine uses it. Submissions are accepted only once a model has been trained for the
 * assessment version, then graded by a task on the worker pool with that model: a confident score is stored as
 * {@code graded}; anything the grader cannot score reliably is stored as {@code routed} (for peer or staff review),
 * never with a score.
 *
 * <p>Each essay is checked against the near-duplicates of its course, kept by {@link CourseDuplicates}; definitions
 * are read by {@link EssayDefinitions}.
 */
public final class EssayGrading implements GraderKind {
    public static final String GRADER = "essay";
    private static final Logger LOG = Logger.getLogger(EssayGrading.class.getName());
    private static final int MAX_CACHED = 1_000;
    private static final int MAX_MODELS = 16;

    private final EssayStore store;
    private final EssayGrader grader = new EssayGrader();
    private final ParsedDefinitions<EssayAssessment> assessments =
            new ParsedDefinitions<>(MAX_CACHED, json -> EssayDefinitions.readDefinition(Json.parse(json)));
    private final Map<String, EssayModel> models = new ConcurrentHashMap<>();
    private final CourseDuplicates duplicates;
    private final Timer timer;
    private final Counter trainingsRun;
    private final SingleFlight<TrainingKey, EssayStore.ModelRow> trainingsUnderWay = new SingleFlight<>();

    public EssayGrading(Metrics metrics, EssayStore store) {
        this.timer = metrics.gradingTimer(GRADER);
        this.trainingsRun = Counter.builder("assay_essay_model_trainings")
                .description("Essay models trained on this node (calls that joined a training under way not counted)")
                .register(metrics.registry());
        this.store = store;
        this.duplicates = new CourseDuplicates(store);
    }

    public EssayStore store() {
        return store;
    }

    @Override
    public String name() {
        return GRADER;
    }

    @Override
    public List<String> responseFields() {
        return List.of("text");
    }

    @Override
    public boolean inline() {
        return false;
    }

    @Override
    public void validateDefinition(JsonNode definition) {
        EssayDefinitions.readDefinition(definition);
    }

    @Override
    public void checkResponse(UUID assessmentId, int version, String definitionJson, JsonNode response) {
        JsonNode text = response.get("text");
        if (text == null || !text.isTextual() || text.textValue().isBlank()) {
            throw new InvalidInputException("text", "is required: the essay as plain text");
        }
        if (text.textValue().length() > ExemplarCodec.MAX_TEXT) {
            throw new InvalidInputException("text", "must be at most " + ExemplarCodec.MAX_TEXT + " characters");
        }
    }

    /**
     * Essays are graded through {@link #gradeEssay}, which may route them instead of scoring them; a bare score
     * would hide that, so this entry point (used by regrades) is not offered for essays.
     */
    @Override
    public GradeResult grade(UUID assessmentId, int version, String definitionJson, JsonNode response) {
        throw new UnsupportedOperationException("essays are graded with gradeEssay (a verdict, not a bare score)");
    }

    /** What the worker stores for an essay: the verdict and the model that gave it. */
    public record Outcome(EssayVerdict verdict, double maxScore) {
    }

    /**
     * Grades one accepted essay with the current model of its assessment version, checking it against (and then
     * adding it to) the course's near-duplicate index. Blocks on the store: call it on a worker thread only.
     */
    public Outcome gradeEssay(UUID submissionId, UUID platformId, UUID assessmentId, int version, String definitionJson,
                              String learnerId, JsonNode response) throws Exception {
        EssayAssessment assessment = assessment(assessmentId, version, definitionJson);
        Optional<EssayStore.ModelRow> found = await(store.currentModel(assessmentId, version));
        if (found.isEmpty()) {
            if (!await(store.peerReviewed(assessmentId))) {
                throw new IllegalStateException("no trained model for assessment " + assessmentId + " version " + version);
            }
            // Peers grade this assessment's essays, and staff trained no model (none is needed for that): every
            // essay goes to them, told so, never scored by a guess.
            return new Outcome(new EssayVerdict.Routed(null, List.of(RouteReason.NO_MODEL), EssayGrader.ROUTED_MESSAGE,
                    Map.of()), assessment.maxScore());
        }
        EssayStore.ModelRow current = found.get();
        EssayModel model = model(current.id());
        String courseId = await(store.courseOf(submissionId));
        String text = response.path("text").asText("");
        long start = System.nanoTime();
        try {
            EssayVerdict verdict = duplicates.grade(platformId, courseId, submissionId, assessmentId, learnerId,
                    (indexId, index) -> grader.grade(assessment, model, indexId, text, index));
            return new Outcome(verdict, assessment.maxScore());
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private record Trained(EssayModel model, byte[] bytes) {
    }

    /**
     * A training: an assessment version and which exemplar set it read. An upload replaces the set and gives it a
     * new {@code uploadedAt}, so a call made after a new upload trains on it rather than joining a training of the
     * set it replaced.
     */
    private record TrainingKey(UUID assessmentId, int version, OffsetDateTime uploadedAt) {
    }

    /**
     * Trains a model on an assessment version's exemplar set, stores it and makes it current for the version. Fails
     * with {@link InvalidInputException} when the set cannot train a model.
     *
     * <p>Training takes seconds of CPU, so a call made while the same set is being trained on this node waits for
     * that training and answers with its model; once it ends (stored or failed), the next call trains again. Nodes do
     * not share trainings: two nodes asked at the same moment each train, which costs CPU but no harm, since a model
     * is named by its content and stored once.
     */
    public Future<EssayStore.ModelRow> train(Vertx vertx, EssayAssessment assessment, EssayStore.ExemplarSet set) {
        TrainingKey key = new TrainingKey(set.assessmentId(), set.version(), set.uploadedAt());
        return trainingsUnderWay.run(key, () -> vertx.executeBlocking(() -> {
            // A worker thread, never the event loop.
            trainingsRun.increment();
            EssayModel model = EssayModel.train(assessment,
                    ExemplarCodec.readStored(set.exemplars().getBytes(StandardCharsets.UTF_8)));
            return new Trained(model, EssayModelCodec.toBytes(model));
        }, false).compose(t -> {
            remember(t.model());
            return store.saveModel(t.model().id(), set.assessmentId(), set.version(), t.model().exemplarCount(),
                    Json.write(t.model().report()), t.bytes());
        }));
    }

    /** Keeps a model this node just trained, so its first essays need not read it back from the store. */
    private void remember(EssayModel model) {
        if (models.size() >= MAX_MODELS) {
            models.clear();
        }
        models.put(model.id(), model);
    }

    @Override
    public double maxScore(UUID assessmentId, int version, String definitionJson) {
        return assessment(assessmentId, version, definitionJson).maxScore();
    }

    @Override
    public double minScore(UUID assessmentId, int version, String definitionJson) {
        return assessment(assessmentId, version, definitionJson).minScore();
    }

    public EssayAssessment assessment(UUID id, int version, String definitionJson) {
        return assessments.get(id, version, definitionJson);
    }

    private EssayModel model(String id) throws Exception {
        EssayModel cached = models.get(id);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = await(store.modelBytes(id)).orElseThrow(() -> new IllegalStateException("model " + id + " is not stored"));
        EssayModel model = EssayModelCodec.fromBytes(bytes);
        if (!model.checksExemplarCopies()) {
            LOG.warning("essay model " + id + " was trained before exemplar copies were checked: essays copying its"
                    + " exemplars are not routed until the assessment's model is trained again (POST .../model:train)");
        }
        remember(model);
        return model;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** The current model row of an assessment version, for the routes. */
    public Future<Optional<EssayStore.ModelRow>> currentModel(UUID assessmentId, int version) {
        return store.currentModel(assessmentId, version);
    }
}
