package dev.assay.graders.quiz;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One question of a quiz. The JSON {@code "type"} property selects the record.
 *
 * <p>Records fill defaults in their constructors, so {@link #points()} is never null once built;
 * it is boxed only so that a missing value can default to 1 while an explicit 0 is still reported.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SingleChoiceQuestion.class, name = "single_choice"),
        @JsonSubTypes.Type(value = MultipleResponseQuestion.class, name = "multiple_response"),
        @JsonSubTypes.Type(value = TrueFalseQuestion.class, name = "true_false"),
        @JsonSubTypes.Type(value = NumericQuestion.class, name = "numeric"),
        @JsonSubTypes.Type(value = ShortTextQuestion.class, name = "short_text"),
        @JsonSubTypes.Type(value = MatchingQuestion.class, name = "matching"),
        @JsonSubTypes.Type(value = OrderingQuestion.class, name = "ordering"),
        @JsonSubTypes.Type(value = FillBlanksQuestion.class, name = "fill_blanks")
})
public sealed interface Question
        permits SingleChoiceQuestion, MultipleResponseQuestion, TrueFalseQuestion, NumericQuestion,
        ShortTextQuestion, MatchingQuestion, OrderingQuestion, FillBlanksQuestion {

    double DEFAULT_POINTS = 1.0;

    /** Far above any real use; keeps totals (summed in millionths as longs) far from overflow. */
    double MAX_POINTS = 1_000_000.0;

    String id();

    String prompt();

    Double points();

    /** Shown with the question's result whatever the learner answered, e.g. the reasoning behind the key. */
    String generalFeedback();
}
