package dev.assay.graders.essay;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anchor terms learned from the exemplars ({@link TopicAnchors}) and the off-topic routing that uses them, on the
 * hand-written stories of {@link StoryFixtures}: a story of the same genre on another subject, predicted above the
 * median, is routed as off-topic. Covers on synthetic data what {@link AsapValidityTest} measures on ASAP-AES.
 */
class TopicAnchorsTest {

    private static EssayAssessment assessment;
    private static EssayModel model;

    /** Another personal story, with the same everyday words but a different subject (a school play). */
    static final String OTHER_STORY = "Last spring my little brother and I were in the school play. We practised "
            + "our lines every evening in the kitchen while our mother cooked dinner. On the night of the show I "
            + "forgot my words, and everybody started laughing. My brother made a funny face and the whole audience "
            + "laughed even harder. Then I remembered the rest of my part and finished the scene. Our teacher "
            + "hugged us after the curtain came down. Since that day I know that laughing at a mistake helps.";

    @BeforeAll
    static void train() {
        assessment = new EssayAssessment("", "", 0, 4, 1.0, List.of());
        model = EssayModel.train(assessment, StoryFixtures.exemplars(150, 1));
    }

    @Test
    void anchorsAreTheSpecificTermsOfGoodExemplarsNotEverydayWords() {
        assertThat(model.anchors.terms()).contains("max").doesNotContain("brother", "dog", "day", "went");
        assertThat(model.anchors.limit).isPositive();
        assertThat(model.anchors.densityLimit).isPositive();
        TopicAnchors.Use own = model.anchors.use(EssayText.analyze(StoryFixtures.story(8, new Random(5))));
        TopicAnchors.Use other = model.anchors.use(EssayText.analyze(OTHER_STORY));
        assertThat(own.coverage()).isGreaterThanOrEqualTo(model.anchors.limit);
        assertThat(other.coverage()).isLessThan(model.anchors.limit);
        assertThat(other.density()).isLessThan(own.density());
    }

    @Test
    void misspelledAnchorsCount() {
        assertThat(TopicAnchors.misspelling("pateint", "patient")).isTrue();
        assertThat(TopicAnchors.misspelling("wating", "waiting")).isTrue();
        assertThat(TopicAnchors.misspelling("laughter", "patient")).isFalse();
        assertThat(TopicAnchors.misspelling("fatient", "patient")).isFalse();   // first letters differ
        assertThat(TopicAnchors.misspelling("cat", "cats")).isFalse();          // too short to guess
        assertThat(TopicAnchors.editDistance("kitten", "sitting", 5)).isEqualTo(3);
        assertThat(TopicAnchors.editDistance("kitten", "sitting", 1)).isEqualTo(2);   // stops early past the bound
    }

    @Test
    void anotherStoryPredictedAboveTheMedianIsRoutedOffTopic() {
        List<ScorePrediction> high = List.of(new ScorePrediction(EssayModel.HOLISTIC, 4, 4, 1, 0));
        EssayText other = EssayText.analyze(OTHER_STORY);
        ValidityChecks.Checks checks = ValidityChecks.check(assessment, model, other, model.features(other), high);
        assertThat(checks.reasons()).contains(RouteReason.OFF_TOPIC);
        assertThat(checks.details()).containsKeys("anchorCoverage", "anchorDensity");
        int routed = 0;
        Random random = new Random(8);
        for (int i = 0; i < 30; i++) {
            EssayText own = EssayText.analyze(StoryFixtures.story(7 + random.nextInt(2), random));
            if (ValidityChecks.check(assessment, model, own, model.features(own), high).reasons().contains(RouteReason.OFF_TOPIC)) {
                routed++;
            }
        }
        // The limits sit at the 8th percentile of the good exemplars; these stories vary little, so a few of the
        // new ones fall just under them.
        assertThat(routed).isLessThanOrEqualTo(10);
        // At or below the median another story is still off-topic: it names few anchors and is no more similar than
        // the least similar exemplars; the prompt's own stories predicted low are not.
        List<ScorePrediction> low = List.of(new ScorePrediction(EssayModel.HOLISTIC, 0, 0, 1, 0));
        assertThat(ValidityChecks.check(assessment, model, other, model.features(other), low).reasons())
                .contains(RouteReason.OFF_TOPIC);
        int lowRouted = 0;
        for (int i = 0; i < 30; i++) {
            EssayText own = EssayText.analyze(StoryFixtures.story(7 + random.nextInt(2), random));
            if (ValidityChecks.check(assessment, model, own, model.features(own), low).reasons().contains(RouteReason.OFF_TOPIC)) {
                lowRouted++;
            }
        }
        assertThat(lowRouted).isLessThanOrEqualTo(routed);
    }
}
