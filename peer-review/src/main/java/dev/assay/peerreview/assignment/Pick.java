package dev.assay.peerreview.assignment;

/**
 * The submission chosen for a reviewer.
 *
 * @param overflow true when every eligible submission already had k reviews done or under way, so this one goes
 *                 past k (up to k + extra) to keep an active reviewer busy rather than turn them away
 */
public record Pick(Candidate candidate, boolean overflow) {
}
