package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Likely misspellings in an essay, each with the word probably meant. There is no dictionary, so precision comes
 * first: a word counts only if no more than one exemplar uses it, it is not an inflection of a word that is known
 * ("agrees", "becoming"), and one edit (a letter added, dropped, changed, or two swapped, keeping the first letter)
 * turns it into a word that the prompt, the common-word list or many exemplars use; or it is one of the usual
 * run-together spellings ("alot"). Feedback that listed every word the exemplars rarely use named rare but real
 * words ("photosynthesis") as misspellings, telling learners to fix what was right.
 */
final class Spelling {

    /** A suggestion not in the prompt or common-word list needs this many exemplars using it. */
    static final int MIN_USES = 20;
    static final int MIN_LENGTH = 5;
    private static final int MAX_CHECKED = 40;
    private static final List<String> SUFFIXES = List.of("s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "y",
            "ies", "ied", "ness", "ment", "ful", "less", "able");
    /** Words written together that are two words (hand-made). */
    private static final java.util.Map<String, String> RUN_TOGETHER = java.util.Map.ofEntries(
            java.util.Map.entry("alot", "a lot"), java.util.Map.entry("atleast", "at least"),
            java.util.Map.entry("infact", "in fact"), java.util.Map.entry("aswell", "as well"),
            java.util.Map.entry("alittle", "a little"), java.util.Map.entry("eachother", "each other"),
            java.util.Map.entry("incase", "in case"), java.util.Map.entry("abit", "a bit"),
            java.util.Map.entry("inorder", "in order"), java.util.Map.entry("noone", "no one"),
            java.util.Map.entry("thankyou", "thank you"), java.util.Map.entry("everytime", "every time"),
            java.util.Map.entry("alright", "all right"), java.util.Map.entry("infront", "in front"),
            java.util.Map.entry("highschool", "high school"), java.util.Map.entry("aswel", "as well"));

    record Misspelling(String word, String suggestion) {
    }

    private Spelling() {
    }

    /** Up to {@code limit} likely misspellings in the order the essay first uses them. */
    static List<Misspelling> find(PromptProfile p, EssayText t, int limit) {
        List<Misspelling> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int checked = 0;
        for (int i = 0; i < t.words.length && out.size() < limit && checked < MAX_CHECKED; i++) {
            String w = t.words[i];
            if (t.numeric[i] || !seen.add(w)) {
                continue;
            }
            String together = RUN_TOGETHER.get(w);
            if (together != null) {
                out.add(new Misspelling(w, together));
                continue;
            }
            if (w.length() < MIN_LENGTH || !letters(w) || known(p, w) || inflected(p, w)) {
                continue;
            }
            checked++;
            String suggestion = suggest(p, w);
            if (suggestion != null) {
                out.add(new Misspelling(w, suggestion));
            }
        }
        return out;
    }

    /**
     * The most used word one edit away; null when none is clearly the usual spelling. A suggestion that is itself a
     * common misspelling ("belive", used by dozens of learners) gives way to the word one edit from it ("believe").
     */
    static String suggest(PromptProfile p, String w) {
        String best = mostUsed(p, w, MIN_USES);
        if (best != null && !trusted(p, best)) {
            String better = mostUsed(p, best, Math.max(MIN_USES, 3 * uses(p, best)));
            // Not from a word to its stem: "peictures" is "pictures", however much more "picture" is used.
            return better != null && !better.startsWith(best) && !best.startsWith(better) ? better : best;
        }
        return best;
    }

    private static String mostUsed(PromptProfile p, String w, int minUses) {
        String best = null;
        long bestScore = 0;
        for (String c : p.spellingCandidates().near(w)) {
            boolean trusted = trusted(p, c);
            long score = trusted ? Long.MAX_VALUE / 2 + uses(p, c) : uses(p, c);
            if ((trusted || uses(p, c) >= minUses) && score > bestScore && likelyEdit(w, c)) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /** Known as spelled: in the prompt, source or word lists, or used by two exemplars or more. */
    private static boolean known(PromptProfile p, String w) {
        return trusted(p, w) || uses(p, w) >= 2;
    }

    /** A known word with an ending added ("agrees", "answers", "becoming", "happily"). */
    private static boolean inflected(PromptProfile p, String w) {
        for (String suffix : SUFFIXES) {
            if (w.length() > suffix.length() + 2 && w.endsWith(suffix)) {
                String base = w.substring(0, w.length() - suffix.length());
                if (known(p, base) || known(p, base + "e") || known(p, base + "y")
                        || base.length() > 3 && base.charAt(base.length() - 1) == base.charAt(base.length() - 2)
                        && known(p, base.substring(0, base.length() - 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean trusted(PromptProfile p, String w) {
        return Lexicon.COMMON_WORDS.contains(w) || Lexicon.isFunctionWord(w) || p.quotableWords.contains(w);
    }

    private static int uses(PromptProfile p, String w) {
        return p.wordDf.getOrDefault(w, 0);
    }

    private static boolean letters(String w) {
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code c} is one edit from {@code w} of a kind that makes a misspelling likely: two letters swapped; a
     * vowel left out ("belive"); a letter doubled or not ("untill", "comon"); a vowel changed in words of seven
     * letters or more ("camputer"); any letter in words of eight or more. The first letter stays. Shorter real words
     * are one consonant or vowel away from others too often ("decade", "decide"; "given", "give"; "depth", "death";
     * "auction", "action") for those edits to mean a misspelling.
     */
    static boolean likelyEdit(String w, String c) {
        int n = w.length();
        if (c.isEmpty() || c.charAt(0) != w.charAt(0) || Math.abs(c.length() - n) > 1 || c.equals(w)) {
            return false;
        }
        boolean anyLetter = n >= 8;
        if (c.length() == n) {
            int first = 1;
            while (w.charAt(first) == c.charAt(first)) {
                first++;
            }
            if (first + 1 < n && w.charAt(first) == c.charAt(first + 1) && w.charAt(first + 1) == c.charAt(first)
                    && w.regionMatches(first + 2, c, first + 2, n - first - 2)) {
                return true; // swapped
            }
            return w.regionMatches(first + 1, c, first + 1, n - first - 1)
                    && (anyLetter || n >= 7 && vowel(w.charAt(first)) && vowel(c.charAt(first)));
        }
        // One of the two has a letter more: which letter, and whether that kind of slip is likely.
        String longer = c.length() > n ? c : w;
        String shorter = c.length() > n ? w : c;
        for (int i = 1; i < longer.length(); i++) {
            if (longer.regionMatches(0, shorter, 0, i) && longer.regionMatches(i + 1, shorter, i, shorter.length() - i)) {
                char x = longer.charAt(i);
                boolean doubled = x == longer.charAt(i - 1) || i + 1 < longer.length() && x == longer.charAt(i + 1);
                if (anyLetter || doubled || vowel(x) && longer == c) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The words a misspelling may be corrected to, by first letter and length. */
    static final class Candidates {
        private final java.util.Map<Integer, List<String>> byStartAndLength;

        private Candidates(java.util.Map<Integer, List<String>> byStartAndLength) {
            this.byStartAndLength = byStartAndLength;
        }

        static Candidates of(PromptProfile p) {
            java.util.Map<Integer, List<String>> map = new java.util.HashMap<>();
            Set<String> words = new HashSet<>(Lexicon.COMMON_WORDS);
            words.addAll(Lexicon.FUNCTION_WORDS);
            words.addAll(p.quotableWords);
            p.wordDf.forEach((w, df) -> {
                if (df >= MIN_USES) {
                    words.add(w);
                }
            });
            for (String w : words) {
                // Only words of letters: data sets and platforms put placeholders like "organization1" in essays.
                if (!w.isEmpty() && letters(w)) {
                    map.computeIfAbsent(key(w.charAt(0), w.length()), k -> new ArrayList<>()).add(w);
                }
            }
            return new Candidates(map);
        }

        private static int key(char first, int length) {
            return first * 256 + Math.min(length, 255);
        }

        /** Words with the same first letter and one letter shorter, as long, or one longer. */
        List<String> near(String w) {
            List<String> out = new ArrayList<>();
            for (int len = w.length() - 1; len <= w.length() + 1; len++) {
                out.addAll(byStartAndLength.getOrDefault(key(w.charAt(0), len), List.of()));
            }
            return out;
        }
    }

    private static boolean vowel(char ch) {
        return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
    }
}
