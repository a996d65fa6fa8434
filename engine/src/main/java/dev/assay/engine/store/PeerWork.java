package dev.assay.engine.store;

/**
 * Which submissions of a peer-reviewed assessment go to peers, in SQL shared by the review queue, the peer grades and
 * the course grades. An essay goes to people only when the essay grader routed it (it could not score it reliably);
 * one it scored counts with its score, as it would without peer review. Every other kind goes to peers. "Routed" is
 * the grader's stored result (it names the reasons), not the status: a staff override makes a routed essay
 * "graded", and it dropped out of the peer grades while its reviews stood.
 *
 * <p>The review queue keeps this as a flag, in the database (V25's {@code peer_work}), held to the same answers by
 * {@code PeerQueueFlagsTest}: a change here needs a migration there.
 */
final class PeerWork {
    private PeerWork() {
    }

    /** True for submission alias {@code s} of assessment alias {@code a} that peers grade. */
    static String forPeers(String a, String s) {
        return ("(%1$s.kind <> 'essay' OR %2$s.status = 'routed' OR %2$s.result->'reasons' IS NOT NULL"
                + " OR %2$s.peer_graded_at IS NOT NULL)").formatted(a, s);
    }
}
