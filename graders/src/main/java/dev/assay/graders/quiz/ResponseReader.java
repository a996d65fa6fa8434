package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a learner's answers object against the quiz it answers, so that the grader only ever sees answers
 * of the right kind with ids that exist. Reports every problem at once, each under {@code answers.<id>...}.
 *
 * <p>This runs for every quiz submission, so ids are looked up by scanning the question's short lists
 * rather than by building sets, and field paths are only built when there is something to report.
 */
final class ResponseReader {

    /**
     * Bounds the text a staff-written regular expression is run on: quizzes are graded inline in the
     * request, and a careless pattern must not turn a long answer into seconds of backtracking.
     */
    static final int MAX_TEXT_LENGTH = 1000;

    private final Quiz quiz;
    private final Violations out = new Violations();

    private ResponseReader(Quiz quiz) {
        this.quiz = quiz;
    }

    record Result(QuizResponse response, Violations violations) {
    }

    static Result read(Quiz quiz, JsonNode answers) {
        return new ResponseReader(quiz).readAll(answers);
    }

    private Result readAll(JsonNode answers) {
        if (answers == null || !answers.isObject()) {
            out.add("answers", "must be an object mapping question ids to answers");
            return new Result(null, out);
        }
        Map<String, Answer> read = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : answers.properties()) {
            Question question = quiz.question(entry.getKey());
            if (question == null) {
                out.add("answers." + entry.getKey(), "is not a question of this quiz");
            } else if (!entry.getValue().isNull()) {
                Answer answer = answer("answers." + entry.getKey(), question, entry.getValue());
                if (answer != null) {
                    read.put(question.id(), answer);
                }
            }
        }
        return new Result(out.isEmpty() ? new QuizResponse(read) : null, out);
    }

    /** The answer, or null after reporting why there is none. */
    private Answer answer(String path, Question question, JsonNode json) {
        return switch (question) {
            case SingleChoiceQuestion q -> {
                String choice = knownId(path, json, id -> hasId(q.choices(), Choice::id, id), "choice");
                yield choice == null ? null : new Answer.Single(choice);
            }
            case MultipleResponseQuestion q -> {
                List<String> ids = idList(path, json, id -> hasId(q.choices(), Choice::id, id), "choice");
                yield ids == null ? null : new Answer.Multiple(Set.copyOf(ids));
            }
            case TrueFalseQuestion q -> json.isBoolean() ? new Answer.TrueFalse(json.booleanValue())
                    : wrongType(path, "a boolean");
            case NumericQuestion q -> json.isNumber() && Double.isFinite(json.doubleValue())
                    ? new Answer.Numeric(json.doubleValue()) : wrongType(path, "a number");
            case ShortTextQuestion q -> {
                String text = text(path, json);
                yield text == null ? null : new Answer.Text(text);
            }
            case MatchingQuestion q -> {
                Map<String, String> pairs = idMap(path, json, "premise", "option ids",
                        id -> hasId(q.premises(), Premise::id, id),
                        (at, value) -> knownId(at, value, id -> hasId(q.options(), MatchOption::id, id), "option"));
                yield pairs == null ? null : new Answer.Pairs(pairs);
            }
            case OrderingQuestion q -> {
                List<String> ids = idList(path, json, id -> hasId(q.items(), OrderItem::id, id), "item");
                yield ids == null ? null : new Answer.Sequence(ids);
            }
            case FillBlanksQuestion q -> {
                Map<String, String> texts = idMap(path, json, "gap", "texts",
                        id -> hasId(q.gaps(), Gap::id, id), this::text);
                yield texts == null ? null : new Answer.Blanks(texts);
            }
        };
    }

    /** Reads one value of an object answer; returns null after reporting a problem. */
    private interface ValueReader {
        String read(String path, JsonNode value);
    }

    /** An object answer keyed by ids (premises, gaps); null entries are left out as unanswered. */
    private Map<String, String> idMap(String path, JsonNode json, String keyKind, String valueKind,
                                      Predicate<String> knownKey, ValueReader values) {
        if (!json.isObject()) {
            wrongType(path, "an object mapping " + keyKind + " ids to " + valueKind);
            return null;
        }
        Map<String, String> read = new HashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            if (!knownKey.test(entry.getKey())) {
                out.add(path + "." + entry.getKey(), "is not one of this question's " + keyKind + "s");
                ok = false;
            } else if (!entry.getValue().isNull()) {
                String value = values.read(path + "." + entry.getKey(), entry.getValue());
                if (value == null) {
                    ok = false;
                } else {
                    read.put(entry.getKey(), value);
                }
            }
        }
        return ok ? read : null;
    }

    private String text(String path, JsonNode json) {
        if (!json.isTextual()) {
            wrongType(path, "a string");
            return null;
        }
        if (json.textValue().length() > MAX_TEXT_LENGTH) {
            out.add(path, "must be at most " + MAX_TEXT_LENGTH + " characters");
            return null;
        }
        return json.textValue();
    }

    private String knownId(String path, JsonNode json, Predicate<String> known, String kind) {
        if (!json.isTextual()) {
            wrongType(path, "a " + kind + " id (string)");
            return null;
        }
        if (!known.test(json.textValue())) {
            out.add(path, "'" + json.textValue() + "' is not one of this question's " + kind + "s");
            return null;
        }
        return json.textValue();
    }

    private List<String> idList(String path, JsonNode json, Predicate<String> known, String kind) {
        if (!json.isArray()) {
            wrongType(path, "an array of " + kind + " ids");
            return null;
        }
        List<String> read = new ArrayList<>(json.size());
        boolean ok = true;
        for (int i = 0; i < json.size(); i++) {
            JsonNode element = json.get(i);
            String id = element.isTextual() && known.test(element.textValue()) ? element.textValue()
                    : knownId(path + "[" + i + "]", element, known, kind);
            if (id == null) {
                ok = false;
            } else if (read.contains(id)) {
                out.add(path + "[" + i + "]", "repeats " + kind + " '" + id + "'");
                ok = false;
            } else {
                read.add(id);
            }
        }
        return ok ? read : null;
    }

    private Answer wrongType(String path, String expected) {
        out.add(path, "must be " + expected);
        return null;
    }

    private static <T> boolean hasId(List<T> list, Function<T, String> idOf, String id) {
        for (T element : list) {
            if (idOf.apply(element).equals(id)) {
                return true;
            }
        }
        return false;
    }
}
