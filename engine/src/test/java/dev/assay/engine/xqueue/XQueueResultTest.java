package dev.assay.engine.xqueue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Json;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class XQueueResultTest {

    private static void wellFormed(String xml) throws Exception {
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void scoreIsAFractionAndCorrectMeansFullMarks() {
        JsonNode full = XQueueResult.body(5, 5, null, false);
        assertThat(full.get("correct").asBoolean()).isTrue();
        assertThat(full.get("score").asDouble()).isEqualTo(1.0);
        JsonNode part = XQueueResult.body(2, 3, null, false);
        assertThat(part.get("correct").asBoolean()).isFalse();
        assertThat(part.get("score").asDouble()).isEqualTo(0.6667);
        assertThat(XQueueResult.body(0, 0, null, false).get("score").asDouble()).isZero();
    }

    @Test
    void theMessageIsWellFormedAndShowsOnlyWhatLearnersMaySee() throws Exception {
        JsonNode result = Json.parse("""
                {"score": 1, "maxScore": 2, "feedback": "1 of 2 tests <passed> & more",
                 "parts": [{"id": "t1", "score": 1, "maxScore": 1, "correctness": "CORRECT", "feedback": ["ok"]},
                           {"id": "t2 \\u0001", "score": 0, "maxScore": 1, "correctness": "INCORRECT",
                            "feedback": ["expected \\"4\\""]}],
                 "evidence": {"stdout": "SECRET hidden test output"}}""");
        String msg = XQueueResult.body(1, 2, result, true).get("msg").asText();
        wellFormed(msg);
        assertThat(msg).contains("Score: 1 of 2 (set by course staff)", "&lt;passed&gt; &amp; more", "t2 : incorrect")
                .doesNotContain("SECRET").doesNotContain("\u0001");
    }
}
