package dev.assay.graders.essay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EssayTextTest {

    @Test
    void tokenisesStemsAndKeepsOffsets() {
        String s = "Computers are Helping students. They learned 3.5 times faster!";
        EssayText t = EssayText.analyze(s);
        assertThat(t.words()).containsExactly("computers", "are", "helping", "students", "they", "learned", "3.5",
                "times", "faster");
        assertThat(t.stems()).contains("comput", "help", "student", "learn");
        assertThat(s.substring(t.starts[2], t.ends[2])).isEqualTo("Helping");
        assertThat(t.numeric[6]).isTrue();
        assertThat(t.sentenceCount()).isEqualTo(2);
        assertThat(t.exclamations).isEqualTo(1);
    }

    @Test
    void splitsSentencesAndParagraphsAndCountsPunctuation() {
        String s = "first sentence, with a comma; and more. Second one?  \n\n Third paragraph: \"quoted\" (aside) it's i who wrote it";
        EssayText t = EssayText.analyze(s);
        assertThat(t.sentenceCount()).isEqualTo(3);
        assertThat(t.paragraphs).isEqualTo(2);
        assertThat(t.commas).isEqualTo(1);
        assertThat(t.semicolons).isEqualTo(2);
        assertThat(t.questionMarks).isEqualTo(1);
        assertThat(t.quotes).isEqualTo(2);
        assertThat(t.parentheses).isEqualTo(2);
        assertThat(t.apostrophes).isEqualTo(1);
        assertThat(t.lowercaseSentenceStarts).isEqualTo(1);
        assertThat(t.lowercaseI).isEqualTo(1);
    }

    @Test
    void emptyAndNullTextsHaveNoWords() {
        assertThat(EssayText.analyze("").wordCount()).isZero();
        assertThat(EssayText.analyze(null).wordCount()).isZero();
        assertThat(EssayText.analyze("   ...  ").sentenceCount()).isEqualTo(1);
    }
}
