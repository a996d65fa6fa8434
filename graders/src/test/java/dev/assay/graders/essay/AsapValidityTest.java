package dev.assay.graders.essay;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validity cases on a model trained on real essays (ASAP-AES prompt 1, parts 0 and 1): essays that game the
 * scorer must not be auto-accepted at a high score. Skipped when the shared data is absent.
 */
class AsapValidityTest {

    /** A prompt on the topic of ASAP prompt 1, in our own words (the data set does not include prompt texts). */
    static final String PROMPT_1 = "Computers are now part of daily life, and people disagree about whether that is "
            + "good. Supporters say computers improve coordination, let people learn about distant countries and "
            + "cultures, and make it easy to chat with others online. Critics worry that people sit at their screens "
            + "for hours instead of exercising, going outside and spending time with family and friends. Write a "
            + "letter to the editor of your local newspaper giving your opinion on how computers affect people, and "
            + "convince readers to agree with you.";

    private static EssayAssessment assessment;
    private static EssayModel model;
    private static List<AsapTsv.Essay> held;
    private static List<AsapTsv.Essay> others;
    private static final EssayGrader GRADER = new EssayGrader();

    @BeforeAll
    static void train() {
        List<AsapTsv.Essay> train = AsapData.parts(0, 1);
        List<AsapTsv.Essay> test = AsapData.parts(2);
        assessment = new EssayAssessment(PROMPT_1, "", 2, 12, 0.7, List.of());
        model = EssayModel.train(assessment, train.stream().filter(e -> e.prompt() == 1)
                .map(e -> new Exemplar(e.text(), e.score())).toList());
        held = test.stream().filter(e -> e.prompt() == 1).toList();
        others = test.stream().filter(e -> e.prompt() >= 3).toList();
    }

    private static boolean autoHigh(String essay) {
        EssayVerdict v = GRADER.grade(assessment, model, essay, null);
        return v instanceof EssayVerdict.AutoScored a && a.result().score() >= 8;
    }

    private static List<AsapTsv.Essay> best(int count) {
        return held.stream().filter(e -> e.score() >= 10).limit(count).toList();
    }

    private static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        java.text.BreakIterator it = java.text.BreakIterator.getSentenceInstance(java.util.Locale.ENGLISH);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != java.text.BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void goodEssaysAsWrittenAreMostlyAutoAccepted() {
        List<AsapTsv.Essay> best = best(30);
        long accepted = best.stream().filter(e -> GRADER.grade(assessment, model, e.text(), null)
                instanceof EssayVerdict.AutoScored).count();
        assertThat(accepted).isGreaterThanOrEqualTo(best.size() / 3);
        assertThat(model.report().qwk()).isGreaterThan(0.75);
    }

    @Test
    void aCopyOfThePromptIsNeverAutoAccepted() {
        assertThat(GRADER.grade(assessment, model, PROMPT_1, null)).isInstanceOf(EssayVerdict.Routed.class);
        assertThat(autoHigh("Dear newspaper, " + PROMPT_1 + " Thank you.")).isFalse();
    }

    @Test
    void wordSaladIsNeverAutoAcceptedAtAHighScore() {
        List<String> vocabulary = new ArrayList<>();
        for (AsapTsv.Essay e : held) {
            vocabulary.addAll(EssayText.analyze(e.text()).words());
        }
        Random random = new Random(11);
        for (int i = 0; i < 25; i++) {
            StringBuilder s = new StringBuilder();
            int words = 150 + random.nextInt(400);
            for (int w = 0; w < words; w++) {
                s.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(w % 14 == 13 ? ". " : " ");
            }
            assertThat(autoHigh(s.toString())).as("salad %d", i).isFalse();
        }
    }

    @Test
    void paddedEssaysAreNeverAutoAcceptedAtAHighScore() {
        for (AsapTsv.Essay e : best(25)) {
            List<String> s = sentences(e.text());
            String padded = e.text() + " " + String.join(" ", s.subList(0, Math.max(1, s.size() / 2)));
            assertThat(autoHigh(padded)).as("padded essay %s", e.id()).isFalse();
        }
    }

    @Test
    void offTopicEssaysFromOtherPromptsAreNotAutoAcceptedAtAHighScore() {
        List<AsapTsv.Essay> sample = new ArrayList<>(others);
        Collections.shuffle(sample, new Random(5));
        long high = sample.stream().limit(60).filter(e -> autoHigh(e.text())).count();
        assertThat(high).isZero();
    }

    @Test
    void shuffledSentenceEssaysAreRarelyAutoAcceptedAtAHighScore() {
        Random random = new Random(3);
        int high = 0;
        List<AsapTsv.Essay> best = best(40);
        for (AsapTsv.Essay e : best) {
            List<String> s = new ArrayList<>(sentences(e.text()));
            Collections.shuffle(s, random);
            if (autoHigh(String.join(" ", s))) {
                high++;
            }
        }
        // Measured: 1 of 40 for this prompt (see benchmarks/RESULTS.md for every prompt); the order model cannot
        // tell every shuffled essay from a real one.
        assertThat(high).isLessThanOrEqualTo(best.size() / 10);
    }
}
