package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LearnerViewTest {
    static final String QUIZ = """
            {"title": "T", "shuffle": true, "questions": [
              {"type": "single_choice", "id": "q1", "prompt": "Pick", "choices": [
                {"id": "a", "text": "A", "fraction": 1, "feedback": "SECRET-FEEDBACK"},
                {"id": "b", "text": "B", "fraction": -0.5}, {"id": "c", "text": "C"}, {"id": "d", "text": "D"}]},
              {"type": "true_false", "id": "q2", "prompt": "Sky is blue", "answer": true, "feedbackTrue": "SECRET-TF"},
              {"type": "numeric", "id": "q3", "prompt": "Pi?", "unit": "rad", "answers": [{"value": 3.14159, "tolerance": 0.01}]},
              {"type": "short_text", "id": "q4", "prompt": "Capital?", "answers": [{"pattern": "SECRET-PARIS"}]},
              {"type": "matching", "id": "q5", "prompt": "Match", "premises": [{"id": "p1", "text": "1", "match": "o1"}],
               "options": [{"id": "o1", "text": "one"}, {"id": "o2", "text": "two"}]},
              {"type": "ordering", "id": "q6", "prompt": "Order", "items": [{"id": "i1", "text": "first"},
               {"id": "i2", "text": "second"}, {"id": "i3", "text": "third"}, {"id": "i4", "text": "fourth"},
               {"id": "i5", "text": "fifth"}, {"id": "i6", "text": "sixth"}]},
              {"type": "fill_blanks", "id": "q7", "prompt": "Fill", "text": "The {{g1}} sat", "gaps": [
                {"id": "g1", "answers": [{"pattern": "SECRET-CAT"}]}]}
            ]}""";

    @Test
    void showsEveryQuestionWithoutAnythingThatGivesTheAnswerAway() throws Exception {
        Quiz quiz = QuizCodec.readQuiz(QuizCodec.mapper().readTree(QUIZ));
        ObjectNode view = LearnerView.of(quiz, 42);
        String text = view.toString();
        assertThat(text).doesNotContain("SECRET", "fraction", "\"match\"", "\"answer\"", "3.14159", "feedback");
        assertThat(view.get("questions")).hasSize(7);
        assertThat(view.findValuesAsText("id")).contains("q1", "a", "b", "q5", "p1", "o2", "i6");
        assertThat(view.findValue("gaps").toString()).isEqualTo("[\"g1\"]");
        assertThat(view.at("/maxScore").asDouble()).isEqualTo(7.0);
    }

    @Test
    void theSameSeedGivesTheSameVariantAndLearnersSeeDifferentOrders() throws Exception {
        Quiz quiz = QuizCodec.readQuiz(QuizCodec.mapper().readTree(QUIZ));
        assertThat(LearnerView.of(quiz, 7)).isEqualTo(LearnerView.of(quiz, 7));
        List<String> orders = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            JsonNode ordering = null;
            for (JsonNode q : LearnerView.of(quiz, seed).get("questions")) {
                if (q.get("id").asText().equals("q6")) {
                    ordering = q;
                }
            }
            orders.add(ordering.get("items").findValuesAsText("id").toString());
        }
        assertThat(new java.util.HashSet<>(orders)).as("different learners see different orders").hasSizeGreaterThan(5);
    }
}
