package dev.assay.engine.store;

import dev.assay.engine.store.PeerLeaseStore.Ask;
import dev.assay.engine.store.PeerLeaseStore.Lease;
import dev.assay.engine.store.PeerLeaseStore.Next;
import dev.assay.peerreview.assignment.AssignmentPolicy;
import dev.assay.peerreview.assignment.Candidate;
import dev.assay.peerreview.assignment.Pick;
import dev.assay.peerreview.assignment.ReviewerInfo;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Leases for several reviewers of one assessment in one transaction, so that under load the database commits once
 * per batch rather than once per request.
 *
 * <p>The transaction reads the configuration version and the reviewers' open leases, locks the first eligible
 * submissions with {@code FOR UPDATE SKIP LOCKED} (a few more than there are reviewers, since some will be a
 * reviewer's own or one they reviewed), lets {@link AssignmentPolicy} choose for each reviewer in arrival order, as
 * in the simulator, with the loads it has handed out in this batch counted, and writes every lease and load in one
 * statement. The same guards hold as for a single request: the unique indexes admit one open lease per reviewer
 * and one review per (submission, reviewer). A reviewer the batch could not serve (nothing eligible among the locked
 * rows, or a lease taken elsewhere at the same moment) gets no entry and goes through {@link PeerLeaseStore#next},
 * as does one who has given or holds the reviews required, unless {@link SpareRoom} can grant them spare room at once.
 */
public final class LeaseBatchStore {
    /** Rows locked beyond one per reviewer, for reviewers whose first choices are excluded. */
    private static final int SLACK = 8;

    /** For the rest of the transaction; see {@link #lock}. */
    static final String GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan";

    private final Pool pool;
    private final SpareRoom spareRoom;

    public LeaseBatchStore(Pool pool, SpareRoom spareRoom) {
        this.pool = pool;
        this.spareRoom = spareRoom;
    }

    /**
     * Serves asks of one assessment under one configuration version (and so one policy and lease length).
     *
     * @param teams every learner's team, for team-mates' submissions
     * @return what each reviewer got; reviewers left out must ask alone
     */
    public Future<Map<String, Next>> next(List<Ask> asks, Map<String, String> teams) {
        Ask first = asks.getFirst();
        Map<String, Ask> byReviewer = new LinkedHashMap<>();
        asks.forEach(a -> byReviewer.putIfAbsent(a.reviewer(), a));
        String[] reviewers = byReviewer.keySet().toArray(String[]::new);
        // Both reads go out together on the connection (pipelined): the reviewers' reviews and open leases, and
        // the locked candidates, enough for every reviewer of the batch.
        return pool.withTransaction(c -> {
            c.query(GENERIC_PLANS).execute();
            Future<State> state = reviewed(c, first, reviewers);
            Future<List<Row>> locked = lock(c, first, reviewers.length + SLACK);
            return Future.all(state, locked).compose(both -> {
                Map<String, Next> out = new HashMap<>();
                State st = state.result();
                if (st.version().isEmpty() || st.version().get() != first.version()) {
                    byReviewer.keySet().forEach(r -> out.put(r, new Next.StaleConfig()));
                    return Future.succeededFuture(out);
                }
                st.held().forEach(l -> out.put(l.reviewerId(), new Next.Leased(l)));
                // A reviewer past the requirement may take only spare room, which needs the whole assessment's
                // loads and debts: in a large course a reading in hand decides here; otherwise they ask alone.
                List<String> waiting = byReviewer.keySet().stream().filter(r -> !out.containsKey(r)
                        && (st.given().getOrDefault(r, 0) < first.required() || spareNow(first))).toList();
                List<Candidate> candidates = candidates(locked.result(), st.reviewed(), teams);
                // Inserted in reviewer order: two batches sharing reviewers then wait on each other one way only.
                List<Planned> plan = assign(first.policy(), candidates, waiting, teams).stream()
                        .sorted(Comparator.comparing(Planned::reviewer)).toList();
                return plan.isEmpty() ? Future.succeededFuture(out) : insert(c, first, plan).map(leases -> {
                    leases.forEach(l -> out.put(l.reviewerId(), new Next.Leased(l)));
                    return out;
                });
            });
        });
    }

    /**
     * Whether a reviewer past the requirement takes a unit of spare room, when that is known without the store (a
     * large course, where the single-request path would otherwise carry every extra reviewer); otherwise the reviewer
     * asks alone.
     */
    private boolean spareNow(Ask first) {
        return Boolean.TRUE.equals(spareRoom.takeNow(first.assessmentId(), first.policy().k() + first.policy().extra(),
                first.required()));
    }

    /**
     * @param reviewed submission to the reviewers of the batch who reviewed or hold it
     */
    private record State(Optional<Integer> version, List<Lease> held, Map<UUID, Set<String>> reviewed,
                         Map<String, Integer> given) {
    }

    private record Planned(String reviewer, Pick pick) {
    }

    /** The configuration version and everything the reviewers did in this assessment, with their open leases. */
    private Future<State> reviewed(SqlConnection c, Ask first, String[] reviewers) {
        return c.preparedQuery("""
                        SELECT cfg.version, l.open, l.submission_id AS reviewed, l.* FROM (
                            SELECT version FROM peer_review_configs WHERE assessment_id = $1) cfg
                        LEFT JOIN LATERAL (
                            SELECT r.completed_at IS NULL AND NOT r.released AND r.expires_at > now() AS open,
                                   NOT r.released AS kept, %s
                            -- the submission's response only for open leases, the ones handed back
                            FROM peer_reviews r LEFT JOIN submissions s ON s.id = r.submission_id
                                AND r.completed_at IS NULL AND NOT r.released AND r.expires_at > now()
                            WHERE r.assessment_id = $1 AND r.reviewer_id = ANY($2)) l ON true""".formatted(PeerLeaseStore.LEASE_COLUMNS))
                .execute(Tuple.tuple().addUUID(first.assessmentId()).addArrayOfString(reviewers))
                .map(rows -> {
                    Optional<Integer> version = Optional.empty();
                    List<Lease> held = new ArrayList<>();
                    Map<UUID, Set<String>> reviewed = new HashMap<>();
                    Map<String, Integer> given = new HashMap<>();
                    for (Row r : rows) {
                        version = Optional.of(r.getInteger("version"));
                        if (r.getUUID("reviewed") == null) {
                            continue;
                        }
                        Lease lease = PeerLeaseStore.lease(r);
                        if (r.getBoolean("kept")) {
                            given.merge(lease.reviewerId(), 1, Integer::sum);
                        }
                        reviewed.computeIfAbsent(lease.submissionId(), k -> new HashSet<>()).add(lease.reviewerId());
                        if (r.getBoolean("open")) {
                            held.add(lease);
                        }
                    }
                    return new State(version, held, reviewed, given);
                });
    }

    /**
     * The first eligible submissions, locked. PostgreSQL plans this statement anew at every execution unless told
     * otherwise: with {@code LIMIT $3} its generic plan is estimated to return a tenth of the queue, so the planner
     * keeps preferring custom plans, and planning the queue's conditions cost 3.3 ms a batch against 1.7 ms for
     * running them (two thirds of a core at 1,000 requests/s). The generic plan is the same index walk, so the
     * transaction asks for it ({@link #GENERIC_PLANS}, pipelined ahead of the two reads).
     */
    private Future<List<Row>> lock(SqlConnection c, Ask first, int limit) {
        return c.preparedQuery("""
                        SELECT q.submission_id, q.learner_id, q.created_at, q.load FROM peer_queue q
                        WHERE q.assessment_id = $1 AND q.load < $2 AND """ + " " + PeerLeaseStore.OPEN + """
                        ORDER BY q.load, q.created_at, q.submission_id
                        LIMIT $3 FOR UPDATE OF q SKIP LOCKED""")
                .execute(Tuple.of(first.assessmentId(), first.policy().k() + first.policy().extra(), limit))
                .map(rows -> {
                    List<Row> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                });
    }

    private static List<Candidate> candidates(List<Row> locked, Map<UUID, Set<String>> reviewed, Map<String, String> teams) {
        List<Candidate> out = new ArrayList<>();
        for (Row r : locked) {
            String author = r.getString("learner_id");
            UUID id = r.getUUID("submission_id");
            out.add(new Candidate(id.toString(), author, teams.get(author), r.getOffsetDateTime("created_at").toInstant(),
                    r.getInteger("load"), 0, reviewed.getOrDefault(id, Set.of())));
        }
        return out;
    }

    /** Each waiting reviewer in turn takes the policy's choice, which then counts one more load. */
    private static List<Planned> assign(AssignmentPolicy policy, List<Candidate> candidates, List<String> waiting,
                                        Map<String, String> teams) {
        List<Candidate> open = new ArrayList<>(candidates);
        List<Planned> plan = new ArrayList<>();
        for (String reviewer : waiting) {
            Optional<Pick> pick = policy.next(open, new ReviewerInfo(reviewer, teams.get(reviewer)));
            if (pick.isEmpty()) {
                continue;
            }
            Candidate chosen = pick.get().candidate();
            Set<String> reviewedBy = new HashSet<>(chosen.reviewers());
            reviewedBy.add(reviewer);
            open.set(open.indexOf(chosen), new Candidate(chosen.submission(), chosen.author(), chosen.team(),
                    chosen.submittedAt(), chosen.counted(), chosen.leased() + 1, reviewedBy));
            plan.add(new Planned(reviewer, pick.get()));
        }
        return plan;
    }

    private Future<List<Lease>> insert(SqlConnection c, Ask first, List<Planned> plan) {
        UUID[] ids = new UUID[plan.size()];
        UUID[] submissions = new UUID[plan.size()];
        String[] reviewers = new String[plan.size()];
        Boolean[] overflow = new Boolean[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            ids[i] = UUID.randomUUID();
            submissions[i] = UUID.fromString(plan.get(i).pick().candidate().submission());
            reviewers[i] = plan.get(i).reviewer();
            overflow[i] = plan.get(i).pick().overflow();
        }
        return c.preparedQuery("""
                        WITH taken AS (
                            INSERT INTO peer_reviews(id, assessment_id, submission_id, reviewer_id, overflow, expires_at)
                            SELECT v.id, $5, v.submission_id, v.reviewer_id, v.overflow, now() + make_interval(secs => $6)
                            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::boolean[])
                                 AS v(id, submission_id, reviewer_id, overflow)
                            ON CONFLICT DO NOTHING
                            RETURNING *),
                        loaded AS (
                            UPDATE peer_queue q SET load = q.load + t.n
                            FROM (SELECT submission_id, count(*) AS n FROM taken GROUP BY submission_id) t
                            WHERE q.submission_id = t.submission_id)
                        SELECT %s FROM taken r JOIN submissions s ON s.id = r.submission_id""".formatted(PeerLeaseStore.LEASE_COLUMNS))
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(submissions).addArrayOfString(reviewers)
                        .addArrayOfBoolean(overflow).addUUID(first.assessmentId()).addDouble((double) first.lease().toSeconds()))
                .map(LeaseBatchStore::leases);
    }

    private static List<Lease> leases(RowSet<Row> rows) {
        List<Lease> out = new ArrayList<>();
        rows.forEach(r -> out.add(PeerLeaseStore.lease(r)));
        return out;
    }
}
