package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.graders.Correctness;
import dev.assay.graders.GradeResult;
import dev.assay.graders.PartResult;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuizGradingPropertiesTest {

    private final QuizGrader grader = new QuizGrader();

    @Provide
    Arbitrary<QuizArbitraries.Attempt> attempts() {
        return QuizArbitraries.attempts();
    }

    @Provide
    Arbitrary<Quiz> quizzes() {
        return QuizArbitraries.quizzes();
    }

    @Property(tries = 400)
    void generatedQuizzesAreValid(@ForAll("quizzes") Quiz quiz) {
        assertThat(quiz.validate()).isEmpty();
    }

    @Property(tries = 400)
    void everyScoreIsWithinItsBounds(@ForAll("attempts") QuizArbitraries.Attempt attempt) {
        GradeResult result = grader.grade(attempt.quiz(), attempt.response());

        long micros = 0;
        for (PartResult part : result.parts()) {
            assertThat(part.score()).isBetween(0.0, part.maxScore());
            assertThat(part.maxScore()).isEqualTo(attempt.quiz().question(part.id()).points());
            switch (part.correctness()) {
                case CORRECT -> assertThat(part.score()).isEqualTo(part.maxScore());
                case PARTIAL -> assertThat(part.score()).isStrictlyBetween(0.0, part.maxScore());
                case INCORRECT, UNANSWERED -> assertThat(part.score()).isZero();
            }
            micros += Scores.micros(part.maxScore());
        }
        assertThat(result.parts()).hasSameSizeAs(attempt.quiz().questions());
        assertThat(result.maxScore()).isEqualTo(Scores.fromMicros(micros)).isEqualTo(attempt.quiz().maxScore());
        assertThat(result.score()).isBetween(0.0, result.maxScore());
    }

    @Property(tries = 400)
    void missingAnswersAreExactlyTheUnansweredOnes(@ForAll("attempts") QuizArbitraries.Attempt attempt) {
        GradeResult result = grader.grade(attempt.quiz(), attempt.response());

        for (PartResult part : result.parts()) {
            if (!attempt.response().answers().containsKey(part.id())) {
                assertThat(part.correctness()).isEqualTo(Correctness.UNANSWERED);
            }
        }
    }

    @Property(tries = 400)
    void gradingIsDeterministic(@ForAll("attempts") QuizArbitraries.Attempt attempt) {
        assertThat(grader.grade(attempt.quiz(), attempt.response()))
                .isEqualTo(grader.grade(attempt.quiz(), attempt.response()));
    }

    @Property(tries = 400)
    void variantsAreReproducibleAndGradeTheSame(@ForAll("attempts") QuizArbitraries.Attempt attempt,
                                                @ForAll long seed) {
        Quiz quiz = attempt.quiz();
        Quiz variant = quiz.variantFor(seed);

        assertThat(quiz.variantFor(seed)).isEqualTo(variant);
        assertThat(variant.validate()).isEmpty();
        GradeResult original = grader.grade(quiz, attempt.response());
        GradeResult shuffled = grader.grade(variant, attempt.response());
        assertThat(shuffled.score()).isEqualTo(original.score());
        assertThat(shuffled.maxScore()).isEqualTo(original.maxScore());
        Map<String, PartResult> originalParts = byId(original);
        for (PartResult part : shuffled.parts()) {
            PartResult same = originalParts.get(part.id());
            assertThat(part.score()).isEqualTo(same.score());
            assertThat(part.correctness()).isEqualTo(same.correctness());
            // feedback follows the order the learner saw the choices in
            assertThat(part.feedback()).containsExactlyInAnyOrderElementsOf(same.feedback());
        }
    }

    @Property(tries = 400)
    void quizJsonRoundTrips(@ForAll("quizzes") Quiz quiz) {
        assertThat(QuizCodec.readQuiz(QuizCodec.writeQuiz(quiz))).isEqualTo(quiz);
    }

    @Property(tries = 400)
    void responseJsonRoundTrips(@ForAll("attempts") QuizArbitraries.Attempt attempt) {
        JsonNode json = answersJson(attempt.response());

        assertThat(QuizCodec.readResponse(attempt.quiz(), json)).isEqualTo(attempt.response());
    }

    private static Map<String, PartResult> byId(GradeResult result) {
        Map<String, PartResult> parts = new HashMap<>();
        result.parts().forEach(part -> parts.put(part.id(), part));
        return parts;
    }

    /** The JSON a client would send for this response. */
    private static JsonNode answersJson(QuizResponse response) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode json = nodes.objectNode();
        response.answers().forEach((id, answer) -> json.set(id, switch (answer) {
            case Answer.Single a -> nodes.textNode(a.choiceId());
            case Answer.Multiple a -> array(nodes, a.choiceIds());
            case Answer.TrueFalse a -> nodes.booleanNode(a.value());
            case Answer.Numeric a -> nodes.numberNode(a.value());
            case Answer.Text a -> nodes.textNode(a.text());
            case Answer.Pairs a -> object(nodes, a.pairs());
            case Answer.Sequence a -> array(nodes, a.itemIds());
            case Answer.Blanks a -> object(nodes, a.texts());
        }));
        return json;
    }

    private static ArrayNode array(JsonNodeFactory nodes, Iterable<String> ids) {
        ArrayNode array = nodes.arrayNode();
        ids.forEach(array::add);
        return array;
    }

    private static ObjectNode object(JsonNodeFactory nodes, Map<String, String> map) {
        ObjectNode object = nodes.objectNode();
        map.forEach(object::put);
        return object;
    }
}
