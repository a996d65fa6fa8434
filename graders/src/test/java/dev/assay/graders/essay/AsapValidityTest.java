package dev.assay.graders.essay;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validity cases of issue 3 on every ASAP-AES prompt ({@link ValidityCases}): for each prompt a model trained
 * on parts 0 and 1 (with a prompt text in our own words, as real assessments have one) grades essays built from
 * part 2. None of the gaming attempts may be auto-accepted above the median of the exemplar scores, except shuffled
 * essays, whose remaining count is bounded here and reported in benchmarks/RESULTS.md. Skipped when the shared data
 * is absent; {@link OrderModelTest} and {@link TopicAnchorsTest} cover the same routing on hand-written stories.
 */
class AsapValidityTest {

    private static final List<ValidityCases.PromptResult> RESULTS = new ArrayList<>();

    @BeforeAll
    static void run() {
        List<AsapTsv.Essay> train = AsapData.parts(0, 1);
        List<AsapTsv.Essay> test = AsapData.parts(2);
        for (int p = 1; p <= 8; p++) {
            RESULTS.add(ValidityCases.run(p, train, test, true));
        }
        RESULTS.forEach(r -> System.out.println(r.row()));
    }

    private static int total(Function<ValidityCases.PromptResult, ValidityCases.Count> which) {
        return RESULTS.stream().mapToInt(r -> which.apply(r).autoHigh()).sum();
    }

    @Test
    void everyCaseWasBuiltForEveryPrompt() {
        assertThat(RESULTS).hasSize(8).allSatisfy(r -> {
            assertThat(r.promptCopy().total()).isEqualTo(3);
            assertThat(r.salad().total()).isEqualTo(ValidityCases.SALADS);
            assertThat(r.pairedOffTopic().total()).isEqualTo(ValidityCases.OFF_TOPIC);
            assertThat(r.otherOffTopic().total()).isEqualTo(ValidityCases.OFF_TOPIC);
            assertThat(r.padded().total()).isGreaterThanOrEqualTo(ValidityCases.GOOD * 3 / 4);
            assertThat(r.shuffled().total()).isGreaterThanOrEqualTo(ValidityCases.GOOD * 3 / 4);
        });
    }

    @Test
    void realEssaysAreMostlyAutoAcceptedAndFewAreRoutedByTheChecks() {
        assertThat(RESULTS).allSatisfy(r -> {
            assertThat(r.genuineAuto()).as("prompt %d auto-accepted", r.prompt()).isGreaterThanOrEqualTo(r.genuine() * 2 / 5);
            assertThat(r.genuineRoutedByChecks()).as("prompt %d routed by checks", r.prompt())
                    .isLessThanOrEqualTo(r.genuine() / 4);
        });
    }

    @Test
    void aboutTheAutoGradeShareOfRealEssaysIsAutoGraded() {
        // The assessments ask for 70 %. With thresholds taken as the plain 30th percentile of confidences, the
        // essays the checks route came on top: 55 % of these held-out essays were auto-graded (51-62 % per prompt).
        int genuine = RESULTS.stream().mapToInt(ValidityCases.PromptResult::genuine).sum();
        int auto = RESULTS.stream().mapToInt(ValidityCases.PromptResult::genuineAuto).sum();
        assertThat((double) auto / genuine).isBetween(0.6, 0.75);
        assertThat(RESULTS).allSatisfy(r -> assertThat((double) r.genuineAuto() / r.genuine())
                .as("prompt %d", r.prompt()).isBetween(0.55, 0.8));
    }

    @Test
    void copiesOfThePromptAreNeverAutoAccepted() {
        assertThat(RESULTS).allSatisfy(r -> assertThat(r.copiesAutoAtAnyScore()).as("prompt %d", r.prompt()).isZero());
    }

    @Test
    void essaysOfOtherPromptsAreRoutedAtAnyScore() {
        // 3 of these 960; over every held-out essay of the other prompts under each prompt, 27 of 18,172 are
        // auto-scored, one above the median (benchmarks/RESULTS.md, Validity). Before: 1,147.
        int auto = RESULTS.stream().mapToInt(ValidityCases.PromptResult::offTopicAutoAtAnyScore).sum();
        assertThat(auto).isLessThanOrEqualTo(5);
        // And staff are told why: off-topic, not gibberish (real English in other words has few of the exemplars'
        // word pairs, which alone called it gibberish).
        int gibberish = RESULTS.stream().mapToInt(ValidityCases.PromptResult::offTopicCalledGibberish).sum();
        assertThat(gibberish).as("off-topic essays routed as gibberish only").isLessThanOrEqualTo(10);
    }

    @Test
    void wordSaladIsNeverAutoAcceptedAtAHighScore() {
        assertThat(total(ValidityCases.PromptResult::salad)).isZero();
    }

    @Test
    void paddedEssaysAreNeverAutoAcceptedAtAHighScore() {
        assertThat(total(ValidityCases.PromptResult::padded)).isZero();
    }

    @Test
    void essaysOfOtherPromptsAreNotAutoAcceptedAtAHighScore() {
        assertThat(total(ValidityCases.PromptResult::otherOffTopic)).isZero();
        // The hardest pair is prompt 8 (laughter) under prompt 7 (patience): 22 of 60 were accepted before the
        // anchor check.
        assertThat(total(ValidityCases.PromptResult::pairedOffTopic)).isZero();
    }

    @Test
    void twoGoodEssaysRunTogetherAreRarelyAutoAcceptedAtAHighScore() {
        // Measured: 54 of 320 (0-13 per prompt; 164 when the length limit was 1.5 times the longest exemplar + 50
        // words). Pairs no longer than the longest exemplar read as one long essay on the topic.
        assertThat(total(ValidityCases.PromptResult::joined)).isLessThanOrEqualTo(70);
        assertThat(RESULTS).allSatisfy(r -> assertThat(r.joined().total()).isEqualTo(ValidityCases.GOOD));
    }

    @Test
    void theKeyTermsTheFeedbackSuggestsPastedInAsAListAreNeverAutoAcceptedAtAHighScore() {
        // 50 of 320 before the keyword-list check (1-12 per prompt), against 24 of the same essays without the list.
        assertThat(total(ValidityCases.PromptResult::listed)).isZero();
        assertThat(RESULTS).allSatisfy(r -> assertThat(r.listed().total()).isGreaterThanOrEqualTo(ValidityCases.GOOD / 2));
    }

    @Test
    void shuffledCopiesOfACoursesSubmissionsOrOfExemplarsAreNeverAutoAcceptedAtAHighScore() {
        // The order model alone lets a few shuffles through (below); a shuffle of work Assay has seen (another
        // learner's submission, an exemplar) keeps its 5-word shingles, and the copy checks route it whatever its order.
        assertThat(RESULTS).allSatisfy(r -> {
            assertThat(r.shuffledCourseCopy().total()).isGreaterThanOrEqualTo(ValidityCases.GOOD * 3 / 4);
            assertThat(r.shuffledExemplar().total()).isGreaterThanOrEqualTo(ValidityCases.GOOD * 3 / 4);
        });
        assertThat(total(ValidityCases.PromptResult::shuffledCourseCopy)).isZero();
        assertThat(total(ValidityCases.PromptResult::shuffledExemplar)).isZero();
    }

    @Test
    void shuffledEssaysAreRarelyAutoAcceptedAtAHighScore() {
        // Measured: 11 of 320 (0-2 per prompt; 9 when fewer real essays were auto-graded, see RESULTS.md). A shuffled essay's rank among the permutations of its sentences is
        // uniform, so what passes is bounded by the share of good essays the order check may route (see OrderModel).
        assertThat(total(ValidityCases.PromptResult::shuffled)).isLessThanOrEqualTo(16);
        assertThat(RESULTS).allSatisfy(r -> assertThat(r.shuffled().autoHigh()).isLessThanOrEqualTo(3));
    }
}
