package dev.assay.benchmarks.quiz;

import dev.assay.graders.quiz.Quiz;
import dev.assay.graders.quiz.QuizCodec;

import java.nio.charset.StandardCharsets;

/**
 * A 20-question quiz with every question type (several modes of each) and one learner's answers to it,
 * a realistic mix of right, partly right, wrong and skipped.
 */
final class QuizFixture {

    static final String QUIZ_JSON = """
            {"title": "Benchmark: 20 mixed questions", "shuffle": true, "questions": [
              {"type": "single_choice", "id": "s1", "prompt": "Capital of France?", "generalFeedback": "Since 987.",
               "choices": [{"id": "a", "text": "Paris", "fraction": 1, "feedback": "Right."},
                           {"id": "b", "text": "Lyon", "fraction": 0.25, "feedback": "Second city."},
                           {"id": "c", "text": "Berlin", "fraction": -0.5, "feedback": "Germany."},
                           {"id": "d", "text": "Rome", "feedback": "Italy."}]},
              {"type": "single_choice", "id": "s2", "prompt": "2 + 2?", "points": 2,
               "choices": [{"id": "a", "text": "3"}, {"id": "b", "text": "4", "fraction": 1},
                           {"id": "c", "text": "5"}]},
              {"type": "single_choice", "id": "s3", "prompt": "Largest planet?",
               "choices": [{"id": "a", "text": "Earth"}, {"id": "b", "text": "Jupiter", "fraction": 1},
                           {"id": "c", "text": "Saturn", "fraction": 0.5}]},
              {"type": "multiple_response", "id": "m1", "prompt": "Primes?", "mode": "partial",
               "choices": [{"id": "a", "text": "2", "fraction": 0.5, "feedback": "Even prime."},
                           {"id": "b", "text": "3", "fraction": 0.5},
                           {"id": "c", "text": "4", "fraction": -0.5, "feedback": "2 x 2."},
                           {"id": "d", "text": "9", "fraction": -0.5}]},
              {"type": "multiple_response", "id": "m2", "prompt": "Mammals?", "mode": "all_or_nothing",
               "choices": [{"id": "a", "text": "Whale", "fraction": 0.5}, {"id": "b", "text": "Bat", "fraction": 0.5},
                           {"id": "c", "text": "Shark"}, {"id": "d", "text": "Penguin"}]},
              {"type": "multiple_response", "id": "m3", "prompt": "Noble gases?", "mode": "every_decision",
               "choices": [{"id": "a", "text": "He", "fraction": 0.5}, {"id": "b", "text": "Ne", "fraction": 0.5},
                           {"id": "c", "text": "O"}, {"id": "d", "text": "N"}, {"id": "e", "text": "Ar", "fraction": 0.5}]},
              {"type": "true_false", "id": "t1", "prompt": "Light is faster than sound.", "answer": true,
               "feedbackTrue": "Yes.", "feedbackFalse": "Think of thunder."},
              {"type": "true_false", "id": "t2", "prompt": "The Sun orbits the Earth.", "answer": false,
               "feedbackTrue": "Not since Copernicus.", "feedbackFalse": "Right."},
              {"type": "numeric", "id": "n1", "prompt": "g in m/s²?",
               "answers": [{"value": 9.81, "tolerance": 0.01, "feedback": "Exactly."},
                           {"value": 10, "relativeTolerance": 0.05, "fraction": 0.5, "feedback": "Roughly."}]},
              {"type": "numeric", "id": "n2", "prompt": "A number between 1 and 2?",
               "answers": [{"min": 1, "max": 2, "minInclusive": false, "maxInclusive": false}]},
              {"type": "numeric", "id": "n3", "prompt": "Speed of light in km/s?",
               "answers": [{"value": 299792, "relativeTolerance": 0.001},
                           {"min": 250000, "max": 350000, "fraction": 0.5}]},
              {"type": "short_text", "id": "x1", "prompt": "Organelle producing ATP?",
               "answers": [{"pattern": "mitochondrion", "feedback": "Yes."},
                           {"pattern": "mitochondri*", "fraction": 0.8, "feedback": "Singular."},
                           {"pattern": "*power*house*", "fraction": 0.2}]},
              {"type": "short_text", "id": "x2", "prompt": "Chemical symbol of sodium?",
               "answers": [{"pattern": "Na", "caseSensitive": true}, {"pattern": "na", "fraction": 0.5}]},
              {"type": "short_text", "id": "x3", "prompt": "Spell the colour.",
               "answers": [{"pattern": "colou?r", "regex": true}]},
              {"type": "matching", "id": "p1", "prompt": "Capitals.", "points": 3,
               "premises": [{"id": "fr", "text": "France", "match": "paris"}, {"id": "de", "text": "Germany", "match": "berlin"},
                            {"id": "it", "text": "Italy", "match": "rome"}, {"id": "es", "text": "Spain", "match": "madrid"}],
               "options": [{"id": "berlin", "text": "Berlin"}, {"id": "madrid", "text": "Madrid"}, {"id": "paris", "text": "Paris"},
                           {"id": "rome", "text": "Rome"}, {"id": "lisbon", "text": "Lisbon"}]},
              {"type": "matching", "id": "p2", "prompt": "Classify.", "allOrNothing": true,
               "premises": [{"id": "cat", "text": "Cat", "match": "mammal"}, {"id": "owl", "text": "Owl", "match": "bird"},
                            {"id": "cod", "text": "Cod", "match": "fish"}],
               "options": [{"id": "mammal", "text": "Mammal"}, {"id": "bird", "text": "Bird"}, {"id": "fish", "text": "Fish"}]},
              {"type": "ordering", "id": "o1", "prompt": "Planets from the Sun.", "mode": "relative",
               "items": [{"id": "me", "text": "Mercury"}, {"id": "ve", "text": "Venus"}, {"id": "ea", "text": "Earth"},
                         {"id": "ma", "text": "Mars"}, {"id": "ju", "text": "Jupiter"}]},
              {"type": "ordering", "id": "o2", "prompt": "Smallest first.", "mode": "all_or_nothing",
               "items": [{"id": "a", "text": "1"}, {"id": "b", "text": "2"}, {"id": "c", "text": "3"}]},
              {"type": "fill_blanks", "id": "f1", "prompt": "Complete.", "points": 2,
               "text": "{{liquid}} boils at {{temp}} °C.",
               "gaps": [{"id": "liquid", "answers": [{"pattern": "water"}, {"pattern": "H2O", "caseSensitive": true}]},
                        {"id": "temp", "numericAnswers": [{"value": 100, "tolerance": 0.5}],
                         "answers": [{"pattern": "one hundred"}]}]},
              {"type": "fill_blanks", "id": "f2", "prompt": "Complete.",
               "text": "The {{a}} is the {{b}} of the {{c}}.",
               "gaps": [{"id": "a", "answers": [{"pattern": "heart"}]}, {"id": "b", "answers": [{"pattern": "pump"}]},
                        {"id": "c", "answers": [{"pattern": "*circulat*"}]}]}
            ]}
            """;

    /** Sixteen answers of twenty: right, partly right and wrong, plus four questions left unanswered. */
    static final String ANSWERS_JSON = """
            {"s1": "b", "s2": "b", "s3": "c",
             "m1": ["a", "b", "c"], "m2": ["a", "b"], "m3": ["a", "c"],
             "t1": true, "t2": true,
             "n1": 9.7, "n2": 1.5,
             "x1": "  Mitochondria ", "x2": "na", "x3": "Colour",
             "p1": {"fr": "paris", "de": "berlin", "it": "madrid"},
             "o1": ["me", "ve", "ma", "ea", "ju"],
             "f1": {"liquid": "Water", "temp": "100"}}
            """;

    static final byte[] ANSWERS_BYTES = ANSWERS_JSON.getBytes(StandardCharsets.UTF_8);

    private QuizFixture() {
    }

    static Quiz quiz() {
        return QuizCodec.readQuiz(QUIZ_JSON.getBytes(StandardCharsets.UTF_8));
    }
}
