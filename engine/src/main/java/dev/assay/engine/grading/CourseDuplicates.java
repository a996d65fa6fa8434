package dev.assay.engine.grading;

import dev.assay.engine.store.EssayStore;
import dev.assay.graders.essay.DuplicateIndex;
import dev.assay.graders.essay.EssayVerdict;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The near-duplicate check of essay grading: each course's index of the essays graded or routed in it, kept in
 * step with the store. Kept apart from {@link EssayGrading}, which scores essays, because keeping an index current
 * across nodes (catch-up, stored signatures, texts read back for a match) is a concern of its own.
 *
 * <p>Near-duplicates are found in one in-memory {@link DuplicateIndex} per course on each node. Before each
 * grading the index catches up with the store: it loads the essays of the course graded or routed since its last
 * read, by any node, so nodes see each other's essays, and a catch-up costs what completed since rather than the
 * size of the course. Two essays of one course graded at the same moment on two different nodes do not see each
 * other.
 */
final class CourseDuplicates {
    /** The logger essay grading used before this class was split from it, so logging set up for it still applies. */
    private static final Logger LOG = Logger.getLogger(EssayGrading.class.getName());
    /** Essays read per query when a course's index catches up (a new node reads the whole course). */
    private static final int CATCH_UP_BATCH = 2_000;

    private final EssayStore store;
    private final Map<String, CourseIndex> indexes = new ConcurrentHashMap<>();

    CourseDuplicates(EssayStore store) {
        this.store = store;
    }

    /** Grades an essay with the index of its course, which it is checked against. */
    @FunctionalInterface
    interface Grading {
        EssayVerdict grade(String indexId, DuplicateIndex index);
    }

    /**
     * Grades one essay against its course's index, brought up to date with the store first, and then adds it to the
     * index (replacing its learner's earlier essay for the assessment) and stores its signature. Holds the course's
     * lock throughout, so essays of one course are checked one at a time on this node. Blocks on the store: call it
     * on a worker thread only.
     */
    EssayVerdict grade(UUID platformId, String courseId, UUID submissionId, UUID assessmentId, String learnerId,
                       Grading grading) throws Exception {
        CourseIndex course = index(platformId, courseId);
        synchronized (course) {
            catchUp(course, platformId, courseId);
            String indexId = indexId(assessmentId, learnerId);
            EssayVerdict verdict = withSubmissionIds(grading.grade(indexId, course.index), course.submissions::get);
            course.known.add(submissionId);
            course.submissions.put(indexId, submissionId);
            DuplicateIndex.Signature signature = course.index.signatureOf(indexId);
            if (signature != null) {
                saveSignatures(Map.of(submissionId, signature.toBase64()), course.quotableKey);
            }
            return verdict;
        }
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

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
