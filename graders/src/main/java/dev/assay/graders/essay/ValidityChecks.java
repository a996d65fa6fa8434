package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validity checks that route an essay whatever the model's confidence: empty, gibberish, off-topic, a copy of
 * the prompt or source, repetitive, longer than any exemplar, a list of key terms, incoherently ordered. Each
 * measured value goes into the details with the limit it was held to, for staff. Confidence and duplicates are
 * {@link EssayGrader}'s. Stateless.
 */
final class ValidityChecks {

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
    static final int ANCHOR_PERCENTILE = 8;
    static final int WEAK_TOPIC_PERCENTILE = 10;
    /** Share of function words from which a text reads as prose (English prose: 0.4-0.55). */
    static final double PROSE_FUNCTION_WORDS = 0.2;

    /** Results of the validity checks (no confidence, no duplicates). */
    record Checks(List<RouteReason> reasons, Map<String, Object> details) {
    }

    private ValidityChecks() {
    }

    /** The validity checks, with the measured values and limits for staff. */
    static Checks check(EssayAssessment assessment, EssayModel model, EssayText text, EssayFeatures f) {
        return check(assessment, model, text, f, model.predict(f));
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

    static Checks check(EssayAssessment assessment, EssayModel model, EssayText text, EssayFeatures f,
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
}
