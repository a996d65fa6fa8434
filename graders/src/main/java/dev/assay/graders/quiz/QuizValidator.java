package dev.assay.graders.quiz;

import dev.assay.graders.Violation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Checks that a quiz can be graded and that every question lets a learner reach full credit. */
final class QuizValidator {

    private QuizValidator() {
    }

    static List<Violation> validate(Quiz quiz) {
        Violations out = new Violations();
        List<Question> questions = quiz.questions();
        if (questions.isEmpty()) {
            out.add("questions", "must contain at least one question");
        }
        for (int i = 0; i < questions.size(); i++) {
            Question question = questions.get(i);
            String path = "questions[" + i + "]";
            if (question == null) {
                out.add(path, "must not be null");
            } else {
                question(out, path, question);
            }
        }
        uniqueIds(out, "questions", questions, Question::id);
        return out.list();
    }

    private static void question(Violations out, String path, Question question) {
        out.id(path + ".id", question.id());
        out.text(path + ".prompt", question.prompt());
        if (!(question.points() > 0.0 && question.points() <= Question.MAX_POINTS)) {
            out.add(path + ".points", "must be a positive number no greater than 1000000");
        }
        switch (question) {
            case SingleChoiceQuestion q -> {
                choices(out, path, q.choices());
                if (maxFraction(q.choices()) < 1.0 - Scores.EPSILON) {
                    out.add(path + ".choices", "at least one choice must have fraction 1");
                }
            }
            case MultipleResponseQuestion q -> multipleResponse(out, path, q);
            case TrueFalseQuestion q -> {
                if (q.answer() == null) {
                    out.add(path + ".answer", "is required");
                }
            }
            case NumericQuestion q -> {
                nonEmpty(out, path + ".answers", q.answers(), "accepted answer");
                AcceptedAnswerRules.numbers(out, path, "answers", q.answers());
                fullCredit(out, path + ".answers", q.answers());
            }
            case ShortTextQuestion q -> {
                nonEmpty(out, path + ".answers", q.answers(), "accepted answer");
                AcceptedAnswerRules.texts(out, path, "answers", q.answers());
                fullCredit(out, path + ".answers", q.answers());
            }
            case MatchingQuestion q -> matching(out, path, q);
            case OrderingQuestion q -> ordering(out, path, q);
            case FillBlanksQuestion q -> fillBlanks(out, path, q);
        }
    }

    private static void choices(Violations out, String path, List<Choice> choices) {
        if (choices.size() < 2) {
            out.add(path + ".choices", "needs at least 2 choices");
        }
        for (int k = 0; k < choices.size(); k++) {
            String at = Violations.at(path, "choices", k);
            Choice choice = choices.get(k);
            if (choice == null) {
                out.add(at, "must not be null");
                continue;
            }
            out.id(at + ".id", choice.id());
            out.text(at + ".text", choice.text());
            out.fraction(at + ".fraction", choice.fraction());
        }
        uniqueIds(out, path + ".choices", choices, Choice::id);
    }

    private static void multipleResponse(Violations out, String path, MultipleResponseQuestion q) {
        choices(out, path, q.choices());
        double positive = 0.0;
        for (Choice choice : q.choices()) {
            if (choice != null && choice.fraction() > 0.0) {
                positive += choice.fraction();
            }
        }
        if (positive <= 0.0) {
            out.add(path + ".choices", "at least one choice must be correct (fraction > 0)");
        } else if (q.mode() == MultipleResponseMode.PARTIAL && positive < 1.0 - Scores.EPSILON) {
            out.add(path + ".choices", "the positive fractions add up to " + Scores.round(positive)
                    + "; they must reach 1 so that full credit is possible");
        }
    }

    private static void matching(Violations out, String path, MatchingQuestion q) {
        nonEmpty(out, path + ".premises", q.premises(), "premise");
        nonEmpty(out, path + ".options", q.options(), "option");
        Set<String> optionIds = new HashSet<>();
        for (int k = 0; k < q.options().size(); k++) {
            String at = Violations.at(path, "options", k);
            MatchOption option = q.options().get(k);
            if (option == null) {
                out.add(at, "must not be null");
                continue;
            }
            out.id(at + ".id", option.id());
            out.text(at + ".text", option.text());
            optionIds.add(option.id());
        }
        for (int k = 0; k < q.premises().size(); k++) {
            String at = Violations.at(path, "premises", k);
            Premise premise = q.premises().get(k);
            if (premise == null) {
                out.add(at, "must not be null");
                continue;
            }
            out.id(at + ".id", premise.id());
            out.text(at + ".text", premise.text());
            if (premise.match() == null) {
                out.add(at + ".match", "is required");
            } else if (!optionIds.contains(premise.match())) {
                out.add(at + ".match", "refers to unknown option '" + premise.match() + "'");
            }
        }
        uniqueIds(out, path + ".premises", q.premises(), Premise::id);
        uniqueIds(out, path + ".options", q.options(), MatchOption::id);
    }

    private static void ordering(Violations out, String path, OrderingQuestion q) {
        if (q.items().size() < 2) {
            out.add(path + ".items", "needs at least 2 items");
        }
        for (int k = 0; k < q.items().size(); k++) {
            String at = Violations.at(path, "items", k);
            OrderItem item = q.items().get(k);
            if (item == null) {
                out.add(at, "must not be null");
                continue;
            }
            out.id(at + ".id", item.id());
            out.text(at + ".text", item.text());
        }
        uniqueIds(out, path + ".items", q.items(), OrderItem::id);
    }

    private static void fillBlanks(Violations out, String path, FillBlanksQuestion q) {
        nonEmpty(out, path + ".gaps", q.gaps(), "gap");
        Set<String> gapIds = new HashSet<>();
        for (int g = 0; g < q.gaps().size(); g++) {
            String at = Violations.at(path, "gaps", g);
            Gap gap = q.gaps().get(g);
            if (gap == null) {
                out.add(at, "must not be null");
                continue;
            }
            out.id(at + ".id", gap.id());
            gapIds.add(gap.id());
            if (gap.answers().isEmpty() && gap.numericAnswers().isEmpty()) {
                out.add(at + ".answers", "a gap needs at least one accepted answer (text or numeric)");
            } else if (!AcceptedAnswerRules.reachesFullCredit(gap.answers())
                    && !AcceptedAnswerRules.reachesFullCredit(gap.numericAnswers())) {
                out.add(at + ".answers", "at least one accepted answer must have fraction 1");
            }
            AcceptedAnswerRules.texts(out, at, "answers", gap.answers());
            AcceptedAnswerRules.numbers(out, at, "numericAnswers", gap.numericAnswers());
        }
        uniqueIds(out, path + ".gaps", q.gaps(), Gap::id);
        gapReferences(out, path, q, gapIds);
    }

    private static void gapReferences(Violations out, String path, FillBlanksQuestion q, Set<String> gapIds) {
        if (q.text() == null || q.text().isBlank()) {
            out.add(path + ".text", "is required");
            return;
        }
        GapTemplate.Parsed parsed = GapTemplate.parse(q.text());
        if (parsed.error() != null) {
            out.add(path + ".text", parsed.error());
        }
        Set<String> used = new HashSet<>();
        for (String id : parsed.gapIds()) {
            if (!gapIds.contains(id)) {
                out.add(path + ".text", "refers to undefined gap '" + id + "'");
            } else if (!used.add(id)) {
                out.add(path + ".text", "uses gap '" + id + "' more than once");
            }
        }
        for (int g = 0; g < q.gaps().size(); g++) {
            Gap gap = q.gaps().get(g);
            if (gap != null && gap.id() != null && !used.contains(gap.id())) {
                out.add(Violations.at(path, "gaps", g) + ".id", "gap '" + gap.id() + "' does not appear in the text");
            }
        }
    }

    private static void nonEmpty(Violations out, String field, List<?> list, String what) {
        if (list.isEmpty()) {
            out.add(field, "needs at least one " + what);
        }
    }

    private static void fullCredit(Violations out, String field, List<?> answers) {
        if (!answers.isEmpty() && !AcceptedAnswerRules.reachesFullCredit(answers)) {
            out.add(field, "at least one accepted answer must have fraction 1");
        }
    }

    private static double maxFraction(List<Choice> choices) {
        double max = Double.NEGATIVE_INFINITY;
        for (Choice choice : choices) {
            if (choice != null) {
                max = Math.max(max, choice.fraction());
            }
        }
        return max;
    }

    /** Reports each repeated id at the later occurrence, naming the first. */
    private static <T> void uniqueIds(Violations out, String listPath, List<T> list, Function<T, String> id) {
        Map<String, Integer> first = new HashMap<>();
        for (int k = 0; k < list.size(); k++) {
            T element = list.get(k);
            if (element == null || id.apply(element) == null) {
                continue;
            }
            Integer earlier = first.putIfAbsent(id.apply(element), k);
            if (earlier != null) {
                out.add(listPath + "[" + k + "].id",
                        "duplicate id '" + id.apply(element) + "' (also " + listPath + "[" + earlier + "])");
            }
        }
    }
}
