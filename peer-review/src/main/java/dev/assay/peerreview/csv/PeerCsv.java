package dev.assay.peerreview.csv;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.aggregation.ReviewerEstimate;
import dev.assay.peerreview.aggregation.ScoreRange;
import dev.assay.peerreview.aggregation.SubmissionEstimate;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer-review files of the offline tools, read strictly and written in a stable format (UTF-8, comma-separated,
 * header first, LF line ends, numbers in plain decimal notation).
 *
 * <ul>
 *   <li>reviews: {@code reviewer,submission,score}; a reviewer+submission pair at most once</li>
 *   <li>scores (staff scores, true scores): {@code submission,score}; a submission at most once</li>
 *   <li>authors (for pg3): {@code reviewer,submission}, the reviewer's own submission</li>
 *   <li>grades: {@code submission,score,ci_low,ci_high} (90% interval)</li>
 *   <li>reviewers: {@code reviewer,bias,reliability} (reliability is 1/variance, in 1/points²)</li>
 * </ul>
 */
public final class PeerCsv {

    public static final List<String> REVIEW_COLUMNS = List.of("reviewer", "submission", "score");
    public static final List<String> SCORE_COLUMNS = List.of("submission", "score");
    public static final List<String> AUTHOR_COLUMNS = List.of("reviewer", "submission");
    public static final List<String> GRADE_COLUMNS = List.of("submission", "score", "ci_low", "ci_high");
    public static final List<String> REVIEWER_COLUMNS = List.of("reviewer", "bias", "reliability");

    private PeerCsv() {
    }

    public static List<Review> readReviews(Path file) throws IOException, CsvFormatException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readReviews(in, file.toString(), null);
        }
    }

    /** Reviews whose scores must lie on the assessment's scale; a score outside it is reported with its line. */
    public static List<Review> readReviews(Path file, ScoreRange scale) throws IOException, CsvFormatException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readReviews(in, file.toString(), scale);
        }
    }

    /**
     * @param source name used in error messages
     * @param scale  if not null, scores outside it are errors
     */
    public static List<Review> readReviews(Reader in, String source, ScoreRange scale)
            throws IOException, CsvFormatException {
        var problems = new CsvTable.Problems();
        var firstLine = new HashMap<String, Integer>();
        List<Review> reviews = CsvTable.read(in, source, REVIEW_COLUMNS, row -> {
            String reviewer = row.id("reviewer");
            String submission = row.id("submission");
            double score = row.number("score");
            if (scale != null && (score < scale.min() || score > scale.max())) {
                throw new CsvTable.BadRow("score " + Numbers.format(score) + " is outside the scale "
                        + Numbers.format(scale.min()) + ".." + Numbers.format(scale.max()));
            }
            // A pair key that cannot collide: the reviewer id's length tells where it ends.
            Integer first = firstLine.putIfAbsent(reviewer.length() + ":" + reviewer + submission, row.line());
            if (first != null) {
                throw new CsvTable.BadRow("reviewer " + reviewer + " already reviewed submission " + submission
                        + " at line " + first);
            }
            return new Review(reviewer, submission, score);
        }, problems);
        problems.throwIfAny(source);
        return reviews;
    }

    public static Map<String, Double> readScores(Path file) throws IOException, CsvFormatException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readScores(in, file.toString());
        }
    }

    /** Staff or true scores by submission id, in file order. */
    public static Map<String, Double> readScores(Reader in, String source) throws IOException, CsvFormatException {
        var problems = new CsvTable.Problems();
        var scores = new LinkedHashMap<String, Double>();
        var lines = new HashMap<String, Integer>();
        CsvTable.read(in, source, SCORE_COLUMNS, row -> {
            String submission = row.id("submission");
            double score = row.number("score");
            Integer first = lines.putIfAbsent(submission, row.line());
            if (first != null) {
                throw new CsvTable.BadRow("submission " + submission + " already has a score at line " + first);
            }
            scores.put(submission, score);
            return submission;
        }, problems);
        problems.throwIfAny(source);
        return scores;
    }

    /** Reviewer id → id of the reviewer's own submission. */
    public static Map<String, String> readAuthors(Path file) throws IOException, CsvFormatException {
        var problems = new CsvTable.Problems();
        var authors = new LinkedHashMap<String, String>();
        var lines = new HashMap<String, Integer>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvTable.read(in, file.toString(), AUTHOR_COLUMNS, row -> {
                String reviewer = row.id("reviewer");
                String submission = row.id("submission");
                Integer first = lines.putIfAbsent(reviewer, row.line());
                if (first != null) {
                    throw new CsvTable.BadRow("reviewer " + reviewer + " already has a submission at line " + first);
                }
                authors.put(reviewer, submission);
                return reviewer;
            }, problems);
        }
        problems.throwIfAny(file.toString());
        return authors;
    }

    /** Grades as written by {@link #writeGrades}, for evaluation. Rows whose interval misses the score are errors. */
    public static List<SubmissionEstimate> readGrades(Path file) throws IOException, CsvFormatException {
        var problems = new CsvTable.Problems();
        var lines = new HashMap<String, Integer>();
        List<SubmissionEstimate> grades;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            grades = CsvTable.read(in, file.toString(), GRADE_COLUMNS, row -> {
                String submission = row.id("submission");
                double score = row.number("score");
                double low = row.number("ci_low");
                double high = row.number("ci_high");
                if (!(low <= score && score <= high)) {
                    throw new CsvTable.BadRow("interval [" + low + ", " + high + "] does not contain score " + score);
                }
                Integer first = lines.putIfAbsent(submission, row.line());
                if (first != null) {
                    throw new CsvTable.BadRow("submission " + submission + " already has a grade at line " + first);
                }
                return new SubmissionEstimate(submission, score, low, high, 0, false);
            }, problems);
        }
        problems.throwIfAny(file.toString());
        return grades;
    }

    public static void writeReviews(Path file, List<Review> reviews) throws IOException {
        try (Writer out = writer(file)) {
            line(out, REVIEW_COLUMNS);
            for (Review r : reviews) {
                line(out, List.of(r.reviewer(), r.submission(), Numbers.format(r.score())));
            }
        }
    }

    public static void writeScores(Path file, Map<String, Double> scores) throws IOException {
        try (Writer out = writer(file)) {
            line(out, SCORE_COLUMNS);
            for (var entry : scores.entrySet()) {
                line(out, List.of(entry.getKey(), Numbers.format(entry.getValue())));
            }
        }
    }

    public static void writeGrades(Path file, Aggregation aggregation) throws IOException {
        try (Writer out = writer(file)) {
            line(out, GRADE_COLUMNS);
            for (SubmissionEstimate e : aggregation.submissions().values()) {
                line(out, List.of(e.submission(), Numbers.format(e.score()), Numbers.format(e.ciLow()),
                        Numbers.format(e.ciHigh())));
            }
        }
    }

    public static void writeReviewers(Path file, Aggregation aggregation) throws IOException {
        try (Writer out = writer(file)) {
            line(out, REVIEWER_COLUMNS);
            for (ReviewerEstimate r : aggregation.reviewers().values()) {
                line(out, List.of(r.reviewer(), Numbers.format(r.bias()), Numbers.significant(r.reliability())));
            }
        }
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }

    private static void line(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields.get(i)));
        }
        out.write('\n');
    }

    /** Quotes a field only when it needs it, so ordinary ids stay readable. */
    static String quote(String field) {
        boolean plain = !field.isEmpty() && field.strip().equals(field);
        for (int i = 0; plain && i < field.length(); i++) {
            char c = field.charAt(i);
            plain = c != ',' && c != '"' && c != '\n' && c != '\r';
        }
        return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
    }
}
