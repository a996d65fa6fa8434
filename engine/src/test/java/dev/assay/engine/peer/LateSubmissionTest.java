package dev.assay.engine.peer;

import dev.assay.engine.store.Json;
import dev.assay.engine.store.PeerReviewStore.PeerSubmission;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The submission deadline: peers short at the review deadline send on-time work to staff, and late work waits. */
class LateSubmissionTest {
    private static final Instant SUBMISSION_DEADLINE = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant REVIEW_DEADLINE = SUBMISSION_DEADLINE.plus(Duration.ofDays(7));

    @Test
    void only_on_time_submissions_short_of_reviews_go_to_staff_and_late_ones_are_marked() {
        var body = new LinkedHashMap<>(PeerFixtures.config(3, 0, false, REVIEW_DEADLINE));
        body.put("submissionDeadline", SUBMISSION_DEADLINE.toString());
        body.put("staffGraceHours", 24);
        PeerConfig config = PeerConfigCodec.read(Json.toTree(body));
        var onTime = new PeerSubmission(UUID.randomUUID(), "early", at(SUBMISSION_DEADLINE.minusSeconds(60)));
        var atDeadline = new PeerSubmission(UUID.randomUUID(), "exact", at(SUBMISSION_DEADLINE));
        var late = new PeerSubmission(UUID.randomUUID(), "late", at(SUBMISSION_DEADLINE.plusSeconds(60)));

        Instant afterGrace = REVIEW_DEADLINE.plus(Duration.ofHours(25));
        PeerGrades.Result result = PeerGrades.compute(config, List.of(onTime, atDeadline, late), List.of(), List.of(),
                List.of(), afterGrace);

        assertThat(result.of(onTime.id().toString()).status()).isEqualTo(PeerGrades.Status.STAFF);
        assertThat(result.of(onTime.id().toString()).late()).isFalse();
        assertThat(result.of(atDeadline.id().toString()).status()).isEqualTo(PeerGrades.Status.STAFF);
        assertThat(result.of(late.id().toString()).status()).isEqualTo(PeerGrades.Status.PENDING);
        assertThat(result.of(late.id().toString()).late()).isTrue();

        // Before the grace ends nothing is sent to staff yet.
        PeerGrades.Result early = PeerGrades.compute(config, List.of(onTime, late), List.of(), List.of(), List.of(),
                REVIEW_DEADLINE.plus(Duration.ofHours(1)));
        assertThat(early.grades()).allMatch(g -> g.status() == PeerGrades.Status.PENDING);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
