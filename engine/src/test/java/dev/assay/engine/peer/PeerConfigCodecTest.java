package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Json;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerConfigCodecTest {

    @Test
    void minimal_config_gets_defaults_and_its_stored_form_reads_back_the_same() {
        JsonNode minimal = Json.MAPPER.valueToTree(Map.of("rubric", Map.of("criteria", List.of(
                Map.of("id", "c", "levels", List.of(Map.of("points", 0), Map.of("points", 1))))), "model", "median"));
        PeerConfig config = PeerConfigCodec.read(minimal);
        assertThat(config.k()).isEqualTo(3);
        assertThat(config.rubric().reviewsRequired()).isEqualTo(3);
        assertThat(config.extraReviews()).isEqualTo(1);
        assertThat(config.lease().toMinutes()).isEqualTo(60);
        assertThat(config.calibration().required()).isFalse();
        String stored = Json.write(PeerConfigCodec.write(config));
        assertThat(PeerConfigCodec.readStored(stored)).isEqualTo(config);
    }

    @Test
    void full_config_round_trips() {
        JsonNode full = Json.MAPPER.valueToTree(PeerFixtures.config(4, 2, true, Instant.parse("2026-03-01T12:00:00Z")));
        PeerConfig config = PeerConfigCodec.read(full);
        assertThat(PeerConfigCodec.readStored(Json.write(PeerConfigCodec.write(config)))).isEqualTo(config);
        assertThat(config.calibration().example("ex2").orElseThrow().example().staffTotal()).isEqualTo(6);
    }

    @Test
    void deadlines_out_of_order_and_pass_mark_off_the_scale_are_reported() {
        var c = new java.util.HashMap<>(PeerFixtures.config(3, 1, false, Instant.parse("2026-03-01T12:00:00Z")));
        c.put("submissionDeadline", "2026-03-02T00:00:00Z");
        c.put("passMark", 7);
        assertThatThrownBy(() -> PeerConfigCodec.read(Json.MAPPER.valueToTree(c)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("reviewDeadline"));
        c.remove("submissionDeadline");
        assertThatThrownBy(() -> PeerConfigCodec.read(Json.MAPPER.valueToTree(c)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("passMark"));
    }

    @Test
    void scoring_changes_are_criterion_ids_and_level_points_only() {
        Instant deadline = Instant.parse("2030-01-01T00:00:00Z");
        PeerConfig base = PeerConfigCodec.read(Json.MAPPER.valueToTree(PeerFixtures.config(3, 1, false, deadline)));
        PeerConfig reworded = PeerConfigCodec.read(Json.MAPPER.valueToTree(PeerFixtures.reworded(PeerFixtures.config(2, 0, false, deadline))));
        assertThat(dev.assay.engine.peer.ScoringChanges.rubric(base.rubric(), reworded.rubric())).as("wording, comments, k").isEmpty();
        PeerConfig rescaled = PeerConfigCodec.read(Json.MAPPER.valueToTree(PeerFixtures.rescaled(PeerFixtures.config(3, 1, false, deadline))));
        assertThat(dev.assay.engine.peer.ScoringChanges.rubric(base.rubric(), rescaled.rubric()))
                .containsExactly("criterion 'style' levels [0.0, 1.0, 2.0] -> [0.0, 1.0, 2.0, 3.0]");
        PeerConfig renamed = PeerConfigCodec.read(Json.MAPPER.valueToTree(Map.of("rubric", Map.of("criteria", List.of(
                Map.of("id", "ideas", "levels", List.of(Map.of("points", 0), Map.of("points", 2), Map.of("points", 4))),
                Map.of("id", "clarity", "levels", List.of(Map.of("points", 0), Map.of("points", 1), Map.of("points", 2))))))));
        assertThat(dev.assay.engine.peer.ScoringChanges.rubric(base.rubric(), renamed.rubric()))
                .containsExactly("criterion 'style' removed", "criterion 'clarity' added");
    }

    @Test
    void learners_cannot_be_required_to_give_more_reviews_than_submissions_take() {
        Map<String, Object> body = new java.util.HashMap<>(PeerFixtures.config(2, 1, false, Instant.parse("2026-03-01T12:00:00Z")));
        body.put("reviewsRequired", 3);
        assertThat(PeerConfigCodec.read(Json.MAPPER.valueToTree(body)).rubric().reviewsRequired()).isEqualTo(3);
        body.put("reviewsRequired", 4);
        assertThatThrownBy(() -> PeerConfigCodec.read(Json.MAPPER.valueToTree(body)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("reviewsRequired"));
    }

    @Test
    void whole_numbers_written_as_decimals_are_read_and_fractions_are_not() {
        Map<String, Object> body = new java.util.HashMap<>(PeerFixtures.config(2, 1, false, Instant.parse("2026-03-01T12:00:00Z")));
        body.put("reviewsPerSubmission", 4.0);
        body.put("leaseMinutes", 30.0);
        PeerConfig config = PeerConfigCodec.read(Json.MAPPER.valueToTree(body));
        assertThat(config.k()).isEqualTo(4);
        assertThat(config.lease().toMinutes()).isEqualTo(30);
        body.put("reviewsPerSubmission", 2.5);
        assertThatThrownBy(() -> PeerConfigCodec.read(Json.MAPPER.valueToTree(body)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("reviewsPerSubmission"));
    }

    @Test
    void a_team_without_members_is_refused_rather_than_dropped() {
        Map<String, Object> body = new java.util.HashMap<>(PeerFixtures.config(2, 1, false, Instant.parse("2026-03-01T12:00:00Z")));
        body.put("teams", List.of(Map.of("id", "t1", "members", List.of("ann", "bob")), Map.of("id", "t2", "members", List.of())));
        assertThatThrownBy(() -> PeerConfigCodec.read(Json.MAPPER.valueToTree(body)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("teams[1].members"));
    }
}
