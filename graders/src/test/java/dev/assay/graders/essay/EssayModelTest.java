package dev.assay.graders.essay;

import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EssayModelTest {

    private static EssayModel model;

    @BeforeAll
    static void train() {
        model = EssayModel.train(EssayFixtures.assessment(), EssayFixtures.exemplars(66, 1));
    }

    @Test
    void learnsThatDevelopedEssaysScoreHigher() {
        Random random = new Random(99);
        int[] predicted = new int[40];
        int[] truth = new int[40];
        for (int i = 0; i < 40; i++) {
            int strong = i % 11;
            String essay = EssayFixtures.essay(strong, 1 + random.nextInt(4), random);
            predicted[i] = model.predict(essay).get(0).score();
            truth[i] = EssayFixtures.scoreFor(strong);
        }
        assertThat(Qwk.qwk(predicted, truth, 0, 4)).isGreaterThan(0.8);
        assertThat(model.report().qwk()).isGreaterThan(0.8);
        assertThat(model.report().exemplars()).isEqualTo(66);
        assertThat(model.report().targets().get(0).exactAgreement()).isBetween(0.0, 1.0);
    }

    @Test
    void predictionsAreInRangeWithConfidenceBetweenZeroAndOne() {
        for (String essay : List.of("", "Gardens.", EssayFixtures.essay(10, 1, new Random(3)),
                "x ".repeat(2000))) {
            ScorePrediction p = model.predict(essay).get(0);
            assertThat(p.score()).isBetween(0, 4);
            assertThat(p.confidence()).isBetween(0.0, 1.0);
            assertThat(p.target()).isEqualTo("score");
        }
        assertThat(model.confidenceThreshold(1.0)).isZero();
        assertThat(model.confidenceThreshold(0.5)).isLessThanOrEqualTo(model.confidenceThreshold(0.2));
    }

    @Test
    void featuresDescribeTheEssayAgainstTheExemplars() {
        EssayFeatures f = model.features(EssayFixtures.essay(8, 1, new Random(5)) + " Zorblatt wibbled.");
        assertThat(f.unknownWords()).contains("zorblatt", "wibbled");
        assertThat(f.get("topic_similarity")).isGreaterThan(0.3);
        assertThat(f.get("bigram_coverage")).isGreaterThan(0.6);
        assertThat(f.keyTermsUsed()).isNotEmpty();
        assertThat(f.asMap()).containsKeys(EssayFeatures.NAMES.toArray(String[]::new));
        EssayFeatures offTopic = model.features("The football match ended in a draw after the striker missed a penalty "
                + "in the last minute, and the fans went home disappointed by the referee.");
        assertThat(offTopic.get("topic_similarity")).isLessThan(f.get("topic_similarity") / 2);
    }

    private static List<String> ids(List<DuplicateIndex.Match> matches) {
        return matches.stream().map(DuplicateIndex.Match::id).toList();
    }

    @Test
    void serialisesToJsonAndBytesAndPredictsIdentically() {
        byte[] bytes = EssayModelCodec.toBytes(model);
        EssayModel back = EssayModelCodec.fromBytes(bytes);
        EssayModel fromJson = EssayModelCodec.fromBytes(EssayModelCodec.toJson(model));
        assertThat(back.id()).isEqualTo(model.id());
        assertThat(back.report()).isEqualTo(model.report());
        assertThat(model.report().passesChecks()).isBetween(0.5, 1.0);
        for (double share : new double[] {0.3, 0.7, 0.9}) {
            assertThat(back.confidenceThreshold(share)).isEqualTo(model.confidenceThreshold(share));
        }
        Random random = new Random(17);
        for (int i = 0; i < 20; i++) {
            String essay = EssayFixtures.essay(i % 11, 2, random);
            assertThat(back.predict(essay)).isEqualTo(model.predict(essay));
            assertThat(fromJson.predict(essay)).isEqualTo(model.predict(essay));
            assertThat(back.features(essay).asMap()).isEqualTo(model.features(essay).asMap());
            assertThat(ids(back.exemplarCopies.find(EssayText.analyze(essay))))
                    .isEqualTo(ids(model.exemplarCopies.find(EssayText.analyze(essay))));
        }
        assertThat(bytes.length).isLessThan(EssayModelCodec.toJson(model).length);
        assertThatThrownBy(() -> EssayModelCodec.fromBytes("{\"format\":\"other\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsVersion2ModelsWhichDoNotCheckForExemplarCopies() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(EssayModelCodec.toJson(model));
        assertThat(model.checksExemplarCopies()).isTrue();
        assertThat(EssayModelCodec.fromBytes(EssayModelCodec.toBytes(model)).checksExemplarCopies()).isTrue();
        // The stored form of version 2: no exemplar copies.
        json.put("version", 2);
        json.remove("exemplarCopies");
        EssayModel old = EssayModelCodec.fromJson(mapper.writeValueAsBytes(json));
        assertThat(old.checksExemplarCopies()).isFalse();
        String copy = EssayFixtures.exemplars(66, 1).get(9).text();
        assertThat(old.predict(copy)).isEqualTo(model.predict(copy));
        EssayAssessment a = EssayFixtures.assessment();
        EssayVerdict now = new EssayGrader().grade(a, model, copy, new DuplicateIndex(EssayFixtures.PROMPT));
        assertThat(now instanceof EssayVerdict.Routed r ? r.reasons() : List.of()).contains(RouteReason.COPIES_EXEMPLAR);
        EssayVerdict v = new EssayGrader().grade(a, old, copy, new DuplicateIndex(EssayFixtures.PROMPT));
        assertThat(v instanceof EssayVerdict.Routed r ? r.reasons() : List.of()).doesNotContain(RouteReason.COPIES_EXEMPLAR);
        // Version 3 has copies but no auto-share curve: its thresholds are the plain quantiles of the confidences.
        json.put("version", 3);
        json.remove("autoShareCurve");
        EssayModel v3 = EssayModelCodec.fromJson(mapper.writeValueAsBytes(json));
        assertThat(v3.confidenceThreshold(0.7)).isEqualTo(model.targets.get(0).confidenceThreshold(0.7));
        assertThat(model.confidenceThreshold(0.7)).isLessThanOrEqualTo(v3.confidenceThreshold(0.7));
        json.put("version", 1);
        assertThatThrownBy(() -> EssayModelCodec.fromJson(mapper.writeValueAsBytes(json)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retrain");
    }

    @Test
    void modelIdIsAFingerprintOfAssessmentExemplarsAndOptions() {
        List<Exemplar> exemplars = EssayFixtures.exemplars(30, 2);
        EssayModel a = EssayModel.train(EssayFixtures.assessment(), exemplars);
        EssayModel b = EssayModel.train(EssayFixtures.assessment(), exemplars);
        assertThat(a.id()).isEqualTo(b.id()).startsWith("essay-v" + EssayModel.FORMAT_VERSION + "-");
        List<Exemplar> changed = new ArrayList<>(exemplars);
        changed.set(0, new Exemplar(exemplars.get(0).text(), exemplars.get(0).score() == 0 ? 1 : 0));
        assertThat(EssayModel.train(EssayFixtures.assessment(), changed).id()).isNotEqualTo(a.id());
        assertThat(EssayModel.train(new EssayAssessment("Another prompt", "", 0, 4), exemplars).id()).isNotEqualTo(a.id());
        assertThat(EssayModel.train(EssayFixtures.assessment(), exemplars, TrainingOptions.defaults().withLambda(7)).id())
                .isNotEqualTo(a.id());
    }

    @Test
    void rejectsBadExemplarsNamingTheField() {
        List<Exemplar> few = EssayFixtures.exemplars(5, 3);
        assertThatThrownBy(() -> EssayModel.train(EssayFixtures.assessment(), few))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("exemplars");
        List<Exemplar> bad = new ArrayList<>(EssayFixtures.exemplars(20, 3));
        bad.set(2, new Exemplar("An essay.", 7));
        bad.set(4, new Exemplar("Another.", 1.5));
        bad.set(5, new Exemplar("  ", 1));
        InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> EssayModel.train(EssayFixtures.assessment(), bad));
        assertThat(e.violations()).extracting(Violation::field)
                .containsExactly("exemplars[2].score", "exemplars[4].score", "exemplars[5].text");
        List<Exemplar> same = EssayFixtures.exemplars(20, 3).stream().map(x -> new Exemplar(x.text(), 2)).toList();
        assertThatThrownBy(() -> EssayModel.train(EssayFixtures.assessment(), same))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("same score");
    }

    @Test
    void trainsOneModelPerRubricCriterion() {
        EssayAssessment rubric = EssayAssessment.withRubric(EssayFixtures.PROMPT, "", 0.7, List.of(
                new Criterion("ideas", "Ideas and development", 0, 4),
                new Criterion("conventions", "Spelling and grammar", 0, 2)));
        assertThat(rubric.minScore()).isZero();
        assertThat(rubric.maxScore()).isEqualTo(6);
        List<Exemplar> exemplars = new ArrayList<>();
        for (Exemplar e : EssayFixtures.exemplars(44, 4)) {
            int conventions = e.text().contains("becuase") || e.text().contains("alot") ? 0 : 2;
            exemplars.add(new Exemplar(e.text(), 0, Map.of("ideas", e.score(), "conventions", (double) conventions)));
        }
        EssayModel m = EssayModel.train(rubric, exemplars);
        assertThat(m.report().targets()).extracting(TrainingReport.TargetReport::target).containsExactly("ideas", "conventions");
        List<ScorePrediction> p = m.predict(EssayFixtures.essay(9, 1, new Random(8)));
        assertThat(p).extracting(ScorePrediction::target).containsExactly("ideas", "conventions");
        assertThat(p.get(0).score()).isBetween(0, 4);
        assertThat(p.get(1).score()).isBetween(0, 2);
        List<Exemplar> missing = new ArrayList<>(exemplars);
        missing.set(1, new Exemplar(exemplars.get(1).text(), 0, Map.of("ideas", 2.0)));
        assertThatThrownBy(() -> EssayModel.train(rubric, missing)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exemplars[1].criterionScores.conventions");
    }

    @Test
    void assessmentValidationNamesFields() {
        assertThatThrownBy(() -> new EssayAssessment("p", "", 3, 3)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxScore");
        assertThatThrownBy(() -> new EssayAssessment("p", "", 0, 4, 1.5, List.of()))
                .hasMessageContaining("autoGradeShare");
        assertThatThrownBy(() -> new EssayAssessment("p", "", 0, 4, 0.7,
                List.of(new Criterion("a", "", 0, 2), new Criterion("a", "", 0, 2))))
                .hasMessageContaining("criteria[1].id");
        assertThat(EssayFixtures.assessment().fingerprint())
                .isEqualTo(EssayFixtures.assessment().withAutoGradeShare(0.2).fingerprint())
                .isNotEqualTo(new EssayAssessment(EssayFixtures.PROMPT, "", 0, 4).fingerprint());
    }
}
