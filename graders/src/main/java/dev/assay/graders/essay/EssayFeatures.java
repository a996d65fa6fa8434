package dev.assay.graders.essay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of one essay relative to a prompt's profile: hand-crafted measures (length, vocabulary,
 * spelling, punctuation, prompt and key-term coverage, similarity to exemplars by score band, coherence,
 * repetition) plus a hashed n-gram vector. Values are raw (not standardised).
 */
public final class EssayFeatures {

    /** Names of the hand-crafted features, in order. */
    public static final List<String> NAMES = List.of(
            "words_log", "words_sqrt", "chars_log", "sentences_log", "sentence_len_mean", "sentence_len_sd",
            "word_len_mean", "word_len_sd", "long_word_share", "distinct_log", "type_token_ratio", "guiraud",
            "function_word_share", "unknown_share", "unknown_log", "commas_per_sentence", "semicolons_per_word",
            "questions_per_sentence", "exclamations_per_sentence", "quotes_per_word", "apostrophes_per_word",
            "parentheses_per_word", "lowercase_start_share", "lowercase_i_share", "paragraphs_log", "number_share",
            "prompt_overlap", "key_term_coverage", "topic_similarity",
            "sim_band_0", "sim_band_1", "sim_band_2", "sim_band_3", "sim_band_4", "sim_band_5", "sim_expected",
            "coherence_adjacent", "coherence_ratio", "repeated_sentence_share", "repeated_5gram_share",
            "bigram_coverage", "copy_share", "content_distinct_log");

    static final int WORDS_LOG = 0;
    static final int SENTENCE_LEN_MEAN = 4;
    static final int TYPE_TOKEN_RATIO = 10;
    static final int LONG_WORD_SHARE = 8;
    static final int UNKNOWN_SHARE = 13;
    static final int PROMPT_OVERLAP = 26;
    static final int KEY_TERM_COVERAGE = 27;
    static final int TOPIC_SIMILARITY = 28;
    static final int COHERENCE_ADJACENT = 36;
    static final int COHERENCE_RATIO = 37;
    static final int REPEATED_SENTENCE_SHARE = 38;
    static final int REPEATED_5GRAM_SHARE = 39;
    static final int BIGRAM_COVERAGE = 40;
    static final int COPY_SHARE = 41;
    static final int SIM_BAND_0 = 29;
    static final int SIM_EXPECTED = 35;
    static final int MAX_BANDS = 6;

    final double[] dense;
    final SparseVector ngrams;
    final int wordCount;
    final int distinctWords;
    final List<String> unknownWords;
    final List<String> keyTermsUsed;
    final List<String> keyTermsMissing;
    /** Markers of sequence (first, in conclusion, ...) found where they make no sense. */
    final int misplacedMarkers;
    /** Share of determiners followed by a function word that cannot follow one ("the of", "a and"). */
    double determinerErrors;
    int determiners;
    /** Set for exemplars during training (order model), for the routing percentiles. */
    double shuffledProbability;
    /** Permutation-test rank of the sentence order (exemplars only; see {@link OrderModel#rank}). */
    double orderRank;
    /** Anchor-term coverage (exemplars only; see {@link TopicAnchors}). */
    double anchorCoverage;
    /** The most distinct key terms any one sentence uses: a list of them stands far above real sentences. */
    int keyTermsInOneSentence;
    /** The most distinct key terms in a sentence that is a bare list (no function word but "and", "or"). */
    int keyTermsInAList;

    EssayFeatures(double[] dense, SparseVector ngrams, int wordCount, int distinctWords, List<String> unknownWords,
                  List<String> keyTermsUsed, List<String> keyTermsMissing, int misplacedMarkers) {
        this.dense = dense;
        this.ngrams = ngrams;
        this.wordCount = wordCount;
        this.distinctWords = distinctWords;
        this.unknownWords = List.copyOf(unknownWords);
        this.keyTermsUsed = List.copyOf(keyTermsUsed);
        this.keyTermsMissing = List.copyOf(keyTermsMissing);
        this.misplacedMarkers = misplacedMarkers;
    }

    public double get(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature " + name);
        }
        return dense[i];
    }

    public int wordCount() {
        return wordCount;
    }

    /** Words that neither the exemplars (at least two of them), the prompt, the source nor the built-in list use. */
    public List<String> unknownWords() {
        return unknownWords;
    }

    public List<String> keyTermsUsed() {
        return keyTermsUsed;
    }

    public List<String> keyTermsMissing() {
        return keyTermsMissing;
    }

    /** Feature name to value, rounded to 4 decimals (for evidence). */
    public Map<String, Double> asMap() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            out.put(NAMES.get(i), Math.round(dense[i] * 10_000) / 10_000.0);
        }
        return out;
    }
}
