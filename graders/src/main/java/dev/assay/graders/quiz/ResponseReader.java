package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a learner's answers object against the quiz it answers, so that the grader only ever sees answers
 * of the right kind with ids that exist. Reports every problem at once, each under {@code answers.<id>...}.
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

    static ResponseReader.Result read(Quiz quiz, JsonNode answers) {
        return new ResponseReader(quiz).readAll(answers);
    }

    record Result(QuizResponse response, Violations violations) {
    }

    private Result readAll(JsonNode answers) {
        Map<String, Answer> read = new HashMap<>();
        if (answers == null || !answers.isObject()) {
            out.add("answers", "must be an object mapping question ids to answers");
            return new Result(null, out);
        }
        for (Map.Entry<String, JsonNode> entry : answers.properties()) {
            String path = "answers." + entry.getKey();
            Question question = quiz.question(entry.getKey());
            if (question == null) {
                out.add(path, "is not a question of this quiz");
            } else if (!entry.getValue().isNull()) {
                Answer answer = answer(path, question, entry.getValue());
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
                String id = knownId(path, json, choiceIds(q.choices()), "choice");
                yield id == null ? null : new Answer.Single(id);
            }
            case MultipleResponseQuestion q -> {
                List<String> ids = idList(path, json, choiceIds(q.choices()), "choice");
                yield ids == null ? null : new Answer.Multiple(new HashSet<>(ids));
            }
            case TrueFalseQuestion q -> json.isBoolean() ? new Answer.TrueFalse(json.booleanValue())
                    : wrongType(path, "a boolean");
            case NumericQuestion q -> json.isNumber() && Double.isFinite(json.doubleValue())
                    ? new Answer.Numeric(json.doubleValue()) : wrongType(path, "a number");
            case ShortTextQuestion q -> {
                String text = text(path, json);
                yield text == null ? null : new Answer.Text(text);
            }
            case MatchingQuestion q -> pairs(path, json, q);
            case OrderingQuestion q -> {
                Set<String> itemIds = new LinkedHashSet<>();
                q.items().forEach(item -> itemIds.add(item.id()));
                List<String> ids = idList(path, json, itemIds, "item");
                yield ids == null ? null : new Answer.Sequence(ids);
            }
            case FillBlanksQuestion q -> blanks(path, json, q);
        };
    }

    private Answer pairs(String path, JsonNode json, MatchingQuestion question) {
        if (!json.isObject()) {
            return wrongType(path, "an object mapping premise ids to option ids");
        }
        Set<String> premiseIds = new HashSet<>();
        question.premises().forEach(premise -> premiseIds.add(premise.id()));
        Set<String> optionIds = new HashSet<>();
        question.options().forEach(option -> optionIds.add(option.id()));
        Map<String, String> pairs = new HashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            String at = path + "." + entry.getKey();
            if (!premiseIds.contains(entry.getKey())) {
                out.add(at, "is not a premise of this question");
                ok = false;
            } else if (!entry.getValue().isNull()) {
                String option = knownId(at, entry.getValue(), optionIds, "option");
                if (option == null) {
                    ok = false;
                } else {
                    pairs.put(entry.getKey(), option);
                }
            }
        }
        return ok ? new Answer.Pairs(pairs) : null;
    }

    private Answer blanks(String path, JsonNode json, FillBlanksQuestion question) {
        if (!json.isObject()) {
            return wrongType(path, "an object mapping gap ids to texts");
        }
        Set<String> gapIds = new HashSet<>();
        question.gaps().forEach(gap -> gapIds.add(gap.id()));
        Map<String, String> texts = new HashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            String at = path + "." + entry.getKey();
            if (!gapIds.contains(entry.getKey())) {
                out.add(at, "is not a gap of this question");
                ok = false;
            } else if (!entry.getValue().isNull()) {
                String text = text(at, entry.getValue());
                if (text == null) {
                    ok = false;
                } else {
                    texts.put(entry.getKey(), text);
                }
            }
        }
        return ok ? new Answer.Blanks(texts) : null;
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

    private String knownId(String path, JsonNode json, Set<String> ids, String what) {
        if (!json.isTextual()) {
            wrongType(path, "a " + what + " id (string)");
            return null;
        }
        if (!ids.contains(json.textValue())) {
            out.add(path, "'" + json.textValue() + "' is not a " + what + " of this question");
            return null;
        }
        return json.textValue();
    }

    private List<String> idList(String path, JsonNode json, Set<String> ids, String what) {
        if (!json.isArray()) {
            wrongType(path, "an array of " + what + " ids");
            return null;
        }
        List<String> read = new ArrayList<>(json.size());
        Set<String> seen = new HashSet<>();
        boolean ok = true;
        for (int i = 0; i < json.size(); i++) {
            String at = path + "[" + i + "]";
            String id = knownId(at, json.get(i), ids, what);
            if (id == null) {
                ok = false;
            } else if (!seen.add(id)) {
                out.add(at, "repeats " + what + " '" + id + "'");
                ok = false;
            } else {
                read.add(id);
            }
        }
        return ok ? read : null;
    }

    private static Set<String> choiceIds(List<Choice> choices) {
        Set<String> ids = new HashSet<>();
        for (Choice choice : choices) {
            ids.add(choice.id());
        }
        return ids;
    }

    private Answer wrongType(String path, String expected) {
        out.add(path, "must be " + expected);
        return null;
    }
}
