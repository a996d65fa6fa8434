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
 * or when the model's confidence is under the threshold that the assessment's auto-grade share sets. Stateless and
 * thread-safe.
 */
public final class EssayGrader {

    /** Learners see this for a routed essay (the provisional score is for staff only). */
    public static final String ROUTED_MESSAGE =
            "Your essay has been sent for review by peers or course staff; you will get its score and feedback then.";

    /** Fewest word pairs (used by two exemplars or more) for the word-order part of the gibberish check. */
    static final int MIN_BIGRAMS = 2000;
    /** The fewest key terms in one sentence that can route an essay as a list of them, however few the exemplars. */
    static final int KEY_TERMS_IN_A_SENTENCE = 6;
    /** The fewest key terms in a bare list that can route an essay (ASAP-AES exemplars' lists name at most 2). */
    static final int KEY_TERMS_IN_A_LIST = 3;
    /** Share of misplaced determiners above which a text is word salad. */
    static final double DETERMINER_ERRORS = 0.2;
    /**
     * Percentile of the above-median exemplars' permutation ranks above which an essay predicted above the median
     * is routed as incoherent (that share of good essays as written is routed too).
     */
    static final int RANK_PERCENTILE = 80;
    /**
     * Off-topic at any predicted score: topical similarity under this percentile of all exemplars', or both anchor
     * coverage and similarity low (under {@link #ANCHOR_PERCENTILE} and {@link #WEAK_TOPIC_PERCENTILE}). On
     * ASAP-AES, with every held-out essay of the other seven prompts graded under each prompt, the old rule (0.7
     * times the 1st percentile of similarity; anchors only above the median) auto-scored 1,147 of 18,172 of them
     * below the median; measured on the same essays, this one leaves about 20 for about 50 more of the 1,682 real
     * essays it had auto-scored routed (a similarity limit alone at the 3rd percentile left 30 for 51; anchors
     * alone at the 5th, 69 for 41). See benchmarks/RESULTS.md (Validity).
     */
    static final int TOPIC_PERCENTILE = 1;
    /** Share of function words from which a text reads as prose (English prose: 0.4-0.55). */
    static final double PROSE_FUNCTION_WORDS = 0.2;
    static final int ANCHOR_PERCENTILE = 8;
    static final int WEAK_TOPIC_PERCENTILE = 10;

    /** Results of the validity checks (no confidence, no duplicates). */
    record Checks(List<RouteReason> reasons, Map<String, Object> details) {
    }

    /**
     * Grades without registering the essay; {@code duplicates} may be null: then neither the course's submissions nor
     * the model's exemplars are looked for (pass an empty index for the exemplar check alone).
     */
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
        Checks checks = checks(assessment, model, text, features, predictions);
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

    /** The validity checks, with the measured values and limits for staff. */
    Checks checks(EssayAssessment assessment, EssayModel model, EssayText text, EssayFeatures f) {
        return checks(assessment, model, text, f, model.predict(f));
    }

    /** The predicted total score (the holistic score, or the sum of the criteria). */
    static int total(List<ScorePrediction> predicted) {
        int total = 0;
        for (ScorePrediction p : predicted) {
            total += p.score();
        }
        return total;
    }

    /** Whether the predicted score is in the upper part of the range (the top 40 %). */
    static boolean highScore(EssayModel model, List<ScorePrediction> predicted) {
        return total(predicted) >= model.minScore + EssayModel.HIGH_SHARE * (model.maxScore - model.minScore);
    }

    Checks checks(EssayAssessment assessment, EssayModel model, EssayText text, EssayFeatures f,
                  List<ScorePrediction> predicted) {
        List<RouteReason> reasons = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        int words = text.wordCount();
        if (words == 0) {
            reasons.add(RouteReason.EMPTY);
            return new Checks(reasons, details);
        }
        double bigrams = f.dense[EssayFeatures.BIGRAM_COVERAGE];
        // Word salad sits far below real essays (ASAP-AES: 0.2-0.42 against a 1st percentile of 0.47-0.62); the cap
        // keeps small or formulaic exemplar sets, whose bigrams are few, from calling plain English gibberish.
        double bigramLimit = Math.min(0.45, 0.8 * model.percentile("bigram_coverage", 1));
        double unknown = f.dense[EssayFeatures.UNKNOWN_SHARE];
        double unknownLimit = Math.max(0.5, 1.5 * model.percentile("unknown_share", 99));
        details.put("bigramCoverage", limit(bigrams, bigramLimit, "min"));
        details.put("unknownShare", limit(unknown, unknownLimit, "max"));
        // Word order is judged only when the exemplars give enough word pairs to judge by.
        boolean enoughBigrams = model.profile.bigramDf.size() >= MIN_BIGRAMS;
        // Determiners followed by words that cannot follow them ("the of", "a and") are rare in any English text.
        details.put("determinerErrors", limit(f.determinerErrors, DETERMINER_ERRORS, "max"));
        boolean broken = f.determiners >= 6 && f.determinerErrors > DETERMINER_ERRORS;
        double topic = f.dense[EssayFeatures.TOPIC_SIMILARITY];
        double topicLimit = model.percentile("topic_similarity", TOPIC_PERCENTILE);
        // Few of the exemplars' word pairs or many words they never use is word salad when the text is on the
        // prompt's topic; an essay on another topic has both too, being written in other words, and is told to
        // staff as off-topic, not as gibberish (found in QA: real essays for other prompts were routed as
        // gibberish). So those two are decided after the topic for prose (English prose is a third or more function
        // words; keyboard mash has none); broken grammar is gibberish whatever the topic.
        boolean strangeWords = words >= 5 && ((enoughBigrams && bigrams < bigramLimit) || unknown > unknownLimit);
        boolean prose = f.get("function_word_share") >= PROSE_FUNCTION_WORDS;
        if (words >= 5 && (broken || (strangeWords && !prose))) {
            reasons.add(RouteReason.GIBBERISH);
        }
        // A high score needs more: content like the best exemplars' and a sensible order.
        boolean high = highScore(model, predicted);
        double topTopic = model.percentile("top:topic_similarity", 5);
        if (high && !Double.isNaN(topTopic)) {
            topicLimit = Math.max(topicLimit, Math.min(topTopic, model.percentile("topic_similarity", 10)));
        }
        // With a prompt or source text, a high score also needs its terms about as much as the best exemplars use them.
        boolean farFromPrompt = false;
        double overlapLimit = model.percentile("top:prompt_overlap", 5);
        if (high && !assessment.quotableText().isBlank() && !Double.isNaN(overlapLimit) && overlapLimit > 0) {
            double overlap = f.dense[EssayFeatures.PROMPT_OVERLAP];
            details.put("promptOverlap", limit(overlap, overlapLimit, "min"));
            farFromPrompt = overlap < overlapLimit;
        }
        details.put("topicSimilarity", limit(topic, topicLimit, "min"));
        if ((topic < topicLimit || farFromPrompt) && !reasons.contains(RouteReason.GIBBERISH)) {
            reasons.add(RouteReason.OFF_TOPIC);
        }
        double copy = f.dense[EssayFeatures.COPY_SHARE];
        details.put("copyShare", limit(copy, 0.5, "max"));
        if (copy >= 0.5 && words >= 10) {
            reasons.add(RouteReason.COPIES_PROMPT);
        }
        double repeated = f.dense[EssayFeatures.REPEATED_5GRAM_SHARE];
        double repeatedLimit = Math.max(0.15, model.percentile("repeated_5gram_share", 99) + 0.05);
        double repeatedSentences = f.dense[EssayFeatures.REPEATED_SENTENCE_SHARE];
        double repeatedSentencesLimit = Math.max(0.15, model.percentile("repeated_sentence_share", 99) + 0.05);
        details.put("repeated5gramShare", limit(repeated, repeatedLimit, "max"));
        details.put("repeatedSentenceShare", limit(repeatedSentences, repeatedSentencesLimit, "max"));
        if (repeated > repeatedLimit || repeatedSentences > repeatedSentencesLimit) {
            reasons.add(RouteReason.REPETITIVE);
        }
        // Longer than every exemplar staff scored: the model has not seen such an essay. Two good essays run together
        // (each of which it would score well) are mostly caught here: on ASAP-AES 54 of 320 such pairs are still
        // auto-accepted above the median, against 164 when the limit was 1.5 times the longest exemplar + 50 words,
        // for one more real essay routed of 2,596 (AsapValidityTest).
        double lengthLimit = model.percentile("words", 100);
        details.put("words", limit(words, lengthLimit, "max"));
        if (words > lengthLimit) {
            reasons.add(RouteReason.UNUSUAL_LENGTH);
        }
        // One more than any exemplar's sentence, and never under 6: a sentence may well name several key terms.
        double keyTermLimit = Math.max(KEY_TERMS_IN_A_SENTENCE, model.percentile("key_terms_in_one_sentence", 100) + 1);
        // A bare list may name 3, or as many as an exemplar's list does: the feedback's six missing terms pasted in
        // as one are caught.
        double listLimit = Math.max(KEY_TERMS_IN_A_LIST, model.percentile("key_terms_in_a_list", 100));
        if (!Double.isNaN(keyTermLimit)) {
            details.put("keyTermsInOneSentence", limit(f.keyTermsInOneSentence, keyTermLimit, "max"));
            details.put("keyTermsInAList", limit(f.keyTermsInAList, listLimit, "max"));
            if (f.keyTermsInOneSentence > keyTermLimit || f.keyTermsInAList > listLimit) {
                reasons.add(RouteReason.KEYWORD_LIST);
            }
        }
        // An essay on the prompt uses its anchor terms (what nearly every good answer names), even a weak one: an
        // essay written for another prompt of the same genre can look topical by its words but names few of them.
        // At any score, few anchors with a weak similarity is off-topic; above the exemplars' median a score needs
        // the anchors about as much as nearly every good exemplar has them, whatever the similarity.
        boolean aboveMedian = total(predicted) > model.medianScore;
        if (model.anchors.stems.length > 0) {
            TopicAnchors.Use use = model.anchors.use(text);
            boolean far = false;
            if (aboveMedian && model.anchors.limit > 0) {
                details.put("anchorCoverage", limit(use.coverage(), model.anchors.limit, "min"));
                details.put("anchorDensity", limit(use.density(), model.anchors.densityLimit, "min"));
                far = use.coverage() < model.anchors.limit || use.density() < model.anchors.densityLimit;
            }
            double weakTopic = model.percentile("topic_similarity", WEAK_TOPIC_PERCENTILE);
            double fewAnchors = model.percentile("anchor_coverage", ANCHOR_PERCENTILE);
            if (!far && topic < weakTopic && !Double.isNaN(fewAnchors)) {
                // Shown where it applies, so that staff read the limit the essay was held to.
                details.put("anchorCoverage", limit(use.coverage(), fewAnchors, "min"));
                far = use.coverage() < fewAnchors;
            }
            if (far && !reasons.contains(RouteReason.OFF_TOPIC) && !reasons.contains(RouteReason.GIBBERISH)) {
                reasons.add(RouteReason.OFF_TOPIC);
            }
        }
        if (strangeWords && !reasons.contains(RouteReason.OFF_TOPIC) && !reasons.contains(RouteReason.GIBBERISH)) {
            reasons.add(RouteReason.GIBBERISH);
        }
        // The permutation test costs 99 evaluations of the order features, so it runs only where it is used.
        OrderModel.Judgement order = model.order.judge(text, aboveMedian);
        double shuffledLimit = model.order.threshold;
        double topShuffled = model.percentile("top:shuffled_probability", 80);
        if (high && !Double.isNaN(topShuffled)) {
            shuffledLimit = Math.min(shuffledLimit, Math.max(0.5, topShuffled));
        }
        details.put("shuffledProbability", limit(order.shuffledProbability(), shuffledLimit, "max"));
        boolean incoherent = order.shuffledProbability() > shuffledLimit;
        // A good essay's order beats nearly all random orders of its sentences; a shuffled one's is a random order.
        double rankLimit = model.percentile("high:order_rank", RANK_PERCENTILE);
        if (aboveMedian && !Double.isNaN(rankLimit) && order.rank() > 0) {
            details.put("orderRank", limit(order.rank(), rankLimit, "max"));
            incoherent |= order.rank() > rankLimit;
        }
        if (incoherent) {
            reasons.add(RouteReason.INCOHERENT);
        }
        return new Checks(reasons, details);
    }

    private static Map<String, Object> limit(double value, double limit, String kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", TargetModel.round4(value));
        m.put(kind, TargetModel.round4(limit));
        return m;
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
