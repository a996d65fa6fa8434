package dev.assay.peerreview.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.MeanModel;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.aggregation.ScoreRange;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCsvTest {

    private static List<Review> reviews(String text) throws Exception {
        return PeerCsv.readReviews(new StringReader(text), "reviews.csv", null);
    }

    private static CsvFormatException failure(String text) {
        return catchThrowableOfType(CsvFormatException.class, () -> reviews(text));
    }

    @Test
    void readsReviewsInAnyColumnOrderAndLetterCase() throws Exception {
        assertThat(reviews("Score,reviewer,SUBMISSION\n7.5,ann,s1\n-2e1,bob,s1\n"))
                .containsExactly(new Review("ann", "s1", 7.5), new Review("bob", "s1", -20));
    }

    @Test
    void toleratesBomCrlfBlankLinesAndSpacesAfterCommas() throws Exception {
        assertThat(reviews("\uFEFFreviewer, submission, score\r\n\r\nann, s1, 7\r\n\n"))
                .containsExactly(new Review("ann", "s1", 7));
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws Exception {
        var text = "reviewer,submission,score\n\"Doe, \"\"J\"\"\",\"essay\nline 2\",3\nann,s2,x\n";
        var error = failure(text);
        // The record after the two-line quoted field starts on line 4.
        assertThat(error.problems()).containsExactly(new CsvProblem(4, "score 'x' is not a number"));
        assertThat(reviews(text.replace(",x", ",4")).getFirst())
                .isEqualTo(new Review("Doe, \"J\"", "essay\nline 2", 3));
    }

    @Test
    void reportsEveryBadRowWithItsLineNumber() {
        var error = failure("""
                reviewer,submission,score
                ann,s1,7
                bob,s1
                ,s2,3
                ann,s3,NaN
                ann,s4,Infinity
                ann,s5,0x10
                ann,s1,9
                carl,s6,5d
                dora,s7,
                """);
        assertThat(error.problems()).extracting(CsvProblem::line).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(error.getMessage()).contains(
                "reviews.csv:3: expected 3 fields (reviewer,submission,score), found 2",
                "reviews.csv:4: reviewer is empty",
                "reviews.csv:5: score 'NaN' is not a number",
                "reviews.csv:8: reviewer ann already reviewed submission s1 at line 2",
                "reviews.csv:10: score is empty");
    }

    @Test
    void headerProblems() {
        assertThat(failure("").getMessage()).isEqualTo(
                "reviews.csv:1: file is empty; expected the header reviewer,submission,score");
        assertThat(failure("reviewer,submission\nann,s1\n").getMessage())
                .contains("reviews.csv:1: missing column 'score'");
        assertThat(failure("reviewer,submission,scroe\n").getMessage())
                .contains("unknown column 'scroe'").contains("missing column 'score'");
        assertThat(failure("reviewer,submission,score,score\n").getMessage())
                .contains("column 'score' appears twice");
    }

    @Test
    void brokenQuotingStopsReading() {
        assertThat(failure("reviewer,submission,score\nann,s1,1\nann,\"s2,2\n").problems())
                .containsExactly(new CsvProblem(3, "quoted field is never closed"));
        assertThat(failure("reviewer,submission,score\nann,s\"1,1\n").problems().getFirst().message())
                .contains("quote inside an unquoted field");
        assertThat(failure("reviewer,submission,score\nann,\"s1\"x,1\n").problems().getFirst().message())
                .contains("text after the closing quote");
    }

    @Test
    void listsTwentyProblemsAndCountsTheRest() {
        var text = new StringBuilder("reviewer,submission,score\n");
        for (int i = 0; i < 25; i++) {
            text.append("r").append(i).append(",s,bad\n");
        }
        var error = failure(text.toString());
        assertThat(error.problems()).hasSize(20);
        assertThat(error.omitted()).isEqualTo(5);
        assertThat(error.getMessage()).endsWith("reviews.csv: 5 more problems not shown");
    }

    @Test
    void scoresOutsideTheScaleAreErrors() {
        var error = catchThrowableOfType(CsvFormatException.class, () -> PeerCsv.readReviews(
                new StringReader("reviewer,submission,score\nann,s1,101\nann,s2,100\n"), "r.csv",
                new ScoreRange(0, 100)));
        assertThat(error.getMessage()).isEqualTo("r.csv:2: score 101 is outside the scale 0..100");
    }

    @Test
    void staffScoresRejectDuplicates() {
        var error = catchThrowableOfType(CsvFormatException.class, () -> PeerCsv.readScores(
                new StringReader("submission,score\ns1,50\ns1,60\n"), "truth.csv"));
        assertThat(error.getMessage()).isEqualTo("truth.csv:3: submission s1 already has a score at line 2");
    }

    @Test
    void writesAndReadsBack(@TempDir Path dir) throws Exception {
        var reviews = List.of(new Review("ann", "s,1", 7.25), new Review("bob", "s,1", 9),
                new Review("ann", "\"quoted\"", 1.0 / 3));
        Path file = dir.resolve("reviews.csv");
        PeerCsv.writeReviews(file, reviews);
        assertThat(Files.readString(file)).isEqualTo(
                "reviewer,submission,score\nann,\"s,1\",7.25\nbob,\"s,1\",9\nann,\"\"\"quoted\"\"\",0.3333\n");
        assertThat(PeerCsv.readReviews(file)).extracting(Review::submission)
                .containsExactly("s,1", "s,1", "\"quoted\"");

        Aggregation aggregation = new MeanModel().aggregate(reviews, Map.of());
        Path grades = dir.resolve("grades.csv");
        PeerCsv.writeGrades(grades, aggregation);
        assertThat(Files.readAllLines(grades).getFirst()).isEqualTo("submission,score,ci_low,ci_high");
        assertThat(PeerCsv.readGrades(grades)).hasSize(2);
        Path reviewers = dir.resolve("reviewers.csv");
        PeerCsv.writeReviewers(reviewers, aggregation);
        assertThat(Files.readAllLines(reviewers)).first().isEqualTo("reviewer,bias,reliability");

        Path scores = dir.resolve("scores.csv");
        PeerCsv.writeScores(scores, Map.of("s1", 75.5));
        assertThat(PeerCsv.readScores(scores)).containsExactly(Map.entry("s1", 75.5));
    }

    @Test
    void authorsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("authors.csv");
        Files.writeString(file, "reviewer,submission\nann,essay-17\nann,essay-18\n");
        assertThatThrownBy(() -> PeerCsv.readAuthors(file)).isInstanceOf(CsvFormatException.class)
                .hasMessageEndingWith(":3: reviewer ann already has a submission at line 2");
    }

    @Test
    void numbersAreWrittenPlainly() {
        assertThat(Numbers.format(75)).isEqualTo("75");
        assertThat(Numbers.format(-0.00001)).isEqualTo("0");
        assertThat(Numbers.format(1e-3)).isEqualTo("0.001");
        assertThat(Numbers.format(12.34567)).isEqualTo("12.3457");
        assertThat(Numbers.significant(0.0123456789)).isEqualTo("0.0123457");
        assertThat(Numbers.significant(1.5e-7)).isEqualTo("0.00000015");
        assertThatThrownBy(() -> Numbers.format(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
