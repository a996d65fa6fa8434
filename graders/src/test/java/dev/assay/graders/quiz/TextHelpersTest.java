package dev.assay.graders.quiz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextHelpersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'a b'|'a b'", "'  a  '|'a'", "'a\t\tb'|'a b'", "'a \n b  c'|'a b c'", "'\u2003a\u00a0b'|'a b'",
            "''|''", "'   '|''"})
    void whitespaceNormalisation(String raw, String normal) {
        assertThat(Whitespace.normalise(raw)).isEqualTo(normal);
    }

    @Test
    void normalTextIsReturnedWithoutCopying() {
        String text = "already normal";

        assertThat(Whitespace.normalise(text)).isSameAs(text);
    }

    @Test
    void typedTextIsComposedThenWhitespaceNormalised() {
        assertThat(TypedText.normalise(" cafe\u0301\u00a0 cre\u0300me ")).isEqualTo("caf\u00e9 cr\u00e8me");
        assertThat(TypedText.composed("A\u030a  b")).isEqualTo("\u00c5  b");
        String composed = "déjà vu";
        assertThat(TypedText.normalise(composed)).isSameAs(composed);
    }

    @ParameterizedTest
    @CsvSource({"42, 42", "-3.5, -3.5", "+.5, 0.5", "6.02e23, 6.02e23", "1E-3, 0.001", "7., 7"})
    void plainDecimals(String typed, double value) {
        assertThat(StrictNumber.parse(typed)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "NaN", "Infinity", "-Infinity", "0x10", "1d", "1f", "1e", "1e+", "1,5",
            "1 000", "e5", "--1"})
    void anythingElseIsNotANumber(String typed) {
        assertThat(StrictNumber.parse(typed)).isNaN();
    }

    @Test
    void globIgnoresCaseOfNonAsciiLetters() {
        assertThat(TextMatcher.compile("ÉCOLE*", false, false).matches("école normale")).isTrue();
        assertThat(TextMatcher.compile("ÉCOLE*", true, false).matches("école normale")).isFalse();
    }

    @Test
    void regexIgnoresCaseOfNonAsciiLettersToo() {
        assertThat(TextMatcher.compile("straße|strasse", false, true).matches("STRASSE")).isTrue();
        assertThat(TextMatcher.compile("ÉCOLE", false, true).matches("école")).isTrue();
    }

    @Test
    void acceptedTextEqualityIgnoresTheCompiledForm() {
        assertThat(AcceptedText.of("a*", 1, "f")).isEqualTo(AcceptedText.of("a*", 1, "f"))
                .hasSameHashCodeAs(AcceptedText.of("a*", 1, "f"))
                .isNotEqualTo(AcceptedText.of("a*", 0.5, "f"));
    }
}
