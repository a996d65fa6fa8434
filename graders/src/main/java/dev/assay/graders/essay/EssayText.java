package dev.assay.graders.essay;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.KeywordAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One essay after Lucene analysis: its word tokens (lower case, with Porter stems and character offsets),
 * sentences and punctuation counts. Immutable; {@link #analyze} is thread-safe (Lucene reuses one token
 * stream per thread).
 */
public final class EssayText {

    /** Essays longer than this many characters are analysed up to this point only. */
    public static final int MAX_CHARS = 100_000;

    private static final Analyzer ANALYZER = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            source.setMaxTokenLength(40);
            TokenStream chain = new LowerCaseFilter(source);
            chain = new KeywordRepeatFilter(chain);   // each token twice: as written, then stemmed
            chain = new PorterStemFilter(chain);
            return new TokenStreamComponents(source, chain);
        }
    };

    final String text;
    /** Lower-case word tokens. */
    final String[] words;
    /** Porter stem of each word. */
    final String[] stems;
    final int[] starts;
    final int[] ends;
    final boolean[] numeric;
    /** Index of the first token of each sentence, plus the token count at the end. */
    final int[] sentenceStarts;
    final int paragraphs;
    final int commas;
    final int semicolons;
    final int questionMarks;
    final int exclamations;
    final int quotes;
    final int apostrophes;
    final int parentheses;
    /** Sentences whose first letter is lower case. */
    final int lowercaseSentenceStarts;
    /** The pronoun "i" written in lower case. */
    final int lowercaseI;

    private EssayText(String text, List<String> words, List<String> stems, int[] starts, int[] ends,
                      boolean[] numeric, int[] sentenceStarts, int[] counts) {
        this.text = text;
        this.words = words.toArray(String[]::new);
        this.stems = stems.toArray(String[]::new);
        this.starts = starts;
        this.ends = ends;
        this.numeric = numeric;
        this.sentenceStarts = sentenceStarts;
        this.paragraphs = counts[0];
        this.commas = counts[1];
        this.semicolons = counts[2];
        this.questionMarks = counts[3];
        this.exclamations = counts[4];
        this.quotes = counts[5];
        this.apostrophes = counts[6];
        this.parentheses = counts[7];
        this.lowercaseSentenceStarts = counts[8];
        this.lowercaseI = counts[9];
    }

    public static EssayText analyze(String raw) {
        String text = raw == null ? "" : raw;
        if (text.length() > MAX_CHARS) {
            text = text.substring(0, MAX_CHARS);
        }
        List<String> words = new ArrayList<>();
        List<String> stems = new ArrayList<>();
        int[] starts = new int[64];
        int[] ends = new int[64];
        boolean[] numeric = new boolean[64];
        try (TokenStream ts = ANALYZER.tokenStream("essay", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            KeywordAttribute keyword = ts.addAttribute(KeywordAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            TypeAttribute type = ts.addAttribute(TypeAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                if (keyword.isKeyword()) {
                    int n = words.size();
                    if (n == starts.length) {
                        starts = Arrays.copyOf(starts, n * 2);
                        ends = Arrays.copyOf(ends, n * 2);
                        numeric = Arrays.copyOf(numeric, n * 2);
                    }
                    words.add(term.toString());
                    starts[n] = offset.startOffset();
                    ends[n] = offset.endOffset();
                    numeric[n] = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.NUM].equals(type.type());
                } else {
                    stems.add(term.toString());
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a string does no I/O", e);
        }
        int n = words.size();
        while (stems.size() < n) {
            stems.add(words.get(stems.size()));
        }
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        numeric = Arrays.copyOf(numeric, n);
        int[] counts = new int[10];
        int[] sentenceStarts = sentences(text, starts, ends, counts);
        for (int i = 0; i < n; i++) {
            if (words.get(i).equals("i") && text.charAt(starts[i]) == 'i') {
                counts[9]++;
            }
        }
        return new EssayText(text, words, stems, starts, ends, numeric, sentenceStarts, counts);
    }

    /**
     * Splits the tokens into sentences at '.', '!' and '?' (runs of them, and not inside numbers such as 3.5)
     * and at blank lines, and counts punctuation on the way.
     */
    private static int[] sentences(String text, int[] starts, int[] ends, int[] counts) {
        int n = starts.length;
        int[] out = new int[Math.max(2, n + 1)];
        int count = 0;
        int token = 0;
        boolean open = false;
        int paragraphs = 0;
        boolean inParagraph = false;
        int newlines = 0;
        for (int c = 0; c < text.length(); c++) {
            char ch = text.charAt(c);
            while (token < n && starts[token] <= c) {
                if (!open) {
                    out[count++] = token;
                    open = true;
                    char first = text.charAt(starts[token]);
                    if (Character.isLowerCase(first)) {
                        counts[8]++;
                    }
                }
                // Skip to the token's end: punctuation inside a token (3.5, e.g) does not end a sentence.
                c = Math.max(c, ends[token] - 1);
                token++;
                if (!inParagraph) {
                    paragraphs++;
                    inParagraph = true;
                }
                newlines = 0;
                ch = 0;
            }
            switch (ch) {
                case '.', '!', '?' -> open = false;
                case '\n' -> {
                    newlines++;
                    if (newlines >= 2 || looksLikeParagraphBreak(text, c)) {
                        open = false;
                        inParagraph = false;
                    }
                }
                default -> {
                    if (ch != 0 && !Character.isWhitespace(ch)) {
                        newlines = 0;
                    }
                }
            }
        }
        for (int c = 0; c < text.length(); c++) {
            switch (text.charAt(c)) {
                case ',' -> counts[1]++;
                case ';', ':' -> counts[2]++;
                case '?' -> counts[3]++;
                case '!' -> counts[4]++;
                case '"', '\u201c', '\u201d' -> counts[5]++;
                case '\'', '\u2019' -> counts[6]++;
                case '(', ')' -> counts[7]++;
                default -> { }
            }
        }
        if (count == 0) {
            out[count++] = 0;
        }
        out[count] = n;
        counts[0] = paragraphs;
        return Arrays.copyOf(out, count + 1);
    }

    /** A single line break followed by indentation also starts a paragraph. */
    private static boolean looksLikeParagraphBreak(String text, int newline) {
        int next = newline + 1;
        return next < text.length() && (text.charAt(next) == '\t' || text.startsWith("  ", next));
    }

    public String text() {
        return text;
    }

    public int wordCount() {
        return words.length;
    }

    public int sentenceCount() {
        return sentenceStarts.length - 1;
    }

    /** The lower-case words, in order. */
    public List<String> words() {
        return List.of(words);
    }

    /** The Porter stems of the words, in order. */
    public List<String> stems() {
        return List.of(stems);
    }

    int sentenceLength(int s) {
        return sentenceStarts[s + 1] - sentenceStarts[s];
    }
}
