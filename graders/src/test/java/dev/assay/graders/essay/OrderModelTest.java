package dev.assay.graders.essay;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order model and its per-essay permutation test on stories with a real order ({@link StoryFixtures}), and
 * the routing that uses them: a shuffled story predicted above the median is routed as incoherent. This covers on
 * synthetic data what {@link AsapValidityTest} measures on ASAP-AES.
 */
class OrderModelTest {

    private static EssayAssessment assessment;
    private static EssayModel model;
    private static final List<String> WRITTEN = new ArrayList<>();
    private static final List<String> SHUFFLED = new ArrayList<>();

    @BeforeAll
    static void train() {
        assessment = new EssayAssessment(StoryFixtures.PROMPT, "", 0, 4, 1.0, List.of());
        model = EssayModel.train(assessment, StoryFixtures.exemplars(150, 1));
        Random random = new Random(99);
        for (int i = 0; i < 40; i++) {
            String story = StoryFixtures.story(6 + random.nextInt(3), random);
            WRITTEN.add(story);
            SHUFFLED.add(StoryFixtures.shuffled(story, random));
        }
    }

    private static double median(List<String> essays) {
        double[] ranks = essays.stream().mapToDouble(e -> model.order.rank(EssayText.analyze(e))).sorted().toArray();
        return ranks[ranks.length / 2];
    }

    @Test
    void writtenStoriesBeatMostPermutationsOfTheirSentencesAndShuffledOnesDoNot() {
        assertThat(median(WRITTEN)).isLessThanOrEqualTo(0.05);
        // A shuffled story is one random order among others: its rank is spread over (0, 1].
        assertThat(median(SHUFFLED)).isGreaterThan(0.2);
        double written = WRITTEN.stream().mapToDouble(e -> model.order.shuffledProbability(EssayText.analyze(e)))
                .average().orElseThrow();
        double shuffled = SHUFFLED.stream().mapToDouble(e -> model.order.shuffledProbability(EssayText.analyze(e)))
                .average().orElseThrow();
        assertThat(shuffled).isGreaterThan(written + 0.3);
    }

    @Test
    void rankIsDeterministicAndInRange() {
        EssayText t = EssayText.analyze(SHUFFLED.get(0));
        double rank = model.order.rank(t);
        assertThat(rank).isEqualTo(model.order.rank(t)).isBetween(1.0 / (OrderModel.PERMUTATIONS + 1), 1.0);
        assertThat(model.order.judge(t)).isEqualTo(new OrderModel.Judgement(model.order.shuffledProbability(t), rank));
        assertThat(model.order.judge(EssayText.analyze("Too short. To judge."))).isEqualTo(new OrderModel.Judgement(0, 0));
    }

    @Test
    void featuresOfAnOrderDoNotDependOnHowTheyAreComputed() {
        // The evidence is computed once per essay; features of a permutation must match those of the permuted text.
        String story = WRITTEN.get(1);
        List<String> sentences = ValidityCases.sentences(story);
        int[] order = new int[sentences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = order.length - 1 - i;
        }
        List<String> reversed = new ArrayList<>();
        for (int o : order) {
            reversed.add(sentences.get(o));
        }
        double[] viaOrder = new OrderEvidence(model.order, EssayText.analyze(story), false).features(order);
        EssayText reversedText = EssayText.analyze(String.join(" ", reversed));
        double[] viaText = new OrderEvidence(model.order, reversedText, false)
                .features(OrderEvidence.identity(reversedText.sentenceCount()));
        assertThat(viaOrder.length).isEqualTo(OrderModel.FEATURES);
        for (int j = 0; j < viaOrder.length; j++) {
            assertThat(viaOrder[j]).as("feature %d", j).isCloseTo(viaText[j], org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void exemplarsTooShortToLearnOrderFromGiveAModelThatNeverCallsAnOrderShuffled() {
        List<Exemplar> shortOnes = new ArrayList<>();
        for (Exemplar e : StoryFixtures.exemplars(40, 3)) {
            List<String> s = ValidityCases.sentences(e.text());
            shortOnes.add(new Exemplar(String.join(" ", s.subList(0, 3)), e.score()));
        }
        EssayModel small = EssayModel.train(assessment, shortOnes);
        assertThat(small.order.trained()).isFalse();
        EssayText shuffled = EssayText.analyze(SHUFFLED.get(0));
        assertThat(small.order.judge(shuffled)).isEqualTo(new OrderModel.Judgement(0, 0));
        List<ScorePrediction> high = List.of(new ScorePrediction(EssayModel.HOLISTIC, 4, 4, 1, 0));
        assertThat(ValidityChecks.check(assessment, small, shuffled, small.features(shuffled), high).reasons())
                .doesNotContain(RouteReason.INCOHERENT);
    }

    @Test
    void aStoredModelJudgesOrderAndTopicIdentically() {
        EssayModel back = EssayModelCodec.fromBytes(EssayModelCodec.toBytes(model));
        assertThat(back.medianScore).isEqualTo(model.medianScore);
        assertThat(back.anchors.terms()).isEqualTo(model.anchors.terms());
        List<ScorePrediction> high = List.of(new ScorePrediction(EssayModel.HOLISTIC, 4, 4, 1, 0));
        for (String essay : List.of(WRITTEN.get(2), SHUFFLED.get(2), TopicAnchorsTest.OTHER_STORY)) {
            EssayText t = EssayText.analyze(essay);
            assertThat(back.order.judge(t)).isEqualTo(model.order.judge(t));
            assertThat(back.anchors.use(t)).isEqualTo(model.anchors.use(t));
            assertThat(ValidityChecks.check(assessment, back, t, back.features(t), high))
                    .isEqualTo(ValidityChecks.check(assessment, model, t, model.features(t), high));
        }
    }

    @Test
    void shuffledStoriesPredictedAboveTheMedianAreRoutedAsIncoherent() {
        List<ScorePrediction> high = List.of(new ScorePrediction(EssayModel.HOLISTIC, 4, 4, 1, 0));
        int written = 0;
        int shuffled = 0;
        for (int i = 0; i < WRITTEN.size(); i++) {
            EssayText w = EssayText.analyze(WRITTEN.get(i));
            EssayText s = EssayText.analyze(SHUFFLED.get(i));
            if (ValidityChecks.check(assessment, model, w, model.features(w), high).reasons().contains(RouteReason.INCOHERENT)) {
                written++;
            }
            if (ValidityChecks.check(assessment, model, s, model.features(s), high).reasons().contains(RouteReason.INCOHERENT)) {
                shuffled++;
            }
        }
        assertThat(shuffled).isGreaterThanOrEqualTo(WRITTEN.size() * 9 / 10);
        assertThat(written).isLessThanOrEqualTo(WRITTEN.size() / 5);
    }
}
