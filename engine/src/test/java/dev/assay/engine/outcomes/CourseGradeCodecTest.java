package dev.assay.engine.outcomes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.assay.engine.outcomes.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class CourseGradeCodecTest {

    @Test
    void writesTheBreakdown() {
        Map<String, ItemState> items = items("q1", pct(50), "q2", pct(50), "q3", pct(50), "q4", missed(),
                "p1", pct(60), "p2", pct(60), "e1", pending("awaiting peer review"));
        JsonNode json = CourseGradeCodec.toJson(CourseGradeCalculator.compute(mooc(3, 60, BANDS), items, 3));
        assertThat(json.get("outcome").asText()).isEqualTo("pending");
        assertThat(json.get("band").isNull()).isTrue();
        assertThat(json.get("total").asDouble()).isEqualTo(39.0);
        assertThat(json.get("complete").asBoolean()).isFalse();
        JsonNode quizzes = json.get("categories").get(0);
        assertThat(quizzes.get("dropped").get(0).get("assessment").asText()).isEqualTo("q4");
        assertThat(quizzes.get("dropped").get(0).get("missed").asBoolean()).isTrue();
        assertThat(quizzes.get("counted")).hasSize(3);
        assertThat(json.get("categories").get(2).get("pending").get(0).get("reason").asText())
                .isEqualTo("awaiting peer review");
        assertThat(json.get("mustPass").get(0).get("status").asText()).isEqualTo("passed");
        assertThat(json.get("peerReviews").get("required").asInt()).isEqualTo(3);
        assertThat(json.get("peerReviews").get("given").asInt()).isEqualTo(3);
        assertThat(json.get("reasons").get(0).get("code").asText()).isEqualTo("item_pending");
        assertThat(json.get("reasons").get(0).get("subject").asText()).isEqualTo("e1");
    }

    @Test
    void reviewsGivenAreLeftOutWhenThePolicyRequiresNone() {
        // Not counted then (no requirement to meet): a "given": 0 told learners who had reviewed that they had not.
        JsonNode json = CourseGradeCodec.toJson(CourseGradeCalculator.compute(mooc(0, 60, BANDS),
                items("q1", pct(50)), 0));
        assertThat(json.get("peerReviews").get("required").asInt()).isZero();
        assertThat(json.get("peerReviews").has("given")).isFalse();
    }
}
