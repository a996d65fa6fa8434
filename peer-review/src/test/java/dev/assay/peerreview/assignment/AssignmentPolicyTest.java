package dev.assay.peerreview.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentPolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AssignmentPolicy POLICY = new AssignmentPolicy(3, 1);

    private static Candidate c(String id, String author, String team, int minutes, int counted, int leased, String... reviewers) {
        return new Candidate(id, author, team, T0.plus(Duration.ofMinutes(minutes)), counted, leased, Set.of(reviewers));
    }

    @Test
    void never_own_teammates_or_already_reviewed_or_held() {
        var open = List.of(c("own", "ann", null, 0, 0, 0), c("mate", "bob", "t1", 0, 0, 0),
                c("done", "cy", null, 0, 1, 0, "ann"), c("held", "di", null, 0, 0, 1, "ann"), c("ok", "ed", "t2", 9, 2, 0));
        assertThat(POLICY.next(open, new ReviewerInfo("ann", "t1"))).get()
                .extracting(p -> p.candidate().submission()).isEqualTo("ok");
    }

    @Test
    void fewest_done_or_leased_first_then_oldest() {
        var open = List.of(c("a", "x", null, 0, 1, 1), c("b", "y", null, 5, 1, 0), c("c", "z", null, 3, 0, 1));
        assertThat(POLICY.next(open, new ReviewerInfo("r", null)).orElseThrow().candidate().submission()).isEqualTo("c");
    }

    @Test
    void full_submissions_go_out_again_up_to_k_plus_extra_then_nothing() {
        var atK = List.of(c("a", "x", null, 0, 3, 0), c("b", "y", null, 0, 2, 2));
        var pick = POLICY.next(atK, new ReviewerInfo("r", null)).orElseThrow();
        assertThat(pick.overflow()).isTrue();
        assertThat(pick.candidate().submission()).isEqualTo("a");
        assertThat(POLICY.next(List.of(c("b", "y", null, 0, 2, 2)), new ReviewerInfo("r", null))).isEmpty();
    }

    @Test
    void staff_queue_opens_after_the_grace_and_holds_only_short_submissions() {
        var queue = new StaffQueue(T0, Duration.ofHours(48));
        var open = List.of(c("short", "x", null, 5, 2, 1), c("full", "y", null, 0, 3, 0), c("older", "z", null, 1, 0, 0));
        assertThat(queue.due(open, POLICY, T0.plus(Duration.ofHours(47)))).isEmpty();
        assertThat(queue.due(open, POLICY, T0.plus(Duration.ofHours(48)))).extracting(Candidate::submission)
                .containsExactly("older", "short");
    }

    @Test
    void reviews_of_flagged_reviewers_do_not_count() {
        assertThat(TopUp.counted(List.of("a", "lazy", "b"), Set.of("lazy"))).isEqualTo(2);
    }
}
