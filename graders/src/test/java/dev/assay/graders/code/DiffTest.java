package dev.assay.graders.code;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiffTest {

    @Test
    void showsChangedLinesWithContext() {
        String diff = Diff.render("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n");
        assertThat(diff).isEqualTo("""
                --- expected
                +++ your output
                @@ expected line 3, your line 3 @@
                  3
                  4
                - 5
                + five
                  6
                  7
                """);
    }

    @Test
    void missingAndExtraLines() {
        assertThat(Diff.render("a\nb\nc\n", "a\nc\n")).contains("\n- b\n").doesNotContainPattern("(?m)^\\+ ");
        assertThat(Diff.render("a\nc\n", "a\nb\nc\nd\n")).contains("\n+ b\n").contains("\n+ d\n")
                .doesNotContainPattern("(?m)^- ");
        assertThat(Diff.render("x\n", "")).contains("- x\n");
    }

    @Test
    void makesTrailingWhitespaceAndNewlinesVisible() {
        assertThat(Diff.render("a\n", "a  \n")).contains("- a\n").contains("+ a··\n");
        assertThat(Diff.render("a\n", "a")).isEqualTo("(your output lacks the final newline)");
        assertThat(Diff.render("a\n", "a\n")).isEmpty();
    }

    @Test
    void hugeOrVeryDifferentOutputsGetAFirstDifference() {
        String expected = "x\n".repeat(Diff.MAX_LINES + 10);
        String actual = "x\n".repeat(100) + "y\n" + "x\n".repeat(Diff.MAX_LINES);
        assertThat(Diff.render(expected, actual)).startsWith("first difference at line 101:\n- x\n+ y\n");
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            a.append(i).append('\n');
            b.append(-i - 1).append('\n');
        }
        assertThat(Diff.render(a.toString(), b.toString())).startsWith("first difference at line 1:");
    }

    @Test
    void longDiffsAreCut() {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            a.append(i).append('\n');
            b.append(i % 2 == 0 ? i : -i).append('\n');
        }
        String diff = Diff.render(a.toString(), b.toString());
        assertThat(diff).endsWith("… (diff truncated)\n");
        assertThat(diff.lines().count()).isLessThan(Diff.MAX_RENDERED + 40);
    }
}
