package dev.assay.graders.essay;

import dev.assay.graders.Correctness;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.PartResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores an essay with a trained model, or routes it to review. An essay is routed, never silently scored, when
 * it is empty, gibberish, off-topic, mostly a copy of the prompt or source, padded with repetition, incoherently
 * ordered, longer than any exemplar, a near-duplicate of one of the model's exemplars or of another submission,
 * or when the model's confidence is under the threshold that the assessment's auto-grade share sets (the checks
 * that do not need confidence or duplicates are {@code ValidityChecks}). Stateless and thread-safe.
 */
public final class EssayGrader {

    /** Learners see this for a routed essay (the provisional score is for staff only). */
    public static final String ROUTED_MESSAGE =
            "Your essay has been sent for review by peers or course staff; you will get its score and feedback then.";

    /**
     * Words prompts use to say what to do rather than what to write about ("persuade the readers to agree", "support
     * your answer with relevant information from the excerpt"). They count as key terms like any other prompt word,
     * but suggesting them to a learner as ideas to address is no help, so feedback leaves them out.
     */
    static final java.util.Set<String> INSTRUCTION_WORDS = java.util.Set.of(
            "agree", "disagree", "persuade", "convince", "reader", "readers", "audience", "support", "explain",
            "describe", "discuss", "write", "writing", "letter", "essay", "response", "respond", "answer", "question",
            "excerpt", "passage", "article", "story", "text", "information", "details", "detail", "examples",
            "example", "relevant", "specific", "opinion", "position", "reasons", "reason", "include", "including",
            "conclude", "conclusion", "paragraph", "author", "state", "stating", "newspaper", "editor");

    /**
     * Grades without registering the essay; {@code duplicates} may be null: then neither the course's submissions nor
     * the model's exemplars are looked for (pass an empty index for the exemplar check alone).
     */
    public EssayVerdict grade(EssayAssessment assessment, EssayModel model, String essay, DuplicateIndex duplicates) {
        return grade(assessment, model, null, essay, duplicates);
    }

    /**
     * Grades a submission, checks it against the model's exemplars and the other submissions in {@code duplicates}
     * (all but {@code submissionId} itself) and then adds it to the index, so that later submissions are checked
     * against it.
     */
    public EssayVerdict grade(EssayAssessment assessment, EssayModel model, String submissionId, String essay,
                              DuplicateIndex duplicates) {
        if (essay == null) {
            throw new InvalidInputException("essay", "is required");
        }
        if (!model.assessmentFingerprint().equals(assessment.fingerprint())) {
            throw new IllegalArgumentException("model " + model.id() + " was trained for another version of this assessment");
        }
        EssayText text = EssayText.analyze(essay);
        EssayFeatures features = model.features(text);
        List<ScorePrediction> predictions = model.predict(features);
        ValidityChecks.Checks checks = ValidityChecks.check(assessment, model, text, features, predictions);
        List<RouteReason> reasons = new ArrayList<>(checks.reasons());
        List<DuplicateIndex.Match> matches = List.of();
        List<DuplicateIndex.Match> copies = List.of();
        if (duplicates != null) {
            copies = model.exemplarCopies.find(text);
            if (!copies.isEmpty()) {
                reasons.add(RouteReason.COPIES_EXEMPLAR);
            }
            DuplicateIndex.Signature signature = duplicates.signature(text);
            matches = duplicates.find(text, signature, submissionId);
            if (!matches.isEmpty()) {
                reasons.add(RouteReason.NEAR_DUPLICATE);
            }
            if (submissionId != null) {
                duplicates.add(submissionId, signature, essay);
            }
        }
        double share = assessment.autoGradeShare();
        // Each criterion is held to its own threshold; the evidence's headline pair is the criterion nearest (or
        // furthest below) its threshold, so that staff read a confidence against the threshold it was judged by.
        int weakest = 0;
        boolean lowConfidence = false;
        for (int t = 0; t < predictions.size(); t++) {
            double margin = predictions.get(t).confidence() - model.confidenceThreshold(t, share);
            if (margin < predictions.get(weakest).confidence() - model.confidenceThreshold(weakest, share)) {
                weakest = t;
            }
            lowConfidence |= margin < 0;
        }
        if (lowConfidence || !model.report().autoGrades()) {
            reasons.add(RouteReason.LOW_CONFIDENCE);
        }
        int score = 0;
        for (ScorePrediction p : predictions) {
            score += p.score();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("modelId", model.id());
        evidence.put(reasons.isEmpty() ? "score" : "provisionalScore", score);
        evidence.put("confidence", TargetModel.round4(predictions.get(weakest).confidence()));
        evidence.put("confidenceThreshold", TargetModel.round4(model.confidenceThreshold(weakest, share)));
        evidence.put("modelAutoGrades", model.report().autoGrades());
        List<Map<String, Object>> targets = new ArrayList<>();
        for (int t = 0; t < predictions.size(); t++) {
            ScorePrediction p = predictions.get(t);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", p.target());
            m.put("score", p.score());
            m.put("continuous", p.continuous());
            m.put("confidence", p.confidence());
            m.put("confidenceThreshold", TargetModel.round4(model.confidenceThreshold(t, share)));
            m.put("tolerance", p.tolerance());
            targets.add(m);
        }
        evidence.put("predictions", targets);
        evidence.put("checks", checks.details());
        if (!copies.isEmpty()) {
            evidence.put("exemplarCopies", copies.stream().map(m -> copyEvidence(model, m)).toList());
        }
        if (!matches.isEmpty()) {
            evidence.put("duplicates", matches.stream().map(EssayGrader::matchEvidence).toList());
            if (DuplicateIndex.notShown(matches) > 0) { // the list is capped: say that there is more than it shows
                evidence.put("moreDuplicates", DuplicateIndex.notShown(matches));
            }
        }
        evidence.put("keyTermsUsed", features.keyTermsUsed());
        evidence.put("keyTermsMissing", features.keyTermsMissing());
        evidence.put("unknownWords", features.unknownWords().subList(0, Math.min(20, features.unknownWords().size())));
        List<Spelling.Misspelling> misspellings = Spelling.find(model.profile, text, 10);
        evidence.put("misspellings", misspellings.stream()
                .map(m -> Map.of("word", m.word(), "suggestion", m.suggestion())).toList());
        evidence.put("features", features.asMap());
        if (!reasons.isEmpty()) {
            evidence.put("reasons", reasons);
            return new EssayVerdict.Routed(model.id(), reasons, ROUTED_MESSAGE, evidence);
        }
        List<String> feedback = feedback(model, features, misspellings);
        List<PartResult> parts = new ArrayList<>();
        if (assessment.hasRubric()) {
            for (int t = 0; t < predictions.size(); t++) {
                Criterion c = assessment.criteria().get(t);
                ScorePrediction p = predictions.get(t);
                parts.add(new PartResult(c.id(), p.score() - c.minScore(), c.maxScore() - c.minScore(),
                        correctness(p.score(), c.minScore(), c.maxScore()), List.of()));
            }
        } else {
            parts.add(new PartResult("essay", score, assessment.maxScore(),
                    correctness(score, assessment.minScore(), assessment.maxScore()), feedback));
        }
        String summary = "Score " + score + " out of " + assessment.maxScore() + ". " + String.join(" ", feedback);
        return new EssayVerdict.AutoScored(model.id(),
                new GradeResult(score, assessment.maxScore(), parts, summary.trim(), evidence));
    }

    private static Correctness correctness(int score, int min, int max) {
        if (score >= max) {
            return Correctness.CORRECT;
        }
        return score <= min ? Correctness.INCORRECT : Correctness.PARTIAL;
    }

    /**
     * A match in the course's index. {@code indexId} is the id the earlier essay was added under, whatever the caller
     * chose (the engine's is one per learner and assessment, which it turns into the submission's own ids).
     */
    private static Map<String, Object> matchEvidence(DuplicateIndex.Match m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("indexId", m.id());
        return similarityEvidence(m, out);
    }

    /** A copied exemplar: its position in the list the model was trained on, as an upload's field path, and its score. */
    private static Map<String, Object> copyEvidence(EssayModel model, DuplicateIndex.Match m) {
        int position = ExemplarCopies.position(m);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exemplar", "exemplars[" + position + "]");
        out.put("exemplarScore", Math.round(model.exemplarCopies.scores[position])); // whole points (training checks)
        return similarityEvidence(m, out);
    }

    private static Map<String, Object> similarityEvidence(DuplicateIndex.Match m, Map<String, Object> out) {
        out.put("similarity", m.similarity());
        out.put("containment", m.containment());
        out.put("overlap", m.overlap());
        out.put("passages", m.passages().stream().limit(20).map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("start", p.start());
            pm.put("end", p.end());
            pm.put("otherStart", p.otherStart());
            pm.put("otherEnd", p.otherEnd());
            pm.put("text", p.text());
            return pm;
        }).toList());
        return out;
    }

    /** Feedback a learner can act on, comparing the essay with the exemplars that scored best. */
    List<String> feedback(EssayModel model, EssayFeatures f, List<Spelling.Misspelling> misspellings) {
        List<String> out = new ArrayList<>();
        double lo = model.percentile("top:words", 25);
        double hi = model.percentile("top:words", 75);
        if (!Double.isNaN(lo)) {
            String range = Math.round(lo) + "-" + Math.round(hi);
            if (f.wordCount < lo) {
                out.add("Length: your essay has " + f.wordCount + " words; the best-scored essays for this prompt mostly have "
                        + range + ". Develop your ideas further with explanations and examples.");
            } else if (f.wordCount > hi * 1.5) {
                out.add("Length: your essay has " + f.wordCount + " words, more than the best-scored essays (mostly "
                        + range + "). Make sure every paragraph serves your point.");
            } else {
                out.add("Length: " + f.wordCount + " words, in line with the best-scored essays (mostly " + range + ").");
            }
        }
        int keys = f.keyTermsUsed.size() + f.keyTermsMissing.size();
        if (keys > 0) {
            String line = "Key ideas and terms: you use " + f.keyTermsUsed.size() + " of " + keys + ".";
            List<String> suggested = f.keyTermsMissing.stream().filter(t -> !INSTRUCTION_WORDS.contains(t)).limit(6).toList();
            if (!suggested.isEmpty()) {
                line += " Consider also addressing: " + String.join(", ", suggested) + ".";
            }
            out.add(line);
        }
        double ttrTop = model.percentile("top:long_word_share", 50);
        double longShare = f.dense[EssayFeatures.LONG_WORD_SHARE];
        if (!Double.isNaN(ttrTop)) {
            if (longShare < model.percentile("top:long_word_share", 25)) {
                out.add(String.format(Locale.ROOT, "Vocabulary: %.0f%% of your words have 7 letters or more, against "
                        + "about %.0f%% in the best-scored essays; use more precise and varied words.", 100 * longShare,
                        100 * ttrTop));
            } else {
                out.add(String.format(Locale.ROOT, "Vocabulary: varied (%.0f%% long words; best-scored essays: about %.0f%%).",
                        100 * longShare, 100 * ttrTop));
            }
        }
        double unknown = f.dense[EssayFeatures.UNKNOWN_SHARE];
        double unknownTop = model.percentile("top:unknown_share", 75);
        if (!misspellings.isEmpty()) {
            out.add("Spelling: check these words, which look misspelled: " + String.join(", ", misspellings.stream()
                    .limit(5).map(m -> m.word() + " (" + m.suggestion() + "?)").toList()) + ".");
        } else if (!Double.isNaN(unknownTop) && unknown > Math.max(0.01, unknownTop) && !f.unknownWords.isEmpty()) {
            // Without a dictionary these are only words the exemplars rarely use, many of them rare but right
            // ("machinery", "convenient"): naming them as examples told learners to correct them.
            out.add(String.format(Locale.ROOT, "Spelling: about %.0f%% of your words are ones the exemplar essays "
                    + "rarely use; check their spelling.", 100 * unknown));
        } else {
            out.add("Spelling: few words look misspelled.");
        }
        double sentLo = model.percentile("top:sentence_len_mean", 10);
        double sentHi = model.percentile("top:sentence_len_mean", 90);
        double sentence = f.dense[EssayFeatures.SENTENCE_LEN_MEAN];
        if (!Double.isNaN(sentLo)) {
            if (sentence < sentLo) {
                out.add(String.format(Locale.ROOT, "Sentences: yours average %.0f words; combine short sentences to connect your ideas.", sentence));
            } else if (sentence > sentHi) {
                out.add(String.format(Locale.ROOT, "Sentences: yours average %.0f words; split long sentences and check punctuation.", sentence));
            }
        }
        return out;
    }
}
