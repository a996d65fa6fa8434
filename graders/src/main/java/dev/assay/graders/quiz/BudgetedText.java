package dev.assay.graders.quiz;

/** A string that lets itself be read only so many times; the regex engine reads through {@link #charAt}. */
final class BudgetedText implements CharSequence {

    /** Thrown when the budget is spent; shared and stackless, it costs nothing to throw. */
    static final class Exhausted extends RuntimeException {
        private static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("character read budget exhausted", null, false, false);
        }
    }

    private final String text;
    private int readsLeft;

    BudgetedText(String text, int reads) {
        this.text = text;
        this.readsLeft = reads;
    }

    @Override
    public char charAt(int index) {
        if (--readsLeft < 0) {
            throw Exhausted.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
