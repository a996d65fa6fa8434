package dev.assay.engine.peer;

import dev.assay.engine.store.Json;
import dev.assay.engine.store.PeerReviewStore.PeerSubmission;
import dev.assay.engine.store.PeerReviewStore.ReviewRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a peer grade stands and when staff must decide: after the review deadline, reviewed work whose pass/fail the
 * interval cannot settle goes to staff, and work peers left short goes to staff only if it was on time.
 */
class PeerGradeStatusTest {
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

    @Test
    void reviewed_work_whose_pass_fail_is_uncertain_goes_to_staff_and_the_rest_stands() {
        var body = new LinkedHashMap<>(PeerFixtures.config(3, 0, false, REVIEW_DEADLINE));
        body.put("model", "mean");
        body.put("passMark", 3);
        PeerConfig config = PeerConfigCodec.read(Json.toTree(body));
        var clear = new PeerSubmission(UUID.randomUUID(), "clear", at(SUBMISSION_DEADLINE.minusSeconds(60)));
        var split = new PeerSubmission(UUID.randomUUID(), "split", at(SUBMISSION_DEADLINE.minusSeconds(30)));
        List<ReviewRow> reviews = List.of(review(clear, "r1", 6), review(clear, "r2", 6), review(clear, "r3", 6),
                review(split, "r1", 0), review(split, "r2", 6), review(split, "r3", 3));

        PeerGrades.Result before = PeerGrades.compute(config, List.of(clear, split), reviews, List.of(), List.of(),
                REVIEW_DEADLINE.minusSeconds(1));
        assertThat(before.grades()).allMatch(g -> g.status() == PeerGrades.Status.PENDING);

        PeerGrades.Result after = PeerGrades.compute(config, List.of(clear, split), reviews, List.of(), List.of(),
                REVIEW_DEADLINE);
        PeerGrades.Grade settled = after.of(clear.id().toString());
        PeerGrades.Grade unsettled = after.of(split.id().toString());
        assertThat(settled.uncertain()).isFalse();
        assertThat(settled.status()).isEqualTo(PeerGrades.Status.FINAL);
        assertThat(unsettled.ciLow()).isLessThan(3.0);
        assertThat(unsettled.ciHigh()).isGreaterThanOrEqualTo(3.0);
        assertThat(unsettled.uncertain()).isTrue();
        assertThat(unsettled.status()).isEqualTo(PeerGrades.Status.STAFF);
    }

    @Test
    void a_published_final_grade_stands_whatever_reviews_come_after_it_unless_staff_override_it() {
        var body = new LinkedHashMap<>(PeerFixtures.config(1, 2, false, REVIEW_DEADLINE));
        body.remove("reviewDeadline");
        body.put("model", "median");
        body.put("passMark", 3);
        PeerConfig config = PeerConfigCodec.read(Json.toTree(body));
        var published = new PeerSubmission(UUID.randomUUID(), "ann", at(SUBMISSION_DEADLINE),
                new dev.assay.engine.store.PeerReviewStore.Published(6, null, null));
        var fresh = new PeerSubmission(UUID.randomUUID(), "bob", at(SUBMISSION_DEADLINE));
        // Two harsh extra reviews after the one that made ann's grade final (no review deadline: final at k).
        List<ReviewRow> reviews = List.of(review(published, "r1", 6), review(published, "x1", 0),
                review(published, "x2", 0), review(fresh, "r1", 6), review(fresh, "x1", 0), review(fresh, "x2", 0));
        PeerGrades.Result result = PeerGrades.compute(config, List.of(published, fresh), reviews, List.of(), List.of(),
                REVIEW_DEADLINE);
        assertThat(result.of(published.id().toString()).score()).isEqualTo(6.0);
        assertThat(result.of(published.id().toString()).status()).isEqualTo(PeerGrades.Status.FINAL);
        assertThat(result.of(published.id().toString()).reviews()).isEqualTo(3);
        assertThat(result.of(fresh.id().toString()).score()).isEqualTo(0.0); // the same reviews, not yet published

        var override = new dev.assay.engine.store.PeerReviewStore.Override(published.id(), 2, "plagiarised", at(REVIEW_DEADLINE));
        PeerGrades.Result overridden = PeerGrades.compute(config, List.of(published), reviews, List.of(),
                List.of(override), REVIEW_DEADLINE);
        assertThat(overridden.of(published.id().toString()).score()).isEqualTo(2.0);
        assertThat(overridden.of(published.id().toString()).status()).isEqualTo(PeerGrades.Status.OVERRIDDEN);
    }

    private static ReviewRow review(PeerSubmission s, String reviewer, double total) {
        return new ReviewRow(UUID.randomUUID(), s.id(), s.learnerId(), reviewer, "{}", "{}", total, true, null, false,
                null, at(REVIEW_DEADLINE.minusSeconds(3600)));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
