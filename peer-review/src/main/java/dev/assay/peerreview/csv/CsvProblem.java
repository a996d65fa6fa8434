package dev.assay.peerreview.csv;

/** One thing wrong with a CSV file, at a 1-based line number (the header is line 1). */
public record CsvProblem(int line, String message) {

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
