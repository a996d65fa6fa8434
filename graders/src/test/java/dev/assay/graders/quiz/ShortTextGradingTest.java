package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.assay.graders.quiz.Fixtures.caseSensitive;
import static dev.assay.graders.quiz.Fixtures.gradeOne;
import static dev.assay.graders.quiz.Fixtures.regex;
import static dev.assay.graders.quiz.Fixtures.shortText;
import static dev.assay.graders.quiz.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

class ShortTextGradingTest {

    private static boolean accepts(AcceptedText answer, String typed) {
        return gradeOne(shortText("q", answer), new Answer.Text(typed)).correctness() == Correctness.CORRECT;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Paris|true", "paris|true", "PARIS|true", "'  Paris  '|true", "Pariss|false", "Pari|false"})
    void caseInsensitiveByDefaultAndTrimmed(String typed, boolean accepted) {
        assertThat(accepts(text("Paris"), typed)).isEqualTo(accepted);
    }

    @Test
    void caseSensitiveWhenAsked() {
        assertThat(accepts(caseSensitive("NaCl"), "NaCl")).isTrue();
        assertThat(accepts(caseSensitive("NaCl"), "nacl")).isFalse();
    }

    @Test
    void whitespaceRunsCollapseInAnswerAndPattern() {
        assertThat(accepts(text("New   York"), "new york")).isTrue();
        assertThat(accepts(text("New York"), " New\t\n York ")).isTrue();
        assertThat(accepts(text("New York"), "New\u00a0York")).isTrue();
        assertThat(accepts(text("New York"), "NewYork")).isFalse();
    }

    /** "café crème" as macOS and iOS keyboards often send it: each accent a combining mark after its letter. */
    static final String DECOMPOSED = "cafe\u0301 cre\u0300me";

    @Test
    void decomposedAccentsMatchComposedPatternsAndTheOtherWayRound() {
        assertThat(accepts(text("café crème"), DECOMPOSED)).isTrue();
        assertThat(accepts(text("Café Crème"), DECOMPOSED)).isTrue();
        assertThat(accepts(caseSensitive("café crème"), DECOMPOSED)).isTrue();
        assertThat(accepts(text(DECOMPOSED), "café crème")).isTrue();
        assertThat(accepts(text("caf* crème"), "  CAFE\u0301\tCRE\u0300ME ")).isTrue();
        assertThat(accepts(text("café crème"), "cafe creme")).as("accents still count").isFalse();
    }

    @Test
    void regexPatternsCompareInTheSameComposedForm() {
        assertThat(accepts(regex("caf[ée] cr[èe]me", true), DECOMPOSED)).isTrue();
        assertThat(accepts(regex("CAFÉ CRÈME", false), DECOMPOSED)).isTrue();
        assertThat(accepts(regex("cafe\u0301 cre\u0300me", true), "café crème")).as("pattern typed decomposed")
                .isTrue();
        assertThat(accepts(regex("caf. cr.me", true), DECOMPOSED)).as("one character each, as seen").isTrue();
    }

    @Test
    void compatibilityCharactersStayDistinct() {
        // NFC, not NFKC: "x²" is not "x2", and a full-width star is not a wildcard.
        assertThat(accepts(caseSensitive("x²"), "x2")).isFalse();
        assertThat(accepts(text("5＊3"), "5 times 3")).isFalse();
        assertThat(accepts(text("5＊3"), "5＊3")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*berg|Heidelberg|true", "*berg|berg|true", "*berg|Bergen|false",
            "photo*|Photosynthesis|true", "photo*|photo|true",
            "*gen*|oxygen|true", "*gen*|Hydrogen atom|true", "*gen*|hydro|false",
            "a*b*c|abc|true", "a*b*c|aXXbYYc|true", "a*b*c|acb|false", "a*b*c|ab|false",
            "ab*ba|aba|false", "ab*ba|abba|true",
            "*|anything|true", "**|x|true"})
    void wildcards(String pattern, String typed, boolean accepted) {
        assertThat(accepts(text(pattern), typed)).isEqualTo(accepted);
    }

    @Test
    void escapedStarIsLiteral() {
        assertThat(accepts(text("2\\*3"), "2*3")).isTrue();
        assertThat(accepts(text("2\\*3"), "2x3")).isFalse();
    }

    @Test
    void regexMustMatchTheWholeAnswer() {
        AcceptedText answer = regex("colou?r", false);

        assertThat(accepts(answer, "color")).isTrue();
        assertThat(accepts(answer, "Colour")).isTrue();
        assertThat(accepts(answer, "colors")).isFalse();
        assertThat(accepts(answer, "watercolor")).isFalse();
    }

    @Test
    void regexCaseSensitivity() {
        assertThat(accepts(regex("H2O|water", true), "H2O")).isTrue();
        assertThat(accepts(regex("H2O|water", true), "h2o")).isFalse();
        assertThat(accepts(regex("h2o", false), "H2O")).isTrue();
    }

    @Test
    void regexSeesWhitespaceNormalisedAnswer() {
        assertThat(accepts(regex("carbon dioxide", false), "  carbon    dioxide ")).isTrue();
    }

    @Test
    void wildcardIsNotSpecialInARegex() {
        assertThat(accepts(regex("a.*", true), "abc")).isTrue();
        assertThat(accepts(text("a.*"), "abc")).isFalse();
        assertThat(accepts(text("a.*"), "a.xyz")).isTrue();
    }

    @Test
    void bestFractionAmongMatchesWinsWithItsFeedback() {
        ShortTextQuestion question = shortText("q",
                AcceptedText.of("*", 0.0, "Not quite."),
                AcceptedText.of("mitochondri*", 0.5, "Spelling."),
                AcceptedText.of("mitochondrion", 1.0, "Yes."));

        PartResult exact = gradeOne(question, new Answer.Text("Mitochondrion"));
        PartResult plural = gradeOne(question, new Answer.Text("mitochondria"));
        PartResult wrong = gradeOne(question, new Answer.Text("nucleus"));

        assertThat(exact.score()).isEqualTo(1.0);
        assertThat(exact.feedback()).containsExactly("Yes.");
        assertThat(plural.score()).isEqualTo(0.5);
        assertThat(plural.feedback()).containsExactly("Spelling.");
        assertThat(wrong.score()).isZero();
        assertThat(wrong.correctness()).isEqualTo(Correctness.INCORRECT);
        assertThat(wrong.feedback()).containsExactly("Not quite.");
    }

    @Test
    void blankTextIsUnanswered() {
        PartResult part = gradeOne(shortText("q", text("*")), new Answer.Text("   "));

        assertThat(part.correctness()).isEqualTo(Correctness.UNANSWERED);
        assertThat(part.score()).isZero();
    }

    @Test
    @Timeout(5)
    void catastrophicRegexGivesUpInsteadOfHanging() {
        AcceptedText evil = regex("(a+)+b", true);

        assertThat(accepts(evil, "a".repeat(60))).isFalse();
        assertThat(accepts(evil, "aaab")).isTrue();
    }
}
