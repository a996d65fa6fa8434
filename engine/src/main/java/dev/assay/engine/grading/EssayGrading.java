package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.Metrics;
import dev.assay.engine.store.AssessmentStore;
import dev.assay.engine.store.EssayStore;
import dev.assay.engine.store.Json;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.WholeNumber;
import dev.assay.graders.essay.Criterion;
import dev.assay.graders.essay.DuplicateIndex;
import dev.assay.graders.essay.EssayAssessment;
import dev.assay.graders.essay.EssayGrader;
import dev.assay.graders.essay.EssayModel;
import dev.assay.graders.essay.EssayModelCodec;
import dev.assay.graders.essay.EssayVerdict;
import dev.assay.graders.essay.ExemplarCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Essay grading as the engine uses it. Submissions are accepted only once a model has been trained for the
 * assessment version, then graded by a task on the worker pool with that model: a confident score is stored as
 * {@code graded}; anything the grader cannot score reliably is stored as {@code routed} (for peer or staff review),
 * never with a score.
 *
 * <p>Near-duplicates are found in one in-memory {@link DuplicateIndex} per course on each node. Before each
 * grading the index catches up with the store: it loads the essays of the course graded or routed since its last
 * read, by any node, so nodes see each other's essays, and a catch-up costs what completed since rather than the
 * size of the course. Two essays of one course graded at the same moment on two different nodes do not see each
 * other.
 */
public final class EssayGrading implements GraderKind {
    public static final String GRADER = "essay";
    private static final Logger LOG = Logger.getLogger(EssayGrading.class.getName());
    private static final int MAX_CACHED = 1_000;
    private static final int MAX_MODELS = 16;
    /** Essays read per query when a course's index catches up (a new node reads the whole course). */
    private static final int CATCH_UP_BATCH = 2_000;
    private static final Set<String> DEFINITION_FIELDS =
            Set.of("prompt", "sourceText", "minScore", "maxScore", "autoGradeShare", "criteria");
    private static final Set<String> CRITERION_FIELDS = Set.of("id", "description", "minScore", "maxScore");

    private final EssayStore store;
    private final EssayGrader grader = new EssayGrader();
    private final ParsedDefinitions<EssayAssessment> assessments =
            new ParsedDefinitions<>(MAX_CACHED, json -> readDefinition(Json.parse(json)));
    private final Map<String, EssayModel> models = new ConcurrentHashMap<>();
    private final Map<String, CourseIndex> indexes = new ConcurrentHashMap<>();
    private final Timer timer;
    private final Counter trainingsRun;
    private final SingleFlight<TrainingKey, EssayStore.ModelRow> trainingsUnderWay = new SingleFlight<>();

    public EssayGrading(Metrics metrics, EssayStore store) {
        this.timer = metrics.gradingTimer(GRADER);
        this.trainingsRun = Counter.builder("assay_essay_model_trainings")
                .description("Essay models trained on this node (calls that joined a training under way not counted)")
                .register(metrics.registry());
        this.store = store;
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
        readDefinition(definition);
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
        EssayStore.ModelRow current = await(store.currentModel(assessmentId, version))
                .orElseThrow(() -> new IllegalStateException("no trained model for assessment " + assessmentId
                        + " version " + version));
        EssayModel model = model(current.id());
        String courseId = await(store.courseOf(submissionId));
        String text = response.path("text").asText("");
        CourseIndex course = index(platformId, courseId);
        long start = System.nanoTime();
        try {
            synchronized (course) {
                catchUp(course, platformId, courseId);
                String indexId = indexId(assessmentId, learnerId);
                EssayVerdict verdict = withSubmissionIds(grader.grade(assessment, model, indexId, text, course.index),
                        course.submissions::get);
                course.known.add(submissionId);
                course.submissions.put(indexId, submissionId);
                DuplicateIndex.Signature signature = course.index.signatureOf(indexId);
                if (signature != null) {
                    saveSignatures(Map.of(submissionId, signature.toBase64()), course.quotableKey);
                }
                return new Outcome(verdict, assessment.maxScore());
            }
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

    /** One entry per learner and assessment: a learner's resubmission replaces, and is not matched against, their earlier one. */
    private static String indexId(UUID assessmentId, String learnerId) {
        return assessmentId + "/" + learnerId;
    }

    /**
     * The verdict with each near-duplicate match named as staff can follow it up: the matched essay's submission,
     * assessment and learner instead of the index entry ({@code <assessmentId>/<learnerId>}, which is not a submission
     * id).
     *
     * @param submissionOf the submission an index entry holds now (its learner's latest for that assessment)
     */
    static EssayVerdict withSubmissionIds(EssayVerdict verdict, Function<String, UUID> submissionOf) {
        if (!(verdict instanceof EssayVerdict.Routed routed) || !(routed.evidence().get("duplicates") instanceof List<?> matches)) {
            return verdict;
        }
        List<Map<String, Object>> named = new ArrayList<>();
        for (Object match : matches) {
            Map<String, Object> described = new LinkedHashMap<>();
            ((Map<?, ?>) match).forEach((key, value) -> {
                if ("indexId".equals(key)) {
                    String entry = (String) value;
                    int slash = entry.indexOf('/'); // assessment ids are UUIDs: the first slash ends them
                    UUID submission = submissionOf.apply(entry);
                    described.put("submissionId", submission == null ? null : submission.toString());
                    described.put("assessmentId", entry.substring(0, slash));
                    described.put("learnerId", entry.substring(slash + 1));
                } else {
                    described.put((String) key, value);
                }
            });
            named.add(described);
        }
        Map<String, Object> evidence = new LinkedHashMap<>(routed.evidence());
        evidence.put("duplicates", named);
        return new EssayVerdict.Routed(routed.modelId(), routed.reasons(), routed.learnerMessage(), evidence);
    }

    /**
     * A course's index, with what it was built from; guarded by its own lock. It keeps signatures, not texts (about
     * 2 KB an essay in all): the few texts a match needs, to be verified and shown, are read from the store.
     */
    private static final class CourseIndex {
        List<String> quotable = null;
        /** Names {@link #quotable} for stored signatures (see {@link EssayStore#indexRows}). */
        String quotableKey;
        DuplicateIndex index = new DuplicateIndex(List.of(), false, null);
        final Set<UUID> known = new HashSet<>();
        /** Where the next read of completed essays starts ({@link EssayStore#completedEssays}); null: from the start. */
        String horizon;
        /** Index entry to the submission it holds (the learner's latest for the assessment). */
        final Map<String, UUID> submissions = new HashMap<>();
    }

    private CourseIndex index(UUID platformId, String courseId) {
        return indexes.computeIfAbsent(platformId + "\u0000" + courseId, k -> new CourseIndex());
    }

    /**
     * Brings the course's index up to date with the store: rebuilt when the course's prompts or source texts changed
     * (a new essay assessment or version), then extended with the essays completed since it was last read.
     */
    private void catchUp(CourseIndex course, UUID platformId, String courseId) throws Exception {
        List<String> quotable = await(store.quotableTexts(platformId, courseId));
        if (!quotable.equals(course.quotable)) {
            course.quotable = quotable;
            course.quotableKey = quotableKey(quotable);
            course.index = new DuplicateIndex(quotable, false, indexId -> textOf(course, indexId));
            course.known.clear();
            course.submissions.clear();
            course.horizon = null;
        }
        EssayStore.Completed completed = await(store.completedEssays(platformId, courseId, course.horizon));
        List<UUID> missing = new ArrayList<>();
        for (UUID id : completed.ids()) {
            if (!course.known.contains(id)) {
                missing.add(id);
            }
        }
        Map<UUID, String> computed = new HashMap<>();
        for (int from = 0; from < missing.size(); from += CATCH_UP_BATCH) {
            List<UUID> batch = missing.subList(from, Math.min(missing.size(), from + CATCH_UP_BATCH));
            for (EssayStore.IndexRow row : await(store.indexRows(batch, course.quotableKey))) {
                String indexId = indexId(row.assessmentId(), row.learnerId());
                if (row.signature() != null) {
                    course.index.add(indexId, DuplicateIndex.Signature.fromBase64(row.signature()), null);
                } else {
                    computed.put(row.id(), course.index.add(indexId, row.text()).toBase64());
                }
                course.known.add(row.id());
                course.submissions.put(indexId, row.id());
            }
        }
        course.horizon = completed.horizon();
        saveSignatures(computed, course.quotableKey);
    }

    /**
     * Stores signatures for the next node that builds the course's index; not awaited, as a signature that is not
     * stored is only computed again from the text.
     */
    private void saveSignatures(Map<UUID, String> signatures, String quotableKey) {
        if (!signatures.isEmpty()) {
            store.saveSignatures(signatures, quotableKey).onFailure(e ->
                    LOG.warning("could not store " + signatures.size() + " essay signatures: " + e.getMessage()));
        }
    }

    /** The text of an indexed essay (its learner's latest for that assessment), read when a match needs it. */
    private String textOf(CourseIndex course, String indexId) {
        UUID submission = course.submissions.get(indexId);
        if (submission == null) {
            return null;
        }
        try {
            List<EssayStore.EssayRow> rows = await(store.essays(List.of(submission)));
            return rows.isEmpty() ? null : rows.get(0).text();
        } catch (Exception e) {
            // Without the text the match is still reported, on the signatures' estimate and without passages.
            LOG.warning("could not read essay " + submission + " for a near-duplicate match: " + e.getMessage());
            return null;
        }
    }

    /** Names a course's prompt and source texts, and the signature scheme, for stored signatures. */
    static String quotableKey(List<String> quotable) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(("minhash/" + DuplicateIndex.HASHES + "/").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String text : quotable) {
                byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                digest.update((bytes.length + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(bytes);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ definitions

    /**
     * What a new version of an essay definition keeps: staff scores still mean the same while the score range and
     * criteria are unchanged, and a model still fits while the texts it measures essays against (prompt, source)
     * are unchanged too. The auto-graded share is applied when grading, so changing it keeps the model.
     */
    public static AssessmentStore.VersionStep carryOver(JsonNode newDefinition) {
        EssayAssessment after = readDefinition(newDefinition);
        return (c, id, version, previousDefinition) -> {
            EssayAssessment before = readDefinition(Json.parse(previousDefinition));
            if (!sameScale(before, after)) {
                return Future.succeededFuture();
            }
            boolean sameTexts = before.prompt().equals(after.prompt())
                    && java.util.Objects.equals(before.sourceText(), after.sourceText());
            return EssayStore.carryOver(c, id, version, sameTexts);
        };
    }

    private static boolean sameScale(EssayAssessment a, EssayAssessment b) {
        if (a.minScore() != b.minScore() || a.maxScore() != b.maxScore() || a.criteria().size() != b.criteria().size()) {
            return false;
        }
        for (int i = 0; i < a.criteria().size(); i++) {
            Criterion x = a.criteria().get(i);
            Criterion y = b.criteria().get(i);
            if (!x.id().equals(y.id()) || x.minScore() != y.minScore() || x.maxScore() != y.maxScore()) {
                return false;
            }
        }
        return true;
    }

    /** Reads an essay definition, with field paths relative to the definition. */
    public static EssayAssessment readDefinition(JsonNode d) {
        List<Violation> errors = new ArrayList<>();
        if (d == null || !d.isObject()) {
            throw new InvalidInputException("", "must be a JSON object");
        }
        d.properties().forEach(e -> {
            if (!DEFINITION_FIELDS.contains(e.getKey())) {
                errors.add(new Violation(e.getKey(), "is not a known field; known: " + String.join(", ",
                        DEFINITION_FIELDS.stream().sorted().toList())));
            }
        });
        String prompt = text(d, "prompt", true, errors);
        String source = text(d, "sourceText", false, errors);
        Double share = number(d, "autoGradeShare", errors);
        List<Criterion> criteria = new ArrayList<>();
        JsonNode list = d.get("criteria");
        boolean rubric = list != null && !list.isNull();
        if (rubric) {
            if (!list.isArray() || list.isEmpty()) {
                errors.add(new Violation("criteria", "must be a non-empty array of {id, description, minScore, maxScore}"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    JsonNode c = list.get(i);
                    String path = "criteria[" + i + "]";
                    if (!c.isObject()) {
                        errors.add(new Violation(path, "must be an object"));
                        continue;
                    }
                    c.properties().forEach(e -> {
                        if (!CRITERION_FIELDS.contains(e.getKey())) {
                            errors.add(new Violation(path + "." + e.getKey(), "is not a known field"));
                        }
                    });
                    String id = text(c, "id", true, errors, path + ".id");
                    String description = text(c, "description", false, errors, path + ".description");
                    Integer min = integer(c, "minScore", true, errors, path + ".minScore");
                    Integer max = integer(c, "maxScore", true, errors, path + ".maxScore");
                    if (id != null && min != null && max != null) {
                        criteria.add(new Criterion(id, description, min, max));
                    }
                }
            }
        }
        Integer min = integer(d, "minScore", !rubric, errors, "minScore");
        Integer max = integer(d, "maxScore", !rubric, errors, "maxScore");
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        double autoShare = share == null ? EssayAssessment.DEFAULT_AUTO_GRADE_SHARE : share;
        if (rubric) {
            EssayAssessment a = EssayAssessment.withRubric(prompt, source, autoShare, criteria);
            if ((min != null && min != a.minScore()) || (max != null && max != a.maxScore())) {
                throw new InvalidInputException("maxScore", "with criteria the score range is the sum of the criteria's ("
                        + a.minScore() + " to " + a.maxScore() + "); leave minScore and maxScore out");
            }
            return a;
        }
        return new EssayAssessment(prompt, source, min, max, autoShare, List.of());
    }

    private static String text(JsonNode d, String name, boolean required, List<Violation> errors) {
        return text(d, name, required, errors, name);
    }

    private static String text(JsonNode d, String name, boolean required, List<Violation> errors, String path) {
        JsonNode v = d.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new Violation(path, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new Violation(path, "must be a string"));
            return null;
        }
        if (required && v.textValue().isBlank()) {
            errors.add(new Violation(path, "must not be blank"));
            return null;
        }
        return v.textValue();
    }

    private static Integer integer(JsonNode d, String name, boolean required, List<Violation> errors, String path) {
        JsonNode v = d.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new Violation(path, "is required"));
            }
            return null;
        }
        Integer whole = WholeNumber.of(v);
        if (whole == null) {
            errors.add(new Violation(path, "must be a whole number"));
        }
        return whole;
    }

    private static Double number(JsonNode d, String name, List<Violation> errors) {
        JsonNode v = d.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            errors.add(new Violation(name, "must be a number from 0 to 1"));
            return null;
        }
        return v.doubleValue();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** The current model row of an assessment version, for the routes. */
    public Future<Optional<EssayStore.ModelRow>> currentModel(UUID assessmentId, int version) {
        return store.currentModel(assessmentId, version);
    }
}
