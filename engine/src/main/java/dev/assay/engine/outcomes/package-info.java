/**
 * Course grades and pass/fail outcomes: pure computation (no I/O, no clock), used by the engine whenever one of a
 * learner's grades changes.
 *
 * <h2>Policy</h2>
 * A {@link dev.assay.engine.outcomes.GradingPolicy} has weighted categories of assessments, must-pass items, a minimum
 * number of peer reviews given, a pass mark and optional bands. <b>Weights are percentages and must add up to 100</b>
 * (within 1e-6); the pass mark and band minimums are on the 0–100 scale of the course total; a must-pass item's pass
 * fraction is a fraction (0, 1] of that item's maximum. {@link dev.assay.engine.outcomes.GradingPolicy#validate}
 * reports every problem with a field path ({@code categories[1].weight}, {@code bands[2].minimum}, …);
 * {@link dev.assay.engine.outcomes.GradingPolicyCodec#readPolicy} parses JSON and throws
 * {@link dev.assay.graders.InvalidInputException} with them.
 *
 * <h2>Item states</h2>
 * An assessment's state comes from the learner's submission that counts (the highest or latest graded, as the
 * policy's {@code attempts} says; work still being graded never displaces a graded one). Each assessment is {@code Graded(score, max)}, {@code Pending(reason)} (submitted, awaiting grading or peer
 * review) or {@code Missing(deadlinePassed)}. Graded items and items missing past their deadline are
 * <em>resolved</em>: a missed item counts as 0. Pending items, items missing before their deadline and items the
 * learner's state does not mention at all are <em>still to come</em>.
 *
 * <h2>Total</h2>
 * Within a category every item counts equally, as its score over its maximum. Drop-lowest drops the N lowest
 * items, at least one item always remaining; the category percentage is the mean of the remaining items over
 * {@code items − dropped}. The course {@code total} is the weighted mean of the category percentages with every
 * item still to come counted as 0 (and so dropped first: ties go to an item still to come, then to the smaller
 * assessment id); {@code maximum} is the same with every item still to come at full marks. The items a category
 * lists as dropped are the total's. Once
 * nothing is still to come both equal the final total. Resolving an item still to come can only raise
 * {@code total} and lower {@code maximum} (the final total always lies between them). Totals, maximums and category
 * percentages and contributions are reported rounded to 9 decimals (no {@code 44.99999999999999} for 45), and the
 * pass mark and band minimums are compared with these reported numbers, so a decision always agrees with them.
 *
 * <h2>Outcome</h2>
 * The <b>projection</b> says where the grade is heading as soon as it is decided:
 * <ul>
 *   <li><b>FAILED</b> only when no grade still to come can produce a pass: a must-pass item scored below its pass
 *   fraction or was missed past its deadline; or fewer peer reviews given than required with the review window
 *   closed; or {@code maximum} (full marks on everything still to come) is below the pass mark.</li>
 *   <li><b>PASSED</b> only when no grade still to come can produce a fail: {@code total} (everything still to come
 *   at 0) reaches the pass mark, every must-pass item is graded and passed, and enough peer reviews were given.</li>
 *   <li><b>PENDING</b> otherwise. A pending item is therefore never turned into a fail: it can only decide the outcome
 *   if every possible grade for it leads to the same outcome.</li>
 * </ul>
 * The <b>outcome</b>, which is what certification receives, stays PENDING until the grade is {@code complete}
 * (nothing the policy counts still to come: every item graded or past its deadline, and the review requirement met or
 * its window closed); then it equals the projection. So a pending grade never becomes a pass or fail early, not even
 * one that can no longer change. The band is given once the grade is complete. Grades themselves can be regraded;
 * "decided" means "whatever the items still to come score", not "immune to regrades": a regrade can reverse or reopen
 * an outcome, which {@link dev.assay.engine.outcomes.OutcomeChange} reports.
 *
 * <h2>Outcome changes</h2>
 * {@link dev.assay.engine.outcomes.OutcomeChange#detect} compares the recorded
 * {@link dev.assay.engine.outcomes.OutcomeState} (outcome, band, version) with a new grade and returns a change only
 * when the outcome or the band differs, so the outbox emits real changes only (a new total alone is not one).
 */
package dev.assay.engine.outcomes;
