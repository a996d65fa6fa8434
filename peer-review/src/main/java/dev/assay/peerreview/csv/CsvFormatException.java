package dev.assay.peerreview.csv;

import java.util.List;

/**
 * A CSV file that does not have the expected shape. Carries every problem found (up to a limit), each with its line
 * number, so a user can fix a file in one go instead of one error per run.
 */
public final class CsvFormatException extends Exception {
    private static final long serialVersionUID = 1L;


    private final String source;
    private final transient List<CsvProblem> problems;
    private final int omitted;

    public CsvFormatException(String source, List<CsvProblem> problems, int omitted) {
        super(describe(source, problems, omitted));
        this.source = source;
        this.problems = List.copyOf(problems);
        this.omitted = omitted;
    }

    /** File name (or other label) the problems refer to. */
    public String source() {
        return source;
    }

    public List<CsvProblem> problems() {
        return problems;
    }

    /** Problems found beyond those listed. */
    public int omitted() {
        return omitted;
    }

    private static String describe(String source, List<CsvProblem> problems, int omitted) {
        var text = new StringBuilder();
        for (CsvProblem p : problems) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(source).append(':').append(p.line()).append(": ").append(p.message());
        }
        if (omitted > 0) {
            text.append('\n').append(source).append(": ").append(omitted).append(" more problem")
                    .append(omitted == 1 ? "" : "s").append(" not shown");
        }
        return text.toString();
    }
}
