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
                .containsExactly("exemplars[0].criteria.tone", "exemplars[0].criteria.ideas");
        assertThrows(InvalidInputException.class, () -> ExemplarCodec.readJson("{".getBytes(StandardCharsets.UTF_8), HOLISTIC));
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
}
