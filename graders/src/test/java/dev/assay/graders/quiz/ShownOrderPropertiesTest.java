package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a learner is shown before answering must never be the answer itself, nor tell it: with only two possible
 * arrangements, a rule that always shows the other one would.
 */
class ShownOrderPropertiesTest {

    private static OrderingQuestion ordering(int items) {
        return new OrderingQuestion("q", "Order", 1.0, null,
                IntStream.range(0, items).mapToObj(i -> new OrderItem("i" + i, "item " + i)).toList(), null);
    }

    /** Premises p0… each matched by the option of the same number, written straight across as staff often do. */
    private static MatchingQuestion matching(int premises, int distractors) {
        return new MatchingQuestion("m", "Match", 1.0, null,
                IntStream.range(0, premises).mapToObj(i -> new Premise("p" + i, "premise " + i, "o" + i)).toList(),
                IntStream.range(0, premises + distractors).mapToObj(i -> new MatchOption("o" + i, "option " + i))
                        .toList(), false);
    }

    /** Seeds as the engine derives them for the learner view, from assessment and learner ids. */
    private static long learnerSeed(String learnerId) {
        return UUID.nameUUIDFromBytes(("3f1c0c7e-0000-4000-8000-000000000001\n" + learnerId)
                .getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    private static boolean straightAcross(MatchingQuestion q) {
        return IntStream.range(0, q.premises().size()).allMatch(i -> q.options().get(i).id().equals(q.premises().get(i).match()));
    }

    private static List<String> ids(List<OrderItem> items) {
        return items.stream().map(OrderItem::id).toList();
    }

    @Property(tries = 2000)
    void orderingItemsAreNeverShownInTheKeyOrder(@ForAll long seed, @ForAll @IntRange(min = 3, max = 9) int n) {
        OrderingQuestion question = ordering(n);

        List<OrderItem> shown = question.itemsShuffled(seed);

        assertThat(shown).isNotEqualTo(question.items()).containsExactlyInAnyOrderElementsOf(question.items());
        assertThat(question.itemsShuffled(seed)).isEqualTo(shown);
    }

    @Property(tries = 2000)
    void matchingOptionsAreNeverLinedUpWithTheirPremises(@ForAll long seed,
                                                         @ForAll @IntRange(min = 2, max = 7) int premises,
                                                         @ForAll @IntRange(min = 0, max = 2) int distractors) {
        if (premises == 2 && distractors == 0) {
            return; // two arrangements only: see twoArrangementsAreShownEquallyOften
        }
        MatchingQuestion question = matching(premises, distractors);
        Quiz quiz = new Quiz(null, List.of(question), true);

        MatchingQuestion shown = (MatchingQuestion) quiz.variantFor(seed).question("m");

        assertThat(straightAcross(shown)).isFalse();
        assertThat(shown.options()).containsExactlyInAnyOrderElementsOf(question.options());
        assertThat(quiz.variantFor(seed)).isEqualTo(quiz.variantFor(seed));
    }

    @Test
    void fortyLearnersNeverSeeTheKeyAndSeeEveryOtherOrder() {
        OrderingQuestion question = ordering(3);
        Map<List<String>, Integer> seen = new HashMap<>();
        for (int learner = 0; learner < 40; learner++) {
            seen.merge(ids(question.itemsShuffled(learnerSeed("learner-" + learner))), 1, Integer::sum);
        }
        assertThat(seen).doesNotContainKey(ids(question.items()));
        assertThat(seen).hasSize(5);
    }

    @Test
    void twoArrangementsAreShownEquallyOften() {
        // Showing only the one that is not the key would tell every learner the answer.
        OrderingQuestion twoItems = ordering(2);
        Quiz twoPairs = new Quiz(null, List.of(matching(2, 0)), true);
        int learners = 4_000;
        int keyShown = 0;
        int straightShown = 0;
        for (int learner = 0; learner < learners; learner++) {
            long seed = learnerSeed("l" + learner);
            keyShown += twoItems.itemsShuffled(seed).equals(twoItems.items()) ? 1 : 0;
            straightShown += straightAcross((MatchingQuestion) twoPairs.variantFor(seed).question("m")) ? 1 : 0;
        }
        // 2,000 expected each; ±150 is over 4.7 standard deviations (σ ≈ 32).
        assertThat(keyShown).isBetween(1_850, 2_150);
        assertThat(straightShown).isBetween(1_850, 2_150);
    }

    @Test
    void theOtherOrdersStayEquallyLikely() {
        OrderingQuestion question = ordering(3);
        Map<List<String>, Integer> seen = new HashMap<>();
        int learners = 60_000;
        for (int learner = 0; learner < learners; learner++) {
            seen.merge(ids(question.itemsShuffled(learnerSeed("l" + learner))), 1, Integer::sum);
        }
        // 5 orders, 12,000 expected each; ±5 % is over 8 standard deviations (σ ≈ 98).
        assertThat(seen).hasSize(5);
        assertThat(seen.values()).allSatisfy(count -> assertThat(count).isBetween(11_400, 12_600));
    }

    @Test
    void theLearnerViewOfATwoItemQuizGivesNeitherKeyAway() throws Exception {
        Quiz quiz = QuizCodec.readQuiz(QuizCodec.mapper().readTree("""
                {"shuffle": true, "questions": [
                  {"type": "ordering", "id": "o", "prompt": "Order", "items": [{"id": "a", "text": "A"},
                   {"id": "b", "text": "B"}]},
                  {"type": "matching", "id": "m", "prompt": "Match", "premises": [
                   {"id": "p1", "text": "1", "match": "o1"}, {"id": "p2", "text": "2", "match": "o2"}],
                   "options": [{"id": "o1", "text": "one"}, {"id": "o2", "text": "two"}]}]}"""));
        java.util.Set<List<String>> shownOrders = new java.util.HashSet<>();
        java.util.Set<Boolean> pairings = new java.util.HashSet<>();
        for (int learner = 0; learner < 40; learner++) {
            Map<String, JsonNode> byId = new HashMap<>();
            LearnerView.of(quiz, learnerSeed("learner-" + learner)).get("questions")
                    .forEach(q -> byId.put(q.get("id").asText(), q));
            shownOrders.add(byId.get("o").get("items").findValuesAsText("id"));
            List<String> premises = byId.get("m").get("premises").findValuesAsText("id");
            List<String> options = new ArrayList<>(byId.get("m").get("options").findValuesAsText("id"));
            pairings.add(options.indexOf("o1") == premises.indexOf("p1"));
        }
        // Both arrangements of each: the one shown says nothing about the key.
        assertThat(shownOrders).containsExactlyInAnyOrder(List.of("a", "b"), List.of("b", "a"));
        assertThat(pairings).containsExactlyInAnyOrder(true, false);
    }
}
