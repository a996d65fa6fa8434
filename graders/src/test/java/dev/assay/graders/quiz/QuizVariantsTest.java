package dev.assay.graders.quiz;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class QuizVariantsTest {

    private final Quiz quiz = Samples.quiz();

    private static List<String> questionOrder(Quiz quiz) {
        return quiz.questions().stream().map(Question::id).toList();
    }

    private static List<String> choiceOrder(Quiz quiz) {
        return ((SingleChoiceQuestion) quiz.question("q1")).choices().stream().map(Choice::id).toList();
    }

    @Test
    void sameSeedSameVariant() {
        assertThat(quiz.variantFor(42)).isEqualTo(quiz.variantFor(42));
    }

    @Test
    void seedsGiveDifferentOrders() {
        Set<List<String>> questionOrders = new HashSet<>();
        Set<List<String>> choiceOrders = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            questionOrders.add(questionOrder(quiz.variantFor(seed)));
            choiceOrders.add(choiceOrder(quiz.variantFor(seed)));
        }

        assertThat(questionOrders).hasSizeGreaterThan(40);
        assertThat(choiceOrders).hasSize(6); // all permutations of 3 choices turn up
    }

    @Test
    void variantHasTheSameQuestionsAndChoices() {
        Quiz variant = quiz.variantFor(7);

        assertThat(variant.questions()).hasSameSizeAs(quiz.questions());
        for (Question question : quiz.questions()) {
            Question shuffled = variant.question(question.id());
            switch (question) {
                case SingleChoiceQuestion q -> assertThat(((SingleChoiceQuestion) shuffled).choices())
                        .containsExactlyInAnyOrderElementsOf(q.choices());
                case MultipleResponseQuestion q -> assertThat(((MultipleResponseQuestion) shuffled).choices())
                        .containsExactlyInAnyOrderElementsOf(q.choices());
                case MatchingQuestion q -> {
                    assertThat(((MatchingQuestion) shuffled).premises()).containsExactlyInAnyOrderElementsOf(q.premises());
                    assertThat(((MatchingQuestion) shuffled).options()).containsExactlyInAnyOrderElementsOf(q.options());
                }
                default -> assertThat(shuffled).isEqualTo(question);
            }
        }
    }

    @Test
    void orderingItemsAreTheAnswerKeyAndNeverMove() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat(quiz.variantFor(seed).question("q7")).isEqualTo(quiz.question("q7"));
        }
    }

    @Test
    void knownVariantIsStableAcrossReleases() {
        // Pinned so that a change to the shuffle (which would change every learner's variant) is noticed.
        Quiz variant = quiz.variantFor(2024);

        assertThat(questionOrder(variant)).containsExactly("q4", "q8", "q2", "q3", "q6", "q7", "q1", "q5");
        assertThat(choiceOrder(variant)).containsExactly("paris", "berlin", "lyon");
    }

    @Test
    void withoutShuffleTheQuizIsItsOwnVariant() {
        Quiz fixed = new Quiz(quiz.title(), quiz.questions(), false);

        assertThat(fixed.variantFor(99)).isSameAs(fixed);
    }
}
