package dev.assay.peerreview.simulation;

import dev.assay.peerreview.assignment.AssignmentPolicy;
import dev.assay.peerreview.assignment.Candidate;
import dev.assay.peerreview.assignment.Pick;
import dev.assay.peerreview.assignment.ReviewerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Does peer review finish? A discrete-event simulation of one course's review period, driving the same
 * {@link AssignmentPolicy} the engine uses: learners submit (bunched before the deadline), those who review come
 * some hours later and ask for work one review at a time; each request leases a submission; most reviews are
 * completed in 10–40 minutes, some leases are abandoned and expire, after which the submission goes out again.
 * A reviewer offered nothing comes back later. Measured: the share of on-time submissions with k completed reviews
 * by 48 h after the deadline.
 */
public final class LivenessSimulation {

    /** When the figure is read. */
    public static final double HORIZON_HOURS = 48;
    private static final Instant DEADLINE = Instant.parse("2026-01-01T00:00:00Z");

    public record Result(int onTime, int completeByHorizon, double share, int staffQueue, double medianHoursToComplete,
                         double p99HoursToComplete, int reviewsDone, int overflowReviews, int abandonedLeases,
                         int reviewersMeetingRequirement, int reviewers) {
    }

    private enum Kind { SUBMIT, ASK, FINISH, EXPIRE }

    private record Event(double time, long seq, Kind kind, int learner, String submission, long lease)
            implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Double.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final LivenessScenario sc;
    private final SplittableRandom rng;
    private final AssignmentPolicy policy;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Map<String, Candidate> open = new LinkedHashMap<>();
    private final Map<Long, String> liveLeases = new java.util.HashMap<>();
    private final Map<String, Double> completedAt = new java.util.HashMap<>();
    private final int[] done;
    private final boolean[] reviews;
    private final boolean[] quitter;
    private final double[] submittedAt;
    private long seq;
    private int overflow;
    private int abandoned;

    private LivenessSimulation(LivenessScenario sc, long seed) {
        this.sc = sc;
        this.rng = new SplittableRandom(seed);
        this.policy = new AssignmentPolicy(sc.k(), sc.extra());
        this.done = new int[sc.learners()];
        this.reviews = new boolean[sc.learners()];
        this.quitter = new boolean[sc.learners()];
        this.submittedAt = new double[sc.learners()];
    }

    public static Result run(LivenessScenario scenario, long seed) {
        return new LivenessSimulation(scenario, seed).simulate();
    }

    private Result simulate() {
        for (int i = 0; i < sc.learners(); i++) {
            double u = rng.nextDouble();
            double t;
            if (u < sc.lateShare()) {
                t = rng.nextDouble() * 24;
            } else if (u < sc.lateShare() + sc.bunchedShare()) {
                t = -Math.min(24, exponential(sc.bunchMeanHours()));
            } else {
                t = -24 - rng.nextDouble() * 144;
            }
            submittedAt[i] = t;
            reviews[i] = rng.nextDouble() >= sc.nonReviewerShare();
            quitter[i] = rng.nextDouble() < sc.quitShare();
            schedule(t, Kind.SUBMIT, i, null, 0);
            if (reviews[i]) {
                schedule(t + exponential(sc.startDelayHours()), Kind.ASK, i, null, 0);
            }
        }
        double end = HORIZON_HOURS;
        while (!events.isEmpty() && events.peek().time() <= end) {
            Event e = events.poll();
            switch (e.kind()) {
                case SUBMIT -> open.put(id(e.learner()), new Candidate(id(e.learner()), id(e.learner()), null,
                        at(e.time()), 0, 0, Set.of()));
                case ASK -> ask(e);
                case FINISH -> finish(e);
                case EXPIRE -> expire(e);
            }
        }
        return result();
    }

    private void ask(Event e) {
        int v = e.learner();
        if (done[v] >= sc.required()) {
            return;
        }
        Optional<Pick> pick = policy.next(open.values(), new ReviewerInfo(id(v), null));
        if (pick.isEmpty()) {
            schedule(e.time() + sc.retryHours(), Kind.ASK, v, null, 0);
            return;
        }
        Candidate c = pick.get().candidate();
        long lease = ++seq;
        liveLeases.put(lease, c.submission());
        open.put(c.submission(), with(c, 0, 1, id(v), true));
        if (rng.nextDouble() < sc.abandonShare()) {
            abandoned++;
            schedule(e.time() + sc.leaseHours(), Kind.EXPIRE, v, c.submission(), lease);
            if (!quitter[v]) {
                schedule(e.time() + sc.leaseHours() + exponential(sc.startDelayHours()), Kind.ASK, v, null, 0);
            }
        } else {
            if (pick.get().overflow()) {
                overflow++;
            }
            schedule(e.time() + (10 + 30 * rng.nextDouble()) / 60, Kind.FINISH, v, c.submission(), lease);
        }
    }

    private void finish(Event e) {
        if (liveLeases.remove(e.lease()) == null) {
            return;
        }
        Candidate c = open.get(e.submission());
        Candidate now = with(c, 1, -1, null, true);
        open.put(c.submission(), now);
        if (now.counted() == sc.k()) {
            completedAt.put(c.submission(), e.time());
        }
        done[e.learner()]++;
        schedule(e.time(), Kind.ASK, e.learner(), null, 0);
    }

    private void expire(Event e) {
        if (liveLeases.remove(e.lease()) == null) {
            return;
        }
        // The reviewer no longer holds it, so it may go to anyone again (them included).
        open.put(e.submission(), with(open.get(e.submission()), 0, -1, id(e.learner()), false));
    }

    private Candidate with(Candidate c, int counted, int leased, String reviewer, boolean add) {
        Set<String> reviewers = c.reviewers();
        if (reviewer != null) {
            reviewers = new HashSet<>(reviewers);
            if (add) {
                reviewers.add(reviewer);
            } else {
                reviewers.remove(reviewer);
            }
        }
        return new Candidate(c.submission(), c.author(), c.team(), c.submittedAt(), c.counted() + counted,
                c.leased() + leased, reviewers);
    }

    private Result result() {
        int onTime = 0;
        int complete = 0;
        var times = new java.util.ArrayList<Double>();
        for (int i = 0; i < sc.learners(); i++) {
            if (submittedAt[i] > 0) {
                continue;
            }
            onTime++;
            Double t = completedAt.get(id(i));
            if (t != null) {
                complete++;
                times.add(t - submittedAt[i]);
            }
        }
        times.sort(null);
        int reviewers = 0;
        int met = 0;
        int total = 0;
        for (int i = 0; i < sc.learners(); i++) {
            total += done[i];
            if (reviews[i]) {
                reviewers++;
                met += done[i] >= sc.required() ? 1 : 0;
            }
        }
        double median = times.isEmpty() ? Double.NaN : times.get(times.size() / 2);
        double p99 = times.isEmpty() ? Double.NaN : times.get((int) Math.min(times.size() - 1, Math.floor(times.size() * 0.99)));
        int staff = (int) open.values().stream().filter(c -> !policy.complete(c)).count();
        return new Result(onTime, complete, onTime == 0 ? 1 : (double) complete / onTime, staff, median, p99, total,
                overflow, abandoned, met, reviewers);
    }

    private void schedule(double time, Kind kind, int learner, String submission, long lease) {
        events.add(new Event(time, ++seq, kind, learner, submission, lease));
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - rng.nextDouble());
    }

    private static String id(int learner) {
        return "u" + learner;
    }

    private static Instant at(double hours) {
        return DEADLINE.plus(Duration.ofMillis(Math.round(hours * 3_600_000)));
    }
}
