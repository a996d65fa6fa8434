package dev.assay.graders.quiz;

import dev.assay.graders.Violation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.assay.graders.quiz.Fixtures.choice;
import static dev.assay.graders.quiz.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

class QuizValidatorTest {

    private static final SingleChoiceQuestion VALID = Fixtures.single("ok", choice("a", 1), choice("b", 0));

    /** Validates a quiz whose second question is {@code question}, so paths are {@code questions[1]...}. */
    private static List<Violation> violations(Question question) {
        return new Quiz(null, Arrays.asList(VALID, question), false).validate();
    }

    private static List<String> fields(Question question) {
        return violations(question).stream().map(Violation::field).toList();
    }

    @Test
    void validQuizHasNoViolations() {
        assertThat(new Quiz("t", List.of(VALID), true).validate()).isEmpty();
    }

    @Test
    void emptyQuiz() {
        assertThat(new Quiz("t", List.of(), false).validate())
                .containsExactly(new Violation("questions", "must contain at least one question"));
        assertThat(new Quiz("t", null, false).validate()).extracting(Violation::field).containsExactly("questions");
    }

    @Test
    void nullQuestion() {
        assertThat(fields(null)).containsExactly("questions[1]");
    }

    @Test
    void duplicateQuestionIds() {
        assertThat(violations(Fixtures.single("ok", choice("a", 1), choice("b", 0))))
                .containsExactly(new Violation("questions[1].id", "duplicate id 'ok' (also questions[0])"));
    }

    @Test
    void missingOrMalformedIdPromptAndPoints() {
        assertThat(fields(new SingleChoiceQuestion(null, " ", 0.0, null, List.of(choice("a", 1), choice("b", 0)))))
                .containsExactly("questions[1].id", "questions[1].prompt", "questions[1].points");
        assertThat(fields(new SingleChoiceQuestion("has space", "p", -1.0, null, List.of(choice("a", 1), choice("b", 0)))))
                .containsExactly("questions[1].id", "questions[1].points");
        assertThat(fields(new SingleChoiceQuestion("q", "p", Double.POSITIVE_INFINITY, null,
                List.of(choice("a", 1), choice("b", 0))))).containsExactly("questions[1].points");
        // so that totals, summed in millionths, cannot overflow
        assertThat(fields(new SingleChoiceQuestion("q", "p", 1e308, null,
                List.of(choice("a", 1), choice("b", 0))))).containsExactly("questions[1].points");
        assertThat(fields(new SingleChoiceQuestion("q", "p", Question.MAX_POINTS, null,
                List.of(choice("a", 1), choice("b", 0))))).isEmpty();
    }

    @Test
    void choiceRules() {
        assertThat(fields(Fixtures.single("q", choice("a", 1), choice("a", 0), choice("c", 1.5),
                new Choice("", "", 0, null))))
                .containsExactlyInAnyOrder("questions[1].choices[2].fraction", "questions[1].choices[3].id",
                        "questions[1].choices[3].text", "questions[1].choices[1].id");
        assertThat(fields(Fixtures.single("q", choice("a", 1)))).containsExactly("questions[1].choices");
        assertThat(fields(new SingleChoiceQuestion("q", "p", null, null, Arrays.asList(choice("a", 1), null))))
                .containsExactly("questions[1].choices[1]");
    }

    @Test
    void singleChoiceNeedsAFullCreditChoice() {
        assertThat(violations(Fixtures.single("q", choice("a", 0.9), choice("b", 0))))
                .containsExactly(new Violation("questions[1].choices", "at least one choice must have fraction 1"));
    }

    @Test
    void multipleResponseNeedsACorrectChoiceAndReachableFullCredit() {
        assertThat(fields(Fixtures.multiple("q", MultipleResponseMode.ALL_OR_NOTHING, choice("a", 0), choice("b", -1))))
                .containsExactly("questions[1].choices");
        assertThat(violations(Fixtures.multiple("q", MultipleResponseMode.PARTIAL, choice("a", 0.4), choice("b", 0.4))))
                .singleElement().satisfies(v -> assertThat(v.message()).contains("add up to 0.8"));
        assertThat(violations(Fixtures.multiple("q", MultipleResponseMode.EVERY_DECISION,
                choice("a", 0.4), choice("b", 0)))).isEmpty();
    }

    @Test
    void trueFalseNeedsAnAnswer() {
        assertThat(fields(new TrueFalseQuestion("q", "p", null, null, null, null, null)))
                .containsExactly("questions[1].answer");
    }

    @Test
    void numericRules() {
        assertThat(fields(Fixtures.numeric("q"))).containsExactly("questions[1].answers");
        assertThat(fields(Fixtures.numeric("q", AcceptedNumber.interval(2.0, true, 1.0, true, 1, null))))
                .containsExactly("questions[1].answers[0].min");
        assertThat(fields(Fixtures.numeric("q", AcceptedNumber.interval(1.0, false, 1.0, true, 1, null))))
                .containsExactly("questions[1].answers[0]");
        assertThat(fields(Fixtures.numeric("q",
                new AcceptedNumber(1.0, 0.1, 0.1, null, null, null, null, null, null),
                new AcceptedNumber(1.0, -0.1, null, 0.0, null, null, null, 2.0, null),
                new AcceptedNumber(null, 0.1, null, null, null, null, null, null, null),
                new AcceptedNumber(null, 0.1, null, 1.0, null, null, null, null, null))))
                .containsExactly("questions[1].answers[0].relativeTolerance",
                        "questions[1].answers[1]", "questions[1].answers[1].tolerance",
                        "questions[1].answers[1].fraction",
                        "questions[1].answers[2]",
                        "questions[1].answers[3].tolerance");
    }

    @Test
    void intervalEndsMustBeFinite() {
        assertThat(fields(Fixtures.numeric("q",
                AcceptedNumber.interval(Double.NEGATIVE_INFINITY, true, 3.0, true, 1, null),
                AcceptedNumber.interval(0.0, true, Double.POSITIVE_INFINITY, true, 1, null))))
                .containsExactly("questions[1].answers[0].min", "questions[1].answers[1].max");
    }

    @Test
    void numericNeedsAFullCreditAnswer() {
        assertThat(violations(Fixtures.numeric("q", AcceptedNumber.exact(1, 0, 0.5, null))))
                .containsExactly(new Violation("questions[1].answers",
                        "at least one accepted answer must have fraction 1"));
    }

    @Test
    void shortTextRules() {
        assertThat(violations(Fixtures.shortText("q", Fixtures.regex("([a-z]", false))))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("questions[1].answers[0].pattern");
                    assertThat(v.message()).startsWith("is not a valid regular expression");
                });
        assertThat(fields(Fixtures.shortText("q", text(" "), AcceptedText.of("x", -2, null))))
                .containsExactly("questions[1].answers[0].pattern", "questions[1].answers[1].fraction");
        assertThat(fields(Fixtures.shortText("q"))).containsExactly("questions[1].answers");
    }

    @Test
    void matchingRules() {
        MatchingQuestion question = new MatchingQuestion("q", "p", null, null,
                List.of(new Premise("p1", "P1", "o1"), new Premise("p2", "P2", "o9"), new Premise("p1", "P3", null)),
                List.of(new MatchOption("o1", "O1"), new MatchOption("o1", ""), new MatchOption("o2", "O2")), false);

        assertThat(fields(question)).containsExactly(
                "questions[1].options[1].text",
                "questions[1].premises[1].match", "questions[1].premises[2].match",
                "questions[1].premises[2].id", "questions[1].options[1].id");
        assertThat(violations(question)).contains(
                new Violation("questions[1].premises[1].match", "refers to unknown option 'o9'"));
    }

    @Test
    void orderingRules() {
        assertThat(fields(new OrderingQuestion("q", "p", null, null, List.of(new OrderItem("a", "A")), null)))
                .containsExactly("questions[1].items");
        assertThat(fields(new OrderingQuestion("q", "p", null, null,
                List.of(new OrderItem("a", "A"), new OrderItem("a", "B"), new OrderItem("c", null)), null)))
                .containsExactly("questions[1].items[2].text", "questions[1].items[1].id");
    }

    @Test
    void fillBlanksReferencesMustMatchGaps() {
        Gap g1 = new Gap("g1", List.of(text("x")), List.of());
        Gap g2 = new Gap("g2", List.of(text("y")), List.of());

        assertThat(violations(new FillBlanksQuestion("q", "p", null, null, "{{g1}} and {{g3}}", List.of(g1, g2))))
                .containsExactly(
                        new Violation("questions[1].text", "refers to undefined gap 'g3'"),
                        new Violation("questions[1].gaps[1].id", "gap 'g2' does not appear in the text"));
        assertThat(violations(new FillBlanksQuestion("q", "p", null, null, "{{ g1 }} {{g1}} {{g2", List.of(g1))))
                .extracting(Violation::message)
                .containsExactly("has a '{{' without a closing '}}'", "uses gap 'g1' more than once");
        assertThat(fields(new FillBlanksQuestion("q", "p", null, null, null, List.of())))
                .containsExactly("questions[1].gaps", "questions[1].text");
    }

    @Test
    void fillBlanksGapAnswers() {
        Gap empty = new Gap("g1", null, null);
        Gap noFullCredit = new Gap("g2", List.of(AcceptedText.of("x", 0.5, null)), List.of());
        Gap badAnswers = new Gap("g3", List.of(Fixtures.regex("(", true)),
                List.of(AcceptedNumber.interval(5.0, true, 1.0, true, 1, null)));

        assertThat(fields(new FillBlanksQuestion("q", "p", null, null, "{{g1}} {{g2}} {{g3}}",
                List.of(empty, noFullCredit, badAnswers))))
                .containsExactly("questions[1].gaps[0].answers", "questions[1].gaps[1].answers",
                        "questions[1].gaps[2].answers[0].pattern", "questions[1].gaps[2].numericAnswers[0].min");
    }
}
