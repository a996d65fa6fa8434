package dev.assay.graders.essay;

import dev.assay.graders.Correctness;
import dev.assay.graders.GradeResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EssayGraderTest {

    private static EssayAssessment assessment;
    private static EssayModel model;
    private final EssayGrader grader = new EssayGrader();

    @BeforeAll
    static void train() {
        assessment = EssayFixtures.assessment().withAutoGradeShare(1.0);
        model = EssayModel.train(assessment, EssayFixtures.exemplars(66, 1));
    }

    private EssayVerdict grade(String essay) {
        return grader.grade(assessment, model, essay, null);
    }

    private static List<RouteReason> reasons(EssayVerdict v) {
        return v instanceof EssayVerdict.Routed r ? r.reasons() : List.of();
    }

    @Test
    void scoresAGoodEssayWithFeedbackAndEvidence() {
        EssayVerdict v = grade(EssayFixtures.essay(9, 1, new Random(21)));
        assertThat(v).isInstanceOf(EssayVerdict.AutoScored.class);
        GradeResult r = ((EssayVerdict.AutoScored) v).result();
        assertThat(r.score()).isBetween(3.0, 4.0);
        assertThat(r.maxScore()).isEqualTo(4.0);
        assertThat(r.parts()).hasSize(1);
        assertThat(r.parts().get(0).correctness()).isIn(Correctness.CORRECT, Correctness.PARTIAL);
        assertThat(r.parts().get(0).feedback()).anyMatch(s -> s.startsWith("Length:"))
                .anyMatch(s -> s.startsWith("Key ideas and terms:")).anyMatch(s -> s.startsWith("Vocabulary:"))
                .anyMatch(s -> s.startsWith("Spelling:"));
        assertThat(r.feedback()).startsWith("Score ");
        assertThat(r.evidence()).containsKeys("modelId", "score", "confidence", "confidenceThreshold", "predictions",
                "checks", "features", "keyTermsUsed", "keyTermsMissing");
        assertThat(r.evidence().get("modelId")).isEqualTo(model.id());
        assertThat(v.modelId()).isEqualTo(model.id());
    }

    @Test
    void feedbackPointsAtWhatAWeakEssayLacks() {
        EssayVerdict v = grade(EssayFixtures.OPENING + " Gardens are good. I like plants and stuff alot. "
                + "We should have a garden becuase it is nice.");
        Map<String, Object> evidence = v instanceof EssayVerdict.AutoScored a ? a.result().evidence()
                : ((EssayVerdict.Routed) v).evidence();
        assertThat((List<?>) evidence.get("keyTermsMissing")).isNotEmpty();
        List<String> feedback = grader.feedback(model, model.features(EssayFixtures.OPENING + " Gardens are good."),
                List.of());
        assertThat(feedback).anyMatch(s -> s.startsWith("Length:") && s.contains("Develop your ideas"))
                .anyMatch(s -> s.contains("Consider also addressing"));
    }

    @Test
    void spellingFeedbackNamesLikelyMisspellingsWithTheWordMeantAndLeavesRareRealWordsAlone() {
        String essay = EssayFixtures.essay(9, 1, new Random(21))
                + " We should have a garden becuse alot of neighbours would help, and plants need photosynthesis "
                + "and chlorophyll to grow in the gardne.";
        EssayText text = EssayText.analyze(essay);
        List<Spelling.Misspelling> found = Spelling.find(model.profile, text, 10);
        assertThat(found).extracting(Spelling.Misspelling::word).contains("becuse", "alot", "gardne")
                .doesNotContain("photosynthesis", "chlorophyll", "neighbours");
        assertThat(found).contains(new Spelling.Misspelling("becuse", "because"),
                new Spelling.Misspelling("alot", "a lot"), new Spelling.Misspelling("gardne", "garden"));
        // A rare real word no exemplar uses: the old feedback listed such words as misspelled.
        assertThat(model.features(text).unknownWords()).contains("chlorophyll");

        List<String> feedback = grader.feedback(model, model.features(text), found);
        assertThat(feedback).anyMatch(s -> s.startsWith("Spelling: check these words")
                && s.contains("becuse (because?)") && s.contains("alot (a lot?)") && !s.contains("photosynthesis"));
        EssayVerdict v = grade(essay);
        Map<String, Object> evidence = v instanceof EssayVerdict.AutoScored a ? a.result().evidence()
                : ((EssayVerdict.Routed) v).evidence();
        assertThat(evidence.get("misspellings")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains(Map.of("word", "becuse", "suggestion", "because"));
    }

    @Test
    void realWordsOneLetterFromCommonOnesAreNotCalledMisspelled() {
        // "decade"/"decide", "given"/"give", "bright"/"right", "agrees"/"agree", "auction"/"action": real words a
        // naive one-edit rule flags.
        EssayText text = EssayText.analyze("A decade ago the neighbours had given us a bright plot, and everyone agrees "
                + "that the clock in the garden still works. We bought the tools at an auction.");
        assertThat(Spelling.find(model.profile, text, 10)).isEmpty();
    }

    @Test
    void keyTermsAreNamedAsWrittenNotAsStems() {
        // Terms only the prompt or source uses have no exemplar spelling to borrow: they are named as written there.
        EssayAssessment worded = new EssayAssessment(EssayFixtures.PROMPT
                + " Weigh the tiny budgets of families and the cities' century-old plots.", EssayFixtures.SOURCE, 0, 4)
                .withAutoGradeShare(1.0);
        List<Exemplar> exemplars = EssayFixtures.exemplars(66, 1);
        EssayModel m = EssayModel.train(worded, exemplars);
        EssayFeatures f = m.features(EssayFixtures.OPENING + " Gardens are good.");
        List<String> named = new ArrayList<>(f.keyTermsMissing());
        named.addAll(f.keyTermsUsed());
        StringBuilder written = new StringBuilder(worded.prompt() + " " + worded.sourceText());
        exemplars.forEach(e -> written.append(' ').append(e.text()));
        Set<String> words = new HashSet<>(List.of(written.toString().toLowerCase(Locale.ROOT).split("[^a-z']+")));
        assertThat(named).contains("budgets", "century", "cities", "community");
        assertThat(named).allSatisfy(term -> assertThat(words).contains(term));
    }

    @Test
    void feedbackDoesNotSuggestThePromptsInstructionWords() {
        // "Persuade the readers", "support your position": what to do, not ideas to address.
        EssayAssessment instructing = new EssayAssessment(EssayFixtures.PROMPT + " Persuade the readers to agree, and"
                + " support your opinion with specific examples.", EssayFixtures.SOURCE, 0, 4).withAutoGradeShare(1.0);
        EssayModel m = EssayModel.train(instructing, EssayFixtures.exemplars(66, 1));
        EssayFeatures weak = m.features(EssayFixtures.OPENING + " Gardens are good.");
        assertThat(weak.keyTermsMissing()).as("still key terms for the model").containsAnyOf("persuade", "readers");
        String feedback = String.join(" ", grader.feedback(m, weak, List.of()));
        assertThat(feedback).contains("Consider also addressing");
        for (String word : List.of("persuade", "readers", "agree", "support", "opinion", "specific", "examples")) {
            assertThat(feedback).doesNotContainPattern("addressing:[^.]*\\b" + word + "\\b");
        }
    }

    @Test
    void routesEmptyAndGibberish() {
        assertThat(reasons(grade("   "))).containsExactly(RouteReason.EMPTY);
        assertThat(reasons(grade("asdkj qwpeoi zxmcnv lkjasd poqwie mznxbc qpwoei alskdj zmxncb qowiue "
                + "asdlkj qwepoi xcvbnm lkjhgf poiuyt mnbvcx"))).contains(RouteReason.GIBBERISH);
        List<String> words = new ArrayList<>();
        for (String s : EssayFixtures.STRONG) {
            Collections.addAll(words, s.replaceAll("[.,]", "").split(" "));
        }
        Collections.shuffle(words, new Random(4));
        // A few dozen exemplars give too few word pairs to judge word order by (AsapValidityTest covers word salad
        // with a real exemplar set); it must still not be accepted at a high score.
        EssayVerdict salad = grade(String.join(" ", words));
        assertThat(salad instanceof EssayVerdict.AutoScored a && a.result().score() >= 3).isFalse();
    }

    @Test
    void routesOffTopicCopiedRepetitiveAndIncoherentEssays() {
        assertThat(reasons(grade("Last summer my family took a trip to the city to visit my uncle. We stayed in a "
                + "small hotel near the river, walked along the old streets every morning and ate dinner at a "
                + "different place every night. On the last day we watched a movie and bought presents for my "
                + "sister."))).contains(RouteReason.OFF_TOPIC);
        // With only a few dozen exemplars most of its words are unknown, so it may also count as gibberish.
        assertThat(reasons(grade("The football match ended in a draw after our striker missed a penalty in the last "
                + "minute. The fans went home disappointed and the coach blamed the referee for the result. Next week "
                + "the team travels to the capital for the final game of the season.")))
                .containsAnyOf(RouteReason.OFF_TOPIC, RouteReason.GIBBERISH);
        assertThat(reasons(grade(EssayFixtures.PROMPT))).contains(RouteReason.COPIES_PROMPT);
        assertThat(reasons(grade(EssayFixtures.SOURCE + " " + EssayFixtures.PROMPT))).contains(RouteReason.COPIES_PROMPT);
        String good = EssayFixtures.essay(8, 1, new Random(6));
        String padded = good + (" " + EssayFixtures.STRONG.get(0) + " " + EssayFixtures.STRONG.get(1)).repeat(6);
        assertThat(reasons(grade(padded))).contains(RouteReason.REPETITIVE);
        String backwards = EssayFixtures.CLOSING + " " + String.join(" ", EssayFixtures.STRONG.subList(0, 7)) + " "
                + EssayFixtures.OPENING;
        assertThat(reasons(grade(backwards))).contains(RouteReason.INCOHERENT);
    }

    @Test
    void anEssayLongerThanEveryExemplarIsRoutedSoTwoGoodEssaysRunTogetherAreNotScored() {
        String one = EssayFixtures.essay(9, 1, new Random(3));
        String two = EssayFixtures.essay(9, 1, new Random(4));
        assertThat(reasons(grade(one))).doesNotContain(RouteReason.UNUSUAL_LENGTH);
        EssayVerdict joined = grade(one + " " + two);
        assertThat(reasons(joined)).contains(RouteReason.UNUSUAL_LENGTH);
        @SuppressWarnings("unchecked")
        Map<String, Object> words = (Map<String, Object>) ((Map<String, Object>) ((EssayVerdict.Routed) joined)
                .evidence().get("checks")).get("words");
        assertThat(((Number) words.get("value")).doubleValue()).isGreaterThan(((Number) words.get("max")).doubleValue());
        assertThat(((Number) words.get("max")).doubleValue()).isEqualTo(model.percentile("words", 100));
    }

    @Test
    void theKeyTermsTheFeedbackSuggestsPastedInAsAListAreRoutedNotScored() {
        String weak = EssayFixtures.essay(2, 3, new Random(8));
        List<String> feedback = grader.feedback(model, model.features(weak), List.of());
        String marker = "Consider also addressing: ";
        String suggested = feedback.stream().filter(l -> l.contains(marker)).findFirst()
                .map(l -> l.substring(l.indexOf(marker) + marker.length())).orElseThrow();
        assertThat(suggested.split(", ")).hasSizeGreaterThan(ValidityChecks.KEY_TERMS_IN_A_LIST);
        assertThat(reasons(grade(weak))).doesNotContain(RouteReason.KEYWORD_LIST);
        EssayVerdict listed = grade(weak + " " + suggested);
        assertThat(reasons(listed)).contains(RouteReason.KEYWORD_LIST);
        // Used in sentences instead, the same terms are writing, not a list.
        assertThat(reasons(grade(EssayFixtures.essay(10, 1, new Random(9))))).doesNotContain(RouteReason.KEYWORD_LIST);
    }

    @Test
    void routesNearDuplicatesAndRegistersSubmissions() {
        DuplicateIndex index = new DuplicateIndex(EssayFixtures.PROMPT, EssayFixtures.SOURCE);
        String first = EssayFixtures.essay(9, 1, new Random(31));
        EssayVerdict v1 = grader.grade(assessment, model, "s1", first, index);
        assertThat(reasons(v1)).doesNotContain(RouteReason.NEAR_DUPLICATE);
        assertThat(index.size()).isEqualTo(1);
        EssayVerdict again = grader.grade(assessment, model, "s1", first, index);
        assertThat(reasons(again)).doesNotContain(RouteReason.NEAR_DUPLICATE);
        EssayVerdict copy = grader.grade(assessment, model, "s2", first.replace("Dear members", "Dear people"), index);
        assertThat(reasons(copy)).contains(RouteReason.NEAR_DUPLICATE);
        EssayVerdict.Routed routed = (EssayVerdict.Routed) copy;
        assertThat(routed.learnerMessage()).isEqualTo(EssayGrader.ROUTED_MESSAGE);
        assertThat(routed.evidence()).containsKeys("provisionalScore", "duplicates", "reasons").doesNotContainKey("score");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> dups = (List<Map<String, Object>>) routed.evidence().get("duplicates");
        assertThat(dups.get(0)).containsEntry("indexId", "s1").containsKey("passages").doesNotContainKey("submissionId");
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void evidenceSaysWhenThereAreMoreDuplicatesThanItShows() {
        DuplicateIndex index = new DuplicateIndex(EssayFixtures.PROMPT, EssayFixtures.SOURCE);
        String first = EssayFixtures.essay(9, 1, new Random(31));
        for (int i = 0; i < 7; i++) {
            index.add("earlier" + i, first + " Written out again, copy " + i + ".");
        }
        EssayVerdict.Routed routed = (EssayVerdict.Routed) grader.grade(assessment, model, "late", first, index);
        assertThat((List<?>) routed.evidence().get("duplicates")).hasSize(DuplicateIndex.MAX_SHOWN);
        assertThat(routed.evidence()).containsEntry("moreDuplicates", 2);
        DuplicateIndex one = new DuplicateIndex(EssayFixtures.PROMPT, EssayFixtures.SOURCE);
        one.add("one", first);
        EssayVerdict.Routed few = (EssayVerdict.Routed) grader.grade(assessment, model, "other",
                first.replace("Dear members", "Dear people"), one);
        assertThat(few.evidence()).containsKey("duplicates").doesNotContainKey("moreDuplicates");
    }

    /** Written for this test: on the prompt, but sharing no passage with the sentence pools of the exemplars. */
    static final String ORIGINAL = "Dear school board, our school should build a garden behind the gym. Last spring my "
            + "class grew beans in paper cups, and even the quietest students argued about whose plant was tallest. A real "
            + "garden would turn that curiosity into weekly work: planning rows, keeping a watering rota and recording the "
            + "harvest in a shared notebook. Parents from the neighbourhood have offered compost and spare tools, so the "
            + "cost would stay low. Some teachers fear the garden will be abandoned over the summer, yet a rota of families "
            + "could look after it. For these reasons I urge you to approve the garden this year.";

    @Test
    void routesCopiesOfAnExemplarNamingItInsteadOfGivingItsStaffScore() {
        // A top-scored exemplar that, without any duplicate check, would be auto-scored with its staff score.
        List<Exemplar> exemplars = EssayFixtures.exemplars(66, 1);
        int k = java.util.stream.IntStream.range(0, exemplars.size())
                .filter(i -> exemplars.get(i).score() == 4.0)
                .filter(i -> grader.grade(assessment, model, exemplars.get(i).text(), null) instanceof EssayVerdict.AutoScored a
                        && a.result().score() == 4.0)
                .findFirst().orElseThrow();
        Exemplar published = exemplars.get(k);

        DuplicateIndex course = new DuplicateIndex(EssayFixtures.PROMPT, EssayFixtures.SOURCE);
        String edited = published.text().replace("Dear members of the school board", "Dear board members") + " Thank you.";
        for (String copy : List.of(published.text(), edited)) {
            EssayVerdict v = grader.grade(assessment, model, "learner-1", copy, course);
            assertThat(reasons(v)).contains(RouteReason.COPIES_EXEMPLAR).doesNotContain(RouteReason.NEAR_DUPLICATE);
            Map<String, Object> evidence = ((EssayVerdict.Routed) v).evidence();
            assertThat(evidence).containsKeys("exemplarCopies", "provisionalScore").doesNotContainKey("score");
            @SuppressWarnings("unchecked")
            Map<String, Object> best = ((List<Map<String, Object>>) evidence.get("exemplarCopies")).get(0);
            assertThat(best).containsEntry("exemplar", "exemplars[" + k + "]").containsEntry("exemplarScore", 4L);
            assertThat((double) best.get("containment")).isGreaterThan(0.8);
            assertThat((List<?>) best.get("passages")).isNotEmpty();
        }
        // An essay of its own on the same prompt is not a copy.
        assertThat(reasons(grader.grade(assessment, model, ORIGINAL, new DuplicateIndex(EssayFixtures.PROMPT))))
                .doesNotContain(RouteReason.COPIES_EXEMPLAR, RouteReason.NEAR_DUPLICATE);
    }

    @Test
    void lowConfidenceEssaysAreRoutedAtTheAutoGradeShare() {
        EssayAssessment strict = EssayFixtures.assessment().withAutoGradeShare(0.0);
        EssayModel m = EssayModel.train(strict, EssayFixtures.exemplars(40, 9));
        EssayVerdict v = grader.grade(strict, m, EssayFixtures.essay(6, 1, new Random(2)), null);
        assertThat(reasons(v)).contains(RouteReason.LOW_CONFIDENCE);
        assertThat(((EssayVerdict.Routed) v).evidence()).containsKey("provisionalScore");
    }

    @Test
    void refusesAModelTrainedForAnotherAssessment() {
        EssayAssessment other = new EssayAssessment("Another prompt", "", 0, 4);
        assertThatThrownBy(() -> grader.grade(other, model, "text", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRubricEssaysEvidenceShowsEachCriterionsThresholdAndTheOneNearestIt() {
        // Found in QA: an auto-scored rubric essay showed a confidence of 0.35 against a threshold of 0.41, as each
        // criterion is held to its own threshold but the evidence showed one.
        EssayAssessment rubric = EssayAssessment.withRubric(EssayFixtures.PROMPT, "", 0.7, List.of(
                new Criterion("ideas", "Ideas and development", 0, 4),
                new Criterion("conventions", "Spelling and grammar", 0, 2)));
        List<Exemplar> exemplars = new ArrayList<>();
        for (Exemplar e : EssayFixtures.exemplars(66, 4)) {
            double conventions = Math.min(2, Math.floor(e.score() / 2));
            exemplars.add(new Exemplar(e.text(), 0, Map.of("ideas", e.score(), "conventions", conventions)));
        }
        EssayModel rubricModel = EssayModel.train(rubric, exemplars);
        Random random = new Random(5);
        int auto = 0;
        List<Object> routedFor = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            EssayVerdict v = grader.grade(rubric, rubricModel, EssayFixtures.essay(3 + random.nextInt(7), 1, random), null);
            routedFor.add(reasons(v));
            Map<String, Object> evidence = v instanceof EssayVerdict.AutoScored a ? a.result().evidence()
                    : ((EssayVerdict.Routed) v).evidence();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> predictions = (List<Map<String, Object>>) evidence.get("predictions");
            assertThat(predictions).hasSize(2).allSatisfy(p -> assertThat(p).containsKey("confidenceThreshold"));
            double confidence = (Double) evidence.get("confidence");
            double threshold = (Double) evidence.get("confidenceThreshold");
            boolean anyBelow = predictions.stream().anyMatch(p ->
                    (Double) p.get("confidence") < (Double) p.get("confidenceThreshold"));
            assertThat(confidence < threshold).as(evidence.toString()).isEqualTo(anyBelow);
            if (v instanceof EssayVerdict.AutoScored) {
                auto++;
                assertThat(confidence).isGreaterThanOrEqualTo(threshold);
            }
        }
        assertThat(auto).as("some are auto-scored: %s (%s)", routedFor, rubricModel.report()).isPositive();
    }
}
