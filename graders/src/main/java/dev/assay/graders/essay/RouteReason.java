package dev.assay.graders.essay;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an essay goes to peer or staff review instead of being auto-accepted. */
public enum RouteReason {
    /** No words at all. */
    EMPTY,
    /** Mostly words or word sequences that no exemplar uses: keyboard mashing, word salad, another language. */
    GIBBERISH,
    /** Far from what the exemplars write about. */
    OFF_TOPIC,
    /** Mostly a copy of the prompt or source text. */
    COPIES_PROMPT,
    /**
     * Nearly the same as one of the exemplars the model was trained on (a published sample answer, say): scored, it
     * would get the score staff gave the original.
     */
    COPIES_EXEMPLAR,
    /** Nearly the same as another submission of the course. */
    NEAR_DUPLICATE,
    /** Padded with repeated sentences or passages. */
    REPETITIVE,
    /**
     * A sentence that lists more of the key terms than any exemplar's sentence uses: terms named, not used (the
     * feedback names the terms an essay misses, and pasting them in raised its score).
     */
    KEYWORD_LIST,
    /** Sentences in an order that makes no sense (e.g. shuffled). */
    INCOHERENT,
    /** Longer than any exemplar: the model has not seen such essays (or two essays were run together). */
    UNUSUAL_LENGTH,
    /** The model's confidence is under the threshold set by the auto-grade share. */
    LOW_CONFIDENCE,
    /** No model is trained for the assessment's version, and peers grade its essays: people score it. */
    NO_MODEL;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
