package dev.assay.graders.essay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training report must be a genuine held-out figure: exemplars whose texts say nothing about their scores must
 * cross-validate at a QWK near 0, however the rounding and the score-dependent features are learnt. (Both cases
 * reported 0.45-0.90 when cut-points were tuned on the predictions they graded and key terms were picked with the
 * held-out scores.)
 */
class TrainingReportTest {

    private static List<Exemplar> withShuffledScores(List<Exemplar> exemplars, long seed) {
        List<Double> scores = new ArrayList<>(exemplars.stream().map(Exemplar::score).toList());
        Collections.shuffle(scores, new Random(seed));
        List<Exemplar> out = new ArrayList<>();
        for (int i = 0; i < exemplars.size(); i++) {
            out.add(new Exemplar(exemplars.get(i).text(), scores.get(i)));
        }
        return out;
    }

    @Test
    void identicalTextsWithDifferentScoresCrossValidateAtChance() {
        String text = EssayFixtures.essay(6, 2, new Random(7));
        List<Exemplar> exemplars = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            exemplars.add(new Exemplar(text, 2 + i % 11));
        }
        TrainingReport report = EssayModel.train(new EssayAssessment(EssayFixtures.PROMPT, "", 2, 12), exemplars).report();
        TrainingReport.TargetReport target = report.targets().get(0);
        assertThat(report.qwk()).isBetween(-0.2, 0.2);
        // One level in 11 by chance; 3 within one level.
        assertThat(target.exactAgreement()).isLessThan(0.2);
        assertThat(target.adjacentAgreement()).isLessThan(0.45);
    }

    @Test
    void shuffledScoresCrossValidateNearZeroWhileTheRealScoresDoNot() {
        List<Exemplar> real = EssayFixtures.exemplars(66, 1);
        assertThat(EssayModel.train(EssayFixtures.assessment(), real).report().qwk()).isGreaterThan(0.8);
        for (long seed = 1; seed <= 3; seed++) {
            TrainingReport shuffled = EssayModel.train(EssayFixtures.assessment(), withShuffledScores(real, seed)).report();
            assertThat(shuffled.qwk()).as("seed %d", seed).isLessThan(0.2);
        }
    }

    @Test
    void aModelWhoseScoresDoNotFollowTheTextsScoresNoEssayByItself() {
        List<Exemplar> real = EssayFixtures.exemplars(66, 1);
        EssayModel meaningless = EssayModel.train(EssayFixtures.assessment(), withShuffledScores(real, 1));
        assertThat(meaningless.report().autoGrades()).isFalse();
        EssayModel sound = EssayModel.train(EssayFixtures.assessment(), real);
        assertThat(sound.report().autoGrades()).isTrue();
        // Its confidences still spread, so a threshold taken from them alone would let most essays through.
        for (Exemplar e : EssayFixtures.exemplars(30, 99)) {
            EssayVerdict v = new EssayGrader().grade(EssayFixtures.assessment(), meaningless, e.text(),
                    new DuplicateIndex(EssayFixtures.PROMPT));
            assertThat(v).isInstanceOf(EssayVerdict.Routed.class);
            EssayVerdict.Routed routed = (EssayVerdict.Routed) v;
            assertThat(routed.reasons()).contains(RouteReason.LOW_CONFIDENCE);
            assertThat(routed.evidence()).containsEntry("modelAutoGrades", false);
        }
    }

    @Test
    void shuffledScoresOfRealEssaysCrossValidateNearZero() {
        List<Exemplar> essays = AsapData.parts(1).stream().filter(e -> e.prompt() == 1).limit(100)
                .map(e -> new Exemplar(e.text(), e.score())).toList();
        EssayAssessment assessment = new EssayAssessment("", "", 2, 12);
        assertThat(EssayModel.train(assessment, essays).report().qwk()).isGreaterThan(0.6);
        for (long seed = 1; seed <= 2; seed++) {
            TrainingReport shuffled = EssayModel.train(assessment, withShuffledScores(essays, seed)).report();
            assertThat(shuffled.qwk()).as("seed %d", seed).isLessThan(0.2);
        }
    }

    @Test
    void theReportAgreesWithATestSetItNeverSaw() {
        // ASAP prompt 1, 100 exemplars from parts 1-3, graded on part 0: the cross-validated QWK predicts the test QWK.
        EssayEvaluation.PromptResult p = EssayEvaluation.evaluatePrompt(1,
                AsapData.parts(1, 2, 3).stream().filter(e -> e.prompt() == 1).toList(),
                AsapData.parts(0).stream().filter(e -> e.prompt() == 1).toList(),
                new EssayEvaluation.Options(100, Double.NaN, 1, TrainingOptions.defaults()));
        System.out.printf("prompt 1, 100 exemplars: cv QWK %.3f, test QWK %.3f%n", p.cvQwk(), p.qwk());
        // Measured: 0.792 against 0.814 (0.862 when the cut-points and key terms saw the held-out scores).
        assertThat(p.cvQwk()).isLessThan(p.qwk() + 0.03).isGreaterThan(p.qwk() - 0.08);
    }
}
