package dev.assay.graders.code;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckerTest {

    @Test
    void exactMeansExact() {
        Checker.Exact exact = new Checker.Exact();
        assertThat(exact.check("5\n", "5\n").passed()).isTrue();
        assertThat(exact.check("5\n", "5").passed()).isFalse();
        assertThat(exact.check("5\n", "5 \n").passed()).isFalse();
        assertThat(exact.check("5\n", "5\r\n").passed()).isFalse();
    }

    @Test
    void trailingWhitespaceForgivesWhatCannotBeSeen() {
        Checker.TrailingWhitespace checker = new Checker.TrailingWhitespace();
        assertThat(checker.check("a\nb\n", "a  \nb\t\n\n\n").passed()).isTrue();
        assertThat(checker.check("a\nb\n", "a\r\nb").passed()).isTrue();
        assertThat(checker.check("a\nb\n", " a\nb\n").passed()).isFalse();
        assertThat(checker.check("a\nb\n", "a\n\nb\n").passed()).isFalse();
        assertThat(checker.check("", "\n \n").passed()).isTrue();
    }

    @Test
    void tokensIgnoreLayout() {
        Checker.Tokens tokens = new Checker.Tokens(false);
        assertThat(tokens.check("1 2 3\n", "1\n2\n   3").passed()).isTrue();
        Checker.Check wrong = tokens.check("1 2 3", "1 2 4");
        assertThat(wrong.passed()).isFalse();
        assertThat(wrong.message()).isEqualTo("token 3: expected '3', got '4'");
        assertThat(tokens.check("1 2 3", "1 2").message()).isEqualTo("expected 3 tokens, got 2");
        assertThat(tokens.check("Yes", "yes").passed()).isFalse();
        assertThat(new Checker.Tokens(true).check("Yes", "YES").passed()).isTrue();
    }

    @Test
    void floatsWithinAbsoluteOrRelativeTolerance() {
        Checker.FloatTolerance absolute = new Checker.FloatTolerance(1e-3, 0);
        assertThat(absolute.check("3.14159\n", "3.1411").passed()).isTrue();
        assertThat(absolute.check("3.14159\n", "3.14").passed()).isFalse();
        assertThat(absolute.check("area 2.0", "area 2.0004").passed()).isTrue();
        assertThat(absolute.check("area 2.0", "Area 2.0").passed()).isFalse();
        assertThat(absolute.check("2.0", "two").message()).contains("expected a number");
        Checker.FloatTolerance relative = new Checker.FloatTolerance(0, 1e-6);
        assertThat(relative.check("1e9", "1000000500").passed()).isTrue();
        assertThat(relative.check("1e9", "1000002000").passed()).isFalse();
        assertThat(new Checker.FloatTolerance(0, 0).check("1", "1.000").passed()).isTrue();
        assertThat(absolute.check("1 2", "1 2 3").passed()).isFalse();
        assertThat(absolute.check("1", "nan").passed()).isFalse();
        assertThatThrownBy(() -> new Checker.FloatTolerance(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checker.FloatTolerance(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void regexMatchesTheWholeOutput() {
        Checker.Regex regex = new Checker.Regex("Hello, \\w+!", false);
        assertThat(regex.check("", "Hello, Ada!\n").passed()).isTrue();
        assertThat(regex.check("", "Hello, Ada! bye").passed()).isFalse();
        assertThat(new Checker.Regex("(?s)start.*end", false).check("", "start\nmiddle\nend\n").passed()).isTrue();
        assertThat(new Checker.Regex("yes", true).check("", "YES").passed()).isTrue();
        assertThat(Checker.Regex.problem("(unclosed")).contains("not a valid regular expression");
        assertThat(Checker.Regex.problem("a+")).isNull();
    }

    @Test
    void aCatastrophicRegexIsAbandonedNotWaitedFor() {
        Checker.Regex evil = new Checker.Regex("(.*a){20}b", false);
        long start = System.nanoTime();
        assertThatThrownBy(() -> evil.check("", "a".repeat(28)))
                .isInstanceOf(Checker.CheckerFailure.class)
                .hasMessageContaining("took longer");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
    }
}
