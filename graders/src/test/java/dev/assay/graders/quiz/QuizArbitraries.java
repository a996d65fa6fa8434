package dev.assay.graders.quiz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** Generators of valid quizzes of every question type and of responses that use only the quiz's ids. */
final class QuizArbitraries {

    /** A quiz and one response to it. */
    record Attempt(Quiz quiz, QuizResponse response) {
    }

    private static final List<String> GLOBS = List.of("a", "ab", "a*", "*b", "*a*", "a*b", "A B", "**", "ba\\*");
    private static final List<String> REGEXES = List.of("a+b?", "[ab]*", "(a|b) c", "\\d+", ".*b.*");

    private QuizArbitraries() {
    }

    static Arbitrary<Attempt> attempts() {
        return quizzes().flatMap(quiz -> responses(quiz).map(response -> new Attempt(quiz, response)));
    }

    static Arbitrary<Quiz> quizzes() {
        return Arbitraries.integers().between(1, 12).flatMap(count -> {
            List<Arbitrary<Question>> questions = IntStream.range(0, count)
                    .mapToObj(i -> question("q" + i)).toList();
            return Combinators.combine(questions).as(list -> list).flatMap(list ->
                    Arbitraries.of(true, false).map(shuffle -> new Quiz("Generated", list, shuffle)));
        });
    }

    static Arbitrary<QuizResponse> responses(Quiz quiz) {
        List<Arbitrary<Map.Entry<String, Answer>>> entries = new ArrayList<>();
        for (Question question : quiz.questions()) {
            entries.add(answer(question).map(answer -> Map.entry(question.id(), answer)).injectNull(0.15));
        }
        return Combinators.combine(entries).as(list -> {
            Map<String, Answer> answers = new HashMap<>();
            for (Map.Entry<String, Answer> entry : list) {
                if (entry != null) {
                    answers.put(entry.getKey(), entry.getValue());
                }
            }
            return new QuizResponse(answers);
        });
    }

    // ---- definitions

    private static Arbitrary<Question> question(String id) {
        return Arbitraries.oneOf(single(id), multiple(id), trueFalse(id), numeric(id), shortText(id),
                matching(id), ordering(id), fillBlanks(id));
    }

    private static Arbitrary<Double> points() {
        return Arbitraries.oneOf(Arbitraries.of(1.0, 0.1, 0.2, 1.0 / 3, 2.5, 100.0),
                Arbitraries.doubles().between(0.001, 50.0).ofScale(6));
    }

    private static Arbitrary<Double> fraction() {
        return Arbitraries.oneOf(Arbitraries.of(-1.0, -0.5, 0.0, 0.1, 0.2, 1.0 / 3, 0.5, 1.0),
                Arbitraries.doubles().between(-1.0, 1.0).ofScale(6));
    }

    private static Arbitrary<String> feedback() {
        return Arbitraries.strings().alpha().ofMaxLength(8).injectNull(0.3);
    }

    private static Arbitrary<List<Choice>> choices() {
        return Arbitraries.integers().between(2, 6).flatMap(n -> Combinators.combine(
                IntStream.range(0, n).mapToObj(k -> Combinators.combine(fraction(), feedback())
                        .as((fraction, feedback) -> new Choice("c" + k, "Choice " + k, fraction, feedback))).toList())
                .as(list -> list));
    }

    /** Makes full credit reachable, as the validator demands, by giving one choice fraction 1. */
    private static List<Choice> withFullCredit(List<Choice> choices, int index) {
        List<Choice> fixed = new ArrayList<>(choices);
        Choice c = fixed.get(index % fixed.size());
        fixed.set(index % fixed.size(), new Choice(c.id(), c.text(), 1.0, c.feedback()));
        return fixed;
    }

    private static Arbitrary<Question> single(String id) {
        return Combinators.combine(points(), choices(), Arbitraries.integers().between(0, 5))
                .as((points, choices, full) -> new SingleChoiceQuestion(id, "Single", points, "general",
                        withFullCredit(choices, full)));
    }

    private static Arbitrary<Question> multiple(String id) {
        return Combinators.combine(points(), choices(), Arbitraries.integers().between(0, 5),
                        Arbitraries.of(MultipleResponseMode.class))
                .as((points, choices, full, mode) -> {
                    double positive = choices.stream().mapToDouble(c -> Math.max(0, c.fraction())).sum();
                    List<Choice> fixed = positive >= 1.0 ? choices : withFullCredit(choices, full);
                    return new MultipleResponseQuestion(id, "Multiple", points, null, fixed, mode);
                });
    }

    private static Arbitrary<Question> trueFalse(String id) {
        return Combinators.combine(points(), Arbitraries.of(true, false), feedback(), feedback())
                .as((points, answer, yes, no) -> new TrueFalseQuestion(id, "True?", points, null, answer, yes, no));
    }

    private static Arbitrary<AcceptedNumber> acceptedNumber() {
        Arbitrary<Double> values = Arbitraries.doubles().between(-1000, 1000).ofScale(2);
        Arbitrary<AcceptedNumber> exact = Combinators.combine(values, Arbitraries.doubles().between(0, 5).ofScale(3),
                        Arbitraries.integers().between(0, 2), fraction(), feedback())
                .as((value, tolerance, kind, fraction, feedback) -> switch (kind) {
                    case 0 -> AcceptedNumber.exact(value, tolerance, fraction, feedback);
                    case 1 -> AcceptedNumber.relative(value, tolerance / 10, fraction, feedback);
                    default -> new AcceptedNumber(value, null, null, null, null, null, null, fraction, feedback);
                });
        Arbitrary<AcceptedNumber> interval = Combinators.combine(values, Arbitraries.doubles().between(0.01, 50),
                        Arbitraries.integers().between(0, 2), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        fraction(), feedback())
                .as((min, width, bounded, minIn, maxIn, fraction, feedback) -> AcceptedNumber.interval(
                        bounded == 1 ? null : min, minIn, bounded == 2 ? null : min + width, maxIn, fraction, feedback));
        return Arbitraries.oneOf(exact, interval);
    }

    private static List<AcceptedNumber> withFullCreditNumber(List<AcceptedNumber> answers) {
        List<AcceptedNumber> fixed = new ArrayList<>(answers);
        AcceptedNumber a = fixed.getFirst();
        fixed.set(0, new AcceptedNumber(a.value(), a.tolerance(), a.relativeTolerance(), a.min(), a.max(),
                a.minInclusive(), a.maxInclusive(), 1.0, a.feedback()));
        return fixed;
    }

    private static Arbitrary<Question> numeric(String id) {
        return Combinators.combine(points(), acceptedNumber().list().ofMinSize(1).ofMaxSize(4))
                .as((points, answers) -> new NumericQuestion(id, "How much?", points, null,
                        withFullCreditNumber(answers), null));
    }

    private static Arbitrary<AcceptedText> acceptedText() {
        Arbitrary<AcceptedText> glob = Combinators.combine(Arbitraries.of(GLOBS), fraction(), feedback(),
                        Arbitraries.of(true, false))
                .as((pattern, fraction, feedback, caseSensitive) ->
                        new AcceptedText(pattern, fraction, feedback, caseSensitive, false));
        Arbitrary<AcceptedText> regex = Combinators.combine(Arbitraries.of(REGEXES), fraction(), feedback(),
                        Arbitraries.of(true, false))
                .as((pattern, fraction, feedback, caseSensitive) ->
                        new AcceptedText(pattern, fraction, feedback, caseSensitive, true));
        return Arbitraries.frequencyOf(Tuple.of(3, glob), Tuple.of(1, regex));
    }

    private static List<AcceptedText> withFullCreditText(List<AcceptedText> answers) {
        List<AcceptedText> fixed = new ArrayList<>(answers);
        AcceptedText a = fixed.getFirst();
        fixed.set(0, new AcceptedText(a.pattern(), 1.0, a.feedback(), a.caseSensitive(), a.regex()));
        return fixed;
    }

    private static Arbitrary<Question> shortText(String id) {
        return Combinators.combine(points(), acceptedText().list().ofMinSize(1).ofMaxSize(4))
                .as((points, answers) -> new ShortTextQuestion(id, "Type", points, "general",
                        withFullCreditText(answers)));
    }

    private static Arbitrary<Question> matching(String id) {
        return Combinators.combine(points(), Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false), Arbitraries.longs())
                .as((points, premises, distractors, allOrNothing, seed) -> {
                    int options = premises + distractors;
                    java.util.Random random = new java.util.Random(seed);
                    List<Premise> premiseList = IntStream.range(0, premises)
                            .mapToObj(k -> new Premise("p" + k, "P" + k, "o" + random.nextInt(options))).toList();
                    List<MatchOption> optionList = IntStream.range(0, options)
                            .mapToObj(k -> new MatchOption("o" + k, "O" + k)).toList();
                    return new MatchingQuestion(id, "Match", points, null, premiseList, optionList, allOrNothing);
                });
    }

    private static Arbitrary<Question> ordering(String id) {
        return Combinators.combine(points(), Arbitraries.integers().between(2, 7), Arbitraries.of(OrderingMode.class))
                .as((points, n, mode) -> new OrderingQuestion(id, "Order", points, null,
                        IntStream.range(0, n).mapToObj(k -> new OrderItem("i" + k, "Item " + k)).toList(), mode));
    }

    private static Arbitrary<Gap> gap(String id) {
        return Combinators.combine(acceptedText().list().ofMaxSize(3), acceptedNumber().list().ofMaxSize(2),
                        Arbitraries.of(true, false))
                .as((texts, numbers, textFirst) -> {
                    if (numbers.isEmpty() || textFirst && !texts.isEmpty()) {
                        List<AcceptedText> fixed = texts.isEmpty() ? List.of(AcceptedText.of("a", 1, null))
                                : withFullCreditText(texts);
                        return new Gap(id, fixed, numbers);
                    }
                    return new Gap(id, texts, withFullCreditNumber(numbers));
                });
    }

    private static Arbitrary<Question> fillBlanks(String id) {
        return Arbitraries.integers().between(1, 4)
                .flatMap(n -> Combinators.combine(points(),
                                Combinators.combine(IntStream.range(0, n).mapToObj(k -> gap("g" + k)).toList())
                                        .as(list -> list))
                        .as((points, gaps) -> {
                            StringBuilder text = new StringBuilder("Fill");
                            gaps.forEach(gap -> text.append(" {{").append(gap.id()).append("}} and"));
                            return new FillBlanksQuestion(id, "Blanks", points, null, text.toString(), gaps);
                        }));
    }

    // ---- answers

    private static Arbitrary<String> typedText() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("aAbB *\\\t123.-e").ofMaxLength(12),
                Arbitraries.of("a", "ab", "A B", "a c", "42", "-1.5", "1e3", "b"));
    }

    private static Arbitrary<Answer> answer(Question question) {
        return switch (question) {
            case SingleChoiceQuestion q -> Arbitraries.of(ids(q.choices(), Choice::id)).map(Answer.Single::new);
            case MultipleResponseQuestion q -> Arbitraries.subsetOf(ids(q.choices(), Choice::id))
                    .map(set -> new Answer.Multiple(Set.copyOf(set)));
            case TrueFalseQuestion q -> Arbitraries.of(true, false).map(Answer.TrueFalse::new);
            case NumericQuestion q -> numberNear(q.answers()).map(Answer.Numeric::new);
            case ShortTextQuestion q -> typedText().map(Answer.Text::new);
            case MatchingQuestion q -> Arbitraries.maps(Arbitraries.of(ids(q.premises(), Premise::id)),
                            Arbitraries.of(ids(q.options(), MatchOption::id)))
                    .ofMaxSize(q.premises().size()).map(Answer.Pairs::new);
            case OrderingQuestion q -> Arbitraries.shuffle(ids(q.items(), OrderItem::id))
                    .flatMap(order -> Arbitraries.integers().between(0, order.size())
                            .map(keep -> (Answer) new Answer.Sequence(order.subList(0, keep))));
            case FillBlanksQuestion q -> Arbitraries.maps(Arbitraries.of(ids(q.gaps(), Gap::id)), typedText())
                    .ofMaxSize(q.gaps().size()).map(Answer.Blanks::new);
        };
    }

    /** Random numbers rarely hit a key, so most are drawn at or next to the accepted values and interval ends. */
    private static Arbitrary<Double> numberNear(List<AcceptedNumber> answers) {
        Set<Double> anchors = new HashSet<>();
        for (AcceptedNumber answer : answers) {
            for (Double anchor : new Double[]{answer.value(), answer.min(), answer.max()}) {
                if (anchor != null) {
                    anchors.add(anchor);
                }
            }
        }
        Arbitrary<Double> near = Combinators.combine(Arbitraries.of(anchors),
                        Arbitraries.of(0.0, 1e-9, -1e-9, 0.01, -0.01, 1.0, -1.0, 5.0))
                .as(Double::sum);
        return Arbitraries.frequencyOf(Tuple.of(4, near),
                Tuple.of(1, Arbitraries.doubles().between(-1e6, 1e6)));
    }

    private static <T> List<String> ids(List<T> list, java.util.function.Function<T, String> id) {
        return list.stream().map(id).toList();
    }
}
