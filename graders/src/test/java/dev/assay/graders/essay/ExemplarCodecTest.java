package dev.assay.graders.essay;

import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExemplarCodecTest {

    private static final EssayAssessment HOLISTIC = new EssayAssessment("Prompt", "", 0, 4);
    private static final EssayAssessment RUBRIC = EssayAssessment.withRubric("Prompt", "", 0.7,
            List.of(new Criterion("ideas", "", 0, 4), new Criterion("style", "", 0, 2)));

    @Test
    void readsJsonArraysAndWrappedArrays() {
        List<Exemplar> a = ExemplarCodec.readJson("[{\"text\":\"One.\",\"score\":3},{\"text\":\"Two.\",\"score\":0}]"
                .getBytes(StandardCharsets.UTF_8), HOLISTIC);
        assertThat(a).containsExactly(new Exemplar("One.", 3), new Exemplar("Two.", 0));
        List<Exemplar> b = ExemplarCodec.readJson("{\"exemplars\":[{\"text\":\"One.\",\"criteria\":{\"ideas\":3,\"style\":1}}]}"
                .getBytes(StandardCharsets.UTF_8), RUBRIC);
        assertThat(b.get(0).criterionScores()).isEqualTo(Map.of("ideas", 3.0, "style", 1.0));
        assertThat(ExemplarCodec.readJson(ExemplarCodec.writeJson(a), HOLISTIC)).isEqualTo(a);
    }

    @Test
    void reportsEveryJsonProblemWithItsPath() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson(
                "[{\"text\":5,\"score\":1},{\"text\":\"ok\"},3]".getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(e.violations()).extracting(Violation::field)
                .containsExactly("exemplars[0].text", "exemplars[1].score", "exemplars[2]");
        InvalidInputException r = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson(
                "[{\"text\":\"t\",\"criteria\":{\"tone\":1,\"ideas\":\"x\"}}]".getBytes(StandardCharsets.UTF_8), RUBRIC));
        assertThat(r.violations()).extracting(Violation::field)
                .containsExactly("exemplars[0].criteria.tone", "exemplars[0].criteria.ideas", "exemplars[0].criteria.style");
        assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson("{".getBytes(StandardCharsets.UTF_8), HOLISTIC));
    }

    @Test
    void refusesRepeatedTextsNulAndUnknownFields() {
        InvalidInputException json = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson(
                ("[{\"text\":\"Same essay.\",\"score\":2},{\"text\":\" Same essay. \",\"score\":3},"
                        + "{\"text\":\"a\\u0000b\",\"score\":1},{\"text\":\"x\",\"score\":1,\"foo\":1}]").getBytes(StandardCharsets.UTF_8),
                HOLISTIC));
        // Every problem at once, not the unknown field first and the repeat and U+0000 on the next upload.
        assertThat(json.violations()).extracting(v -> v.field())
                .containsExactly("exemplars[1].text", "exemplars[2].text", "exemplars[3].foo");
        InvalidInputException texts = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson(
                ("[{\"text\":\"Same essay.\",\"score\":2},{\"text\":\" Same essay. \",\"score\":3},"
                        + "{\"text\":\"a\\u0000b\",\"score\":1}]").getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(texts.violations()).extracting(v -> v.field()).containsExactly("exemplars[1].text", "exemplars[2].text");
        assertThat(texts.violations().get(0).message()).contains("repeats exemplars[0]");
        InvalidInputException csv = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "text,score\nhello there,2\nhello there,3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), HOLISTIC));
        assertThat(csv.violations().get(0).field()).isEqualTo("exemplars[1].text");
        assertThat(csv.violations().get(0).message()).contains("CSV line 3");
    }

    @Test
    void blankTextsAreBlankNotRepeatsOfEachOther() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson(
                "[{\"text\":\"\",\"score\":1},{\"text\":\"  \\n\",\"score\":2},{\"text\":\"Fine.\",\"score\":2}]"
                        .getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("exemplars[0].text", "exemplars[1].text");
        assertThat(e.violations()).extracting(Violation::message).allMatch(m -> m.equals("must not be blank"));
    }

    @Test
    void everyProblemOfACsvIsReportedAtOnceWithItsLine() {
        String csv = "text,score\nFirst essay.,13\nSecond essay.,7.5\nThird essay.,-1\nFirst essay.,2\n\" \",1\n"
                + "Fifth essay.,high\nSixth essay.,3\n";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                csv.getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("exemplars[0].score",
                "exemplars[1].score", "exemplars[2].score", "exemplars[3].text", "exemplars[4].text", "exemplars[5].score");
        assertThat(e.violations()).extracting(Violation::message).containsExactly(
                "must be a whole number from 0 to 4, got 13 (CSV line 2)",
                "must be a whole number from 0 to 4, got 7.5 (CSV line 3)",
                "must be a whole number from 0 to 4, got -1 (CSV line 4)",
                "repeats exemplars[0] (CSV line 5); give each essay once (a copy would be scored against itself in the "
                        + "held-out report)",
                "must not be blank (CSV line 6)",
                "must be a number, got 'high' (CSV line 7)");
        // NaN and Infinity are numbers to Java, not scores.
        InvalidInputException nan = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "text,score\nOne.,NaN\nTwo.,Infinity\n".getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(nan.violations()).extracting(Violation::field).containsExactly("exemplars[0].score", "exemplars[1].score");
    }

    @Test
    void anUploadIsNeitherEmptyNorTooLarge() {
        InvalidInputException empty = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson(
                "[]".getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(empty.violations()).extracting(Violation::field).containsExactly("exemplars");
        StringBuilder many = new StringBuilder("text,score\n");
        for (int i = 0; i <= ExemplarCodec.MAX_EXEMPLARS; i++) {
            many.append("Essay ").append(i).append(i == 0 ? ",9\n" : ",1\n");
        }
        InvalidInputException large = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                many.toString().getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(large.violations()).extracting(Violation::field).containsExactly("exemplars", "exemplars[0].score");
    }

    @Test
    void criterionScoresAreWholePointsAsHolisticScoresAre() {
        InvalidInputException json = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson(
                "[{\"text\":\"One.\",\"criteria\":{\"ideas\":2.5,\"style\":3}}]".getBytes(StandardCharsets.UTF_8), RUBRIC));
        assertThat(json.violations()).extracting(Violation::field)
                .containsExactly("exemplars[0].criteria.ideas", "exemplars[0].criteria.style");
        assertThat(json.violations().get(0).message()).isEqualTo("must be a whole number from 0 to 4, got 2.5");
        InvalidInputException csv = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "text,ideas,style\nOne.,2.5,1\n".getBytes(StandardCharsets.UTF_8), RUBRIC));
        assertThat(csv.violations()).extracting(Violation::field).containsExactly("exemplars[0].criteria.ideas");
        assertThat(csv.violations().get(0).message()).contains("CSV line 2");
        // Sets stored before the rule are still read, as they were checked then.
        assertThat(ExemplarCodec.readStored("[{\"text\":\"One.\",\"criteria\":{\"ideas\":2.5,\"style\":1}}]"
                .getBytes(StandardCharsets.UTF_8)).get(0).criterionScores()).isEqualTo(Map.of("ideas", 2.5, "style", 1.0));
    }

    @Test
    void aRubricCsvWithAScoreColumnIsRefusedAsJsonScoreIs() {
        InvalidInputException csv = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "text,ideas,style,score\nOne.,3,1,4\n".getBytes(StandardCharsets.UTF_8), RUBRIC));
        assertThat(csv.violations()).extracting(Violation::field).containsExactly("exemplars");
        assertThat(csv.violations().get(0).message()).contains("score column", "ideas, style");
        InvalidInputException json = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson(
                "[{\"text\":\"One.\",\"score\":4,\"criteria\":{\"ideas\":3,\"style\":1}}]"
                        .getBytes(StandardCharsets.UTF_8), RUBRIC));
        assertThat(json.violations()).extracting(Violation::field).containsExactly("exemplars[0].score");
    }

    @Test
    void readsCsvWithQuotesCommasAndNewlines() {
        String csv = "id,text,score\r\n1,\"Dear editor, I say \"\"yes\"\".\nNew line.\",4\r\n2,Plain,1\n";
        List<Exemplar> e = ExemplarCodec.readCsv(csv.getBytes(StandardCharsets.UTF_8), HOLISTIC);
        assertThat(e).containsExactly(new Exemplar("Dear editor, I say \"yes\".\nNew line.", 4), new Exemplar("Plain", 1));
        List<Exemplar> r = ExemplarCodec.readCsv("essay,ideas,style\nText,3,2\n".getBytes(StandardCharsets.UTF_8), RUBRIC);
        assertThat(r.get(0).criterionScores()).isEqualTo(Map.of("ideas", 3.0, "style", 2.0));
    }

    @Test
    void reportsCsvProblems() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "text,score\na,1\nb,high\n".getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("exemplars[1].score");
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "body,points\na,1\n".getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(missing.violations()).hasSize(2);
        assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "text,score\n\"open,1\n".getBytes(StandardCharsets.UTF_8), HOLISTIC));
    }

    private static byte[] bytes(String ascii, int... raw) {
        byte[] a = ascii.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(a, a.length + raw.length);
        for (int i = 0; i < raw.length; i++) {
            out[a.length + i] = (byte) raw[i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void readsExcelCsvUtf8WithItsByteOrderMark() {
        byte[] csv = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "text,score\r\n\"Caf\u00e9 culture, na\u00efvely\",3\r\n,\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ExemplarCodec.readCsv(csv, HOLISTIC)).containsExactly(new Exemplar("Caf\u00e9 culture, na\u00efvely", 3));
    }

    @Test
    void refusesBytesThatAreNotUtf8RatherThanStoringThemChanged() {
        // "café" saved as Latin-1 / Windows-1252: 0xE9 alone is not UTF-8.
        byte[] latin1 = concat(bytes("text,score\nA caf", 0xE9), " essay.,3\n".getBytes(StandardCharsets.UTF_8));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(latin1, HOLISTIC));
        assertThat(e.violations()).hasSize(1);
        assertThat(e.violations().get(0).field()).isEqualTo("exemplars");
        assertThat(e.violations().get(0).message()).contains("UTF-8", "0xE9", "line 2");
        // A truncated multi-byte sequence at the very end, too.
        assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(bytes("text,score\nA,1\n", 0xC3), HOLISTIC));
    }

    @Test
    void refusesRowsWithMoreFieldsThanTheHeaderNamingTheRow() {
        // Unquoted, the comma would cut the text to "Hello" and the rest would be lost.
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "score,text\n1,Fine\n\n3,Hello, world\n".getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("exemplars[1]");
        assertThat(e.violations().get(0).message()).contains("3 fields", "header has 2", "line 4");
    }

    @Test
    void refusesAHeaderThatNamesAColumnTwice() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "text,score,Score\nA,1,3\n".getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("exemplars");
        assertThat(e.violations().get(0).message()).contains("'Score' twice", "columns 2 and 3");
        // Unnamed trailing columns, as spreadsheets export them, are not names and may repeat.
        assertThat(ExemplarCodec.readCsv("text,score,,\nA,1,,\n".getBytes(StandardCharsets.UTF_8), HOLISTIC))
                .containsExactly(new Exemplar("A", 1));
    }

    @Test
    void refusesTextAfterAClosingQuote() {
        // The inner quotes should have been doubled; read leniently the text would change.
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExemplarCodec.readCsv(
                "text,score\n\"He said \"no\" twice\",3\n".getBytes(StandardCharsets.UTF_8), HOLISTIC));
        assertThat(e.violations().get(0).field()).isEqualTo("exemplars");
        assertThat(e.violations().get(0).message()).contains("line 2");
        assertThat(ExemplarCodec.readCsv("text,score\n\"He said \"\"no\"\" twice\" ,3\n".getBytes(StandardCharsets.UTF_8),
                HOLISTIC)).containsExactly(new Exemplar("He said \"no\" twice", 3));
    }
}
