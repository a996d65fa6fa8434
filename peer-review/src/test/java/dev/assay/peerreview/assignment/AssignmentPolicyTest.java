package dev.assay.peerreview.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    void past_the_requirement_a_reviewer_takes_only_room_nobody_short_still_needs() {
        var open = List.of(c("a", "x", null, 0, 3, 0), c("b", "y", null, 0, 1, 1), c("c", "z", null, 0, 0, 0));
        // room: 1 + 2 + 4 = 7, of which one submission's (k + extra = 4) is kept back
        assertThat(POLICY.mayTake(0, 5, open, 100)).as("short: never held back").isTrue();
        assertThat(POLICY.mayTake(5, 5, open, 2)).isTrue();
        assertThat(POLICY.mayTake(5, 5, open, 3)).isFalse();
        assertThat(POLICY.mayTake(6, 5, List.of(), 0)).as("nothing open").isFalse();
        assertThat(POLICY.mayTake(6, 5, List.of(c("d", "w", null, 0, 3, 0)), 0)).as("nobody owes: all the room").isTrue();
        assertThat(AssignmentPolicy.owed(2, 5, 10)).isEqualTo(3);
        assertThat(AssignmentPolicy.owed(6, 5, 10)).isZero();
        assertThat(AssignmentPolicy.owed(2, 5, 1)).as("only room on their own work left").isEqualTo(1);
    }

    @Test
    void eager_reviewers_asking_first_leave_every_learner_room_for_the_reviews_required() {
        // 8 learners, k = 2, extra = 1, 2 required: three eager ones ask 5 times each before anyone else asks.
        var policy = new AssignmentPolicy(2, 1);
        int required = 2;
        List<String> learners = List.of("l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7");
        Map<String, Candidate> open = new HashMap<>();
        for (int i = 0; i < learners.size(); i++) {
            open.put(learners.get(i), c("s" + i, learners.get(i), null, i, 0, 0));
        }
        Map<String, Integer> given = new HashMap<>();
        List<String> asks = new ArrayList<>();
        for (String eager : List.of("l0", "l1", "l2")) {
            for (int i = 0; i < 5; i++) {
                asks.add(eager);
            }
        }
        for (int round = 0; round < 3; round++) {
            asks.addAll(learners);
        }
        for (String reviewer : asks) {
            int mine = given.getOrDefault(reviewer, 0);
            long room = policy.room(open.values());
            long owedByOthers = learners.stream().filter(l -> !l.equals(reviewer))
                    .mapToLong(l -> AssignmentPolicy.owed(given.getOrDefault(l, 0), required,
                            room - policy.room(List.of(open.get(l))))).sum();
            if (!policy.mayTake(mine, required, open.values(), owedByOthers)) {
                continue;
            }
            policy.next(open.values(), new ReviewerInfo(reviewer, null)).ifPresent(p -> {
                Candidate was = p.candidate();
                var reviewers = new HashSet<>(was.reviewers());
                reviewers.add(reviewer);
                open.put(was.author(), new Candidate(was.submission(), was.author(), null, was.submittedAt(),
                        was.counted() + 1, 0, reviewers));
                given.merge(reviewer, 1, Integer::sum);
            });
        }
        assertThat(learners).allSatisfy(l -> assertThat(given.getOrDefault(l, 0)).as(l).isGreaterThanOrEqualTo(required));
        assertThat(given.get("l0")).as("eager reviewers still took spare room").isGreaterThan(required);
    }

    @Test
    void reviews_of_flagged_reviewers_do_not_count() {
        assertThat(TopUp.counted(List.of("a", "lazy", "b"), Set.of("lazy"))).isEqualTo(2);
    }
}
