package dev.assay.graders.essay;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * The five validity cases of issue 3 for one ASAP-AES prompt, built from real essays: a copy of the prompt, word
 * salad, essays of another prompt, good essays padded with their own sentences, and good essays with their
 * sentences shuffled. "High" is honest and per prompt: strictly above the median of the exemplars' scores. The
 * cases are built with the JDK's sentence splitter, not the grader's, so the grader gets no help.
 */
final class ValidityCases {

    /**
     * Prompts in our own words on the topics of the ASAP-AES prompts (the data set does not include the prompt
     * texts): what real assessments would pass as {@link EssayAssessment#prompt()}.
     */
    static final List<String> PROMPTS = List.of(
            "Computers are now part of daily life, and people disagree about whether that is good. Supporters say "
                    + "computers improve coordination, let people learn about distant countries and cultures, and make "
                    + "it easy to chat with others online. Critics worry that people sit at their screens for hours "
                    + "instead of exercising, going outside and spending time with family and friends. Write a letter "
                    + "to the editor of your local newspaper giving your opinion on how computers affect people, and "
                    + "convince readers to agree with you.",
            "Some people think that libraries should take books, music, films and magazines off the shelves when "
                    + "readers find them offensive; others say that every reader should decide for themselves. "
                    + "Write a persuasive essay for a newspaper about censorship in libraries, supporting your view "
                    + "with reasons and examples from your own reading and experience.",
            "Read the story of a cyclist who rides through the desert on a hot day after following outdated "
                    + "directions, passing ghost towns and running low on water. Explain how the features of the "
                    + "setting affect the cyclist, using examples from the story.",
            "Read the story of a young immigrant girl who fails her driving test, buys a hibiscus plant that reminds "
                    + "her of her home country and plants it with her mother. Explain why the author ends the story "
                    + "with her promise to take the test again in the spring, when the snows melt and the geese return.",
            "Read the memoir in which a fashion designer remembers his childhood home, his Cuban parents and the "
                    + "neighbours who were like family. Describe the mood the author creates in the memoir, with "
                    + "evidence from the text.",
            "Read the article about the mooring mast on top of the Empire State Building. Describe the obstacles the "
                    + "builders faced in trying to let airships dock there, with details from the article.",
            "Write about patience. Tell a story about a time when you were patient, or when someone you know was "
                    + "patient, waiting calmly without complaining through a difficulty.",
            "Many people believe that laughter is an important part of any relationship. Tell a true story in which "
                    + "laughter was one element or part of it.");

    /** The prompt whose essays are the closest other topic (both persuasive, both source-based, both narrative). */
    static int pairedPrompt(int prompt) {
        return switch (prompt) {
            case 1 -> 2;
            case 2 -> 1;
            case 3 -> 4;
            case 4 -> 3;
            case 5 -> 6;
            case 6 -> 5;
            case 7 -> 8;
            default -> 7;
        };
    }

    /** Counts for one case: how many texts were auto-accepted at a high score, out of how many. */
    record Count(int autoHigh, int total) {
        @Override
        public String toString() {
            return autoHigh + " / " + total;
        }
    }

    /** All counts for one prompt, and how the prompt's own held-out essays fared. */
    record PromptResult(int prompt, double highAbove, int genuine, int genuineRoutedByChecks, int genuineAuto,
                        int copiesAutoAtAnyScore, int offTopicAutoAtAnyScore, int offTopicCalledGibberish, Count promptCopy, Count salad, Count pairedOffTopic, Count otherOffTopic, Count padded,
                        Count shuffled, Count joined, Count listed, Count extraShuffled, Count shuffledCourseCopy,
                        Count shuffledExemplar) {

        List<Count> cases() {
            return List.of(promptCopy, salad, pairedOffTopic, otherOffTopic, padded, shuffled, joined, listed);
        }

        String row() {
            return "| " + prompt + " | " + genuineRoutedByChecks + " / " + genuine + " | " + genuineAuto + " / " + genuine
                    + " | " + promptCopy + " | " + salad + " | " + pairedOffTopic + " | " + otherOffTopic + " | "
                    + offTopicAutoAtAnyScore + " / " + (pairedOffTopic.total() + otherOffTopic.total()) + " | " + padded + " | " + shuffled + " | " + joined + " | " + listed + " | " + shuffledCourseCopy + " | "
                    + shuffledExemplar + " |";
        }
    }

    static final int SALADS = 40;
    static final int OFF_TOPIC = 60;
    static final int GOOD = 40;

    private ValidityCases() {
    }

    /** The exemplar-score median: a score strictly above it is "high". */
    static double median(List<Exemplar> exemplars) {
        double[] s = exemplars.stream().mapToDouble(Exemplar::score).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Trains a model for {@code prompt} on {@code train} and runs every case on {@code test} essays.
     * {@code withPrompt} gives the assessment our prompt text (as real assessments have).
     */
    static PromptResult run(int prompt, List<AsapTsv.Essay> train, List<AsapTsv.Essay> test, boolean withPrompt) {
        return run(prompt, train, test, withPrompt, 0);
    }

    /**
     * As {@link #run(int, List, List, boolean)}, also grading {@code extraShuffles} further shuffles of each good
     * essay (their own random stream, so the other cases stay as they are): one shuffle per essay gives a count
     * too small to compare two order models by.
     */
    static PromptResult run(int prompt, List<AsapTsv.Essay> train, List<AsapTsv.Essay> test, boolean withPrompt,
                            int extraShuffles) {
        int[] range = EssayEvaluation.ASAP_RANGES.get(prompt);
        String promptText = PROMPTS.get(prompt - 1);
        EssayAssessment assessment = new EssayAssessment(withPrompt ? promptText : "", "", range[0], range[1], 0.7,
                List.of());
        List<Exemplar> exemplars = train.stream().filter(e -> e.prompt() == prompt)
                .map(e -> new Exemplar(e.text(), e.score())).toList();
        EssayModel model = EssayModel.train(assessment, exemplars);
        double median = median(exemplars);
        EssayGrader grader = new EssayGrader();
        Function<String, EssayVerdict> grade = text -> grader.grade(assessment, model, text, null);
        Function<List<String>, Count> count = texts -> {
            int high = 0;
            for (String t : texts) {
                if (grade.apply(t) instanceof EssayVerdict.AutoScored a && a.result().score() > median) {
                    high++;
                }
            }
            return new Count(high, texts.size());
        };

        List<AsapTsv.Essay> held = test.stream().filter(e -> e.prompt() == prompt).toList();
        int routedByChecks = 0;
        int auto = 0;
        for (AsapTsv.Essay e : held) {
            EssayVerdict v = grade.apply(e.text());
            if (v instanceof EssayVerdict.Routed r && !r.reasons().equals(List.of(RouteReason.LOW_CONFIDENCE))) {
                routedByChecks++;
            } else if (v instanceof EssayVerdict.AutoScored) {
                auto++;
            }
        }
        Random random = new Random(31L * prompt);
        List<String> copies = List.of(promptText, "Dear reader, " + promptText + " Thank you.",
                promptText + " " + promptText);
        List<String> salads = salads(held, random);
        List<AsapTsv.Essay> paired = new ArrayList<>(test.stream().filter(e -> e.prompt() == pairedPrompt(prompt)).toList());
        Collections.shuffle(paired, random);
        List<AsapTsv.Essay> others = new ArrayList<>(test.stream()
                .filter(e -> e.prompt() != prompt && e.prompt() != pairedPrompt(prompt)).toList());
        Collections.shuffle(others, random);
        // Good essays: held-out essays scored above the median, best first.
        List<AsapTsv.Essay> good = held.stream().filter(e -> e.score() > median)
                .sorted((a, b) -> Integer.compare(b.score(), a.score())).limit(GOOD).toList();
        List<String> padded = new ArrayList<>();
        List<String> shuffled = new ArrayList<>();
        for (AsapTsv.Essay e : good) {
            List<String> s = sentences(e.text());
            padded.add(pad(e.text(), s));
            if (s.size() >= 3) {
                shuffled.add(String.join(" ", shuffle(s, random)));
            }
        }
        // Two different good essays run together: not one of the cases, but found in QA (12 of 12).
        List<String> joined = new ArrayList<>();
        Random joinRandom = new Random(2000L + prompt);
        for (int i = 0; i < GOOD && good.size() >= 2; i++) {
            int a = joinRandom.nextInt(good.size());
            int b = (a + 1 + joinRandom.nextInt(good.size() - 1)) % good.size();
            joined.add(good.get(a).text() + " " + good.get(b).text());
        }
        // Essays at or under the median with the key terms the feedback says they miss pasted in as a list, as a
        // learner would (not one of the cases; found in QA).
        List<String> listed = new ArrayList<>();
        for (AsapTsv.Essay e : held) {
            if (listed.size() == GOOD) {
                break;
            }
            if (e.score() > median) {
                continue;
            }
            String suggested = suggestedTerms(grader, model, e.text());
            if (suggested != null) {
                String text = e.text().trim();
                listed.add(text + (text.matches("(?s).*[.!?]$") ? " " : ". ") + suggested);
            }
        }
        List<String> extra = new ArrayList<>();
        Random extraRandom = new Random(1000L + prompt);
        for (AsapTsv.Essay e : good) {
            List<String> s = sentences(e.text());
            for (int k = 0; k < extraShuffles && s.size() >= 3; k++) {
                extra.add(String.join(" ", shuffle(s, extraRandom)));
            }
        }
        // Where a shuffled good essay would come from in a course: another learner's submission (in the course's
        // index, as the engine keeps it) or a published exemplar. Moving whole sentences keeps nearly every 5-word
        // shingle, so both checks see the copy whatever the order model makes of it.
        DuplicateIndex course = new DuplicateIndex(withPrompt ? promptText : "");
        for (int i = 0; i < good.size(); i++) {
            course.add("course-" + i, good.get(i).text());
        }
        Function<List<String>, Count> countInCourse = texts -> new Count((int) texts.stream()
                .filter(t -> grader.grade(assessment, model, t, course) instanceof EssayVerdict.AutoScored a
                        && a.result().score() > median).count(), texts.size());
        List<String> shuffledExemplars = new ArrayList<>();
        Random exemplarRandom = new Random(3000L + prompt);
        exemplars.stream().filter(e -> e.score() > median).sorted((a, b) -> Double.compare(b.score(), a.score()))
                .limit(GOOD).forEach(e -> {
                    List<String> s = sentences(e.text());
                    if (s.size() >= 3) {
                        shuffledExemplars.add(String.join(" ", shuffle(s, exemplarRandom)));
                    }
                });
        DuplicateIndex emptyCourse = new DuplicateIndex(withPrompt ? promptText : "");
        Count shuffledExemplar = new Count((int) shuffledExemplars.stream()
                .filter(t -> grader.grade(assessment, model, t, emptyCourse) instanceof EssayVerdict.AutoScored a
                        && a.result().score() > median).count(), shuffledExemplars.size());
        int copiesAuto = (int) copies.stream().filter(c -> grade.apply(c) instanceof EssayVerdict.AutoScored).count();
        // Off-topic essays are to be routed at any score, not only kept from a high one (found in QA: 12 of 80
        // essays of other prompts were auto-scored 4-7 of 12 under prompt 1).
        List<String> offTopic = java.util.stream.Stream.concat(texts(paired, OFF_TOPIC).stream(),
                texts(others, OFF_TOPIC).stream()).toList();
        int offTopicAuto = (int) offTopic.stream().filter(t -> grade.apply(t) instanceof EssayVerdict.AutoScored).count();
        // Told to staff as gibberish, not off-topic: real English on another topic (found in QA).
        int calledGibberish = (int) offTopic.stream().filter(t -> grade.apply(t) instanceof EssayVerdict.Routed r
                && r.reasons().contains(RouteReason.GIBBERISH) && !r.reasons().contains(RouteReason.OFF_TOPIC)).count();
        return new PromptResult(prompt, median, held.size(), routedByChecks, auto, copiesAuto, offTopicAuto,
                calledGibberish, count.apply(copies),
                count.apply(salads), count.apply(texts(paired, OFF_TOPIC)), count.apply(texts(others, OFF_TOPIC)),
                count.apply(padded), count.apply(shuffled), count.apply(joined), count.apply(listed), count.apply(extra),
                countInCourse.apply(shuffled), shuffledExemplar);
    }

    /** The terms the learner's feedback suggests ("Consider also addressing: a, b."), or null when it names none. */
    static String suggestedTerms(EssayGrader grader, EssayModel model, String essay) {
        String marker = "Consider also addressing: ";
        for (String line : grader.feedback(model, model.features(essay), List.of())) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                return line.substring(at + marker.length());
            }
        }
        return null;
    }

    private static List<String> texts(List<AsapTsv.Essay> essays, int limit) {
        return essays.stream().limit(limit).map(AsapTsv.Essay::text).toList();
    }

    /** Words of the prompt's own essays in random order, with a full stop every 14 words. */
    private static List<String> salads(List<AsapTsv.Essay> held, Random random) {
        List<String> vocabulary = new ArrayList<>();
        for (AsapTsv.Essay e : held) {
            vocabulary.addAll(EssayText.analyze(e.text()).words());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < SALADS; i++) {
            StringBuilder s = new StringBuilder();
            int words = 100 + random.nextInt(400);
            for (int w = 0; w < words; w++) {
                String word = vocabulary.get(random.nextInt(vocabulary.size()));
                s.append(w % 14 == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                        .append(w % 14 == 13 ? ". " : " ");
            }
            out.add(s.toString().trim() + ".");
        }
        return out;
    }

    /** The essay followed by its own first sentences again, at least half its length more. */
    static String pad(String text, List<String> sentences) {
        StringBuilder out = new StringBuilder(text);
        int added = 0;
        for (int i = 0; added < text.length() / 2; i = (i + 1) % sentences.size()) {
            out.append(' ').append(sentences.get(i));
            added += sentences.get(i).length() + 1;
        }
        return out.toString();
    }

    /** A random order of the sentences other than the one they were written in. */
    static List<String> shuffle(List<String> sentences, Random random) {
        List<String> out = new ArrayList<>(sentences);
        do {
            Collections.shuffle(out, random);
        } while (out.equals(sentences));
        return out;
    }

    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Prints the table for every prompt: {@code ValidityCases [noprompt] [rotations] [shuffles=N]} from the
     * repository root. {@code rotations} repeats it with every two parts training and the third testing, and
     * {@code shuffles=N} adds a column with N more shuffles of each good essay.
     */
    public static void main(String[] args) {
        List<String> options = Arrays.asList(args);
        boolean withPrompt = !options.contains("noprompt");
        int extraShuffles = options.stream().filter(a -> a.startsWith("shuffles=")).findFirst()
                .map(a -> Integer.parseInt(a.substring("shuffles=".length()))).orElse(0);
        int[][][] rotations = options.contains("rotations")
                ? new int[][][] {{{0, 1}, {2}}, {{1, 2}, {0}}, {{0, 2}, {1}}}
                : new int[][][] {{{0, 1}, {2}}};
        for (int[][] rotation : rotations) {
            List<AsapTsv.Essay> train = AsapData.parts(rotation[0]);
            List<AsapTsv.Essay> test = AsapData.parts(rotation[1]);
            System.out.println("train on parts " + Arrays.toString(rotation[0]) + ", test on part " + rotation[1][0]);
            System.out.println("| prompt | real essays routed by checks | real essays auto-accepted | prompt copies | word salad "
                    + "| paired prompt | other prompts | other prompts at any score | padded | shuffled | two essays joined | key terms listed | shuffled, original in the course | shuffled exemplars |" + (extraShuffles > 0 ? " more shuffles |" : ""));
            int routed = 0;
            int shuffled = 0;
            int extraPassed = 0;
            int extraTotal = 0;
            for (int p = 1; p <= 8; p++) {
                long t0 = System.nanoTime();
                PromptResult r = run(p, train, test, withPrompt, extraShuffles);
                routed += r.genuineRoutedByChecks();
                shuffled += r.shuffled().autoHigh();
                extraPassed += r.extraShuffled().autoHigh();
                extraTotal += r.extraShuffled().total();
                System.out.println(r.row() + (extraShuffles > 0 ? " " + r.extraShuffled() + " |" : "") + "  ("
                        + (System.nanoTime() - t0) / 1_000_000 + " ms, high > " + r.highAbove() + ")");
            }
            System.out.println("real essays routed by checks " + routed + ", shuffled passing " + shuffled
                    + (extraShuffles > 0 ? ", more shuffles passing " + extraPassed + " / " + extraTotal : ""));
        }
    }
}
