package dev.assay.graders.quiz;

import java.text.Normalizer;

/**
 * How typed text (a learner's answer, a staff pattern) is put in one form before comparing. The same visible
 * text arrives in different code points: macOS and iOS keyboards often send "é" as "e" plus a combining accent,
 * and copy-paste brings either. Unicode NFC composes canonically equivalent spellings into one, so they compare
 * equal, and changes nothing else.
 *
 * <p>Not NFKC: that would also make different text equal ("x²" and "x2", "2²" and "22"), which case-sensitive
 * patterns must be able to tell apart, and in patterns it would turn a full-width {@code ＊} into a wildcard and
 * {@code （} into a regex group. The leniency for white space and case is {@link Whitespace} and the patterns' own.
 */
final class TypedText {

    private TypedText() {
    }

    /** NFC, then {@link Whitespace#normalise}: the form learner text and glob patterns are compared in. */
    static String normalise(String s) {
        return Whitespace.normalise(composed(s));
    }

    /** NFC only: for regular expressions, whose white space is the author's. Returns {@code s} when already NFC. */
    static String composed(String s) {
        // The quick check keeps the common case (ASCII, already composed) free of copying.
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }
}
