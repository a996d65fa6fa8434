package dev.assay.graders.essay;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The learnt sentence-to-sentence steps on stories with a real order ({@link StoryFixtures}): a written story's
 * steps score better than the same story read backwards, and an exemplar is judged without its own counts.
 */
class SentenceTransitionsTest {

    private static final List<EssayText> EXEMPLARS = new ArrayList<>();
    private static SentenceTransitions transitions;

    @BeforeAll
    static void train() {
        for (Exemplar e : StoryFixtures.exemplars(150, 5)) {
            EssayText t = EssayText.analyze(e.text());
            EXEMPLARS.add(t);
        }
        transitions = SentenceTransitions.train(EXEMPLARS, OrderModel.MIN_SENTENCES);
    }

    private static double steps(double[][] follow, List<Integer> order) {
        double sum = 0;
        for (int i = 0; i + 1 < order.size(); i++) {
            sum += follow[order.get(i)][order.get(i + 1)];
        }
        return sum / (order.size() - 1);
    }

    @Test
    void aWrittenStoryStepsBetterThanItsReversalAndARandomOrder() {
        Random random = new Random(3);
        int reversedWorse = 0;
        int shuffledWorse = 0;
        int stories = 30;
        for (int k = 0; k < stories; k++) {
            EssayText t = EssayText.analyze(StoryFixtures.story(6 + random.nextInt(3), random));
            int s = OrderModel.sentences(t);
            double[][] follow = transitions.scores(t, s, false);
            List<Integer> written = new ArrayList<>();
            for (int i = 0; i < s; i++) {
                written.add(i);
            }
            List<Integer> reversed = new ArrayList<>(written);
            Collections.reverse(reversed);
            List<Integer> shuffled = new ArrayList<>(written);
            Collections.shuffle(shuffled, random);
            if (steps(follow, reversed) < steps(follow, written)) {
                reversedWorse++;
            }
            if (steps(follow, shuffled) < steps(follow, written)) {
                shuffledWorse++;
            }
        }
        assertThat(reversedWorse).isEqualTo(stories);
        assertThat(shuffledWorse).isGreaterThanOrEqualTo(stories * 9 / 10);
    }

    @Test
    void pairsThatNeverOccurScoreNothingAndScoresHaveNoDiagonal() {
        SentenceTransitions empty = SentenceTransitions.train(List.of(), OrderModel.MIN_SENTENCES);
        EssayText t = EXEMPLARS.get(0);
        int s = OrderModel.sentences(t);
        double[][] none = empty.scores(t, s, false);
        for (double[] row : none) {
            for (double x : row) {
                assertThat(x).isZero();
            }
        }
        double[][] learnt = transitions.scores(t, s, false);
        for (int i = 0; i < s; i++) {
            assertThat(learnt[i][i]).isZero();
        }
    }

    @Test
    void anExemplarIsScoredWithoutItsOwnPairs() {
        // Trained on one story only, its own pairs are all the model knows: left out, nothing remains.
        EssayText only = EXEMPLARS.get(1);
        SentenceTransitions one = SentenceTransitions.train(List.of(only), OrderModel.MIN_SENTENCES);
        int s = OrderModel.sentences(only);
        double[][] asNew = one.scores(only, s, false);
        double[][] asExemplar = one.scores(only, s, true);
        assertThat(asNew[0][1]).isPositive();
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                assertThat(asExemplar[a][b]).as("pair %d %d", a, b).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }
}
