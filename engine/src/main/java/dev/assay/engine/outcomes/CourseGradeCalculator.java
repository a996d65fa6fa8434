package dev.assay.engine.outcomes;

import dev.assay.engine.outcomes.CourseGrade.CategoryGrade;
import dev.assay.engine.outcomes.CourseGrade.ItemScore;
import dev.assay.engine.outcomes.CourseGrade.MustPassResult;
import dev.assay.engine.outcomes.CourseGrade.PendingItem;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes a learner's course grade from a (valid) {@link GradingPolicy} and the learner's item states.
 * Pure and deterministic: same inputs, same result; no I/O, no clock (deadlines arrive already resolved in
 * {@link ItemState.Missing#deadlinePassed()}). The rules are described in the package documentation.
 */
public final class CourseGradeCalculator {

    /**
     * Tolerance when comparing item fractions with must-pass fractions. Totals are compared with the pass mark and
     * band minimums as reported, rounded by {@link GradePrecision}.
     */
    static final double EPSILON = 1e-9;

    private static final ItemState NOT_YET_SUBMITTED = new ItemState.Missing(false);

    private CourseGradeCalculator() {
    }

    /** As {@link #compute(GradingPolicy, Map, int, boolean)} with the peer-review window still open. */
    public static CourseGrade compute(GradingPolicy policy, Map<String, ItemState> items, int reviewsGiven) {
        return compute(policy, items, reviewsGiven, false);
    }

    /**
     * @param policy             a policy that passed {@link GradingPolicy#validate}
     * @param items              the learner's state per assessment id; an assessment the policy names but this map
     *                           lacks is treated as {@code Missing(false)} (still open)
     * @param reviewsGiven       peer reviews the learner has given so far
     * @param reviewWindowClosed whether the learner can no longer give peer reviews (a shortfall is then final)
     */
    public static CourseGrade compute(GradingPolicy policy, Map<String, ItemState> items, int reviewsGiven,
                                      boolean reviewWindowClosed) {
        List<GradingPolicy.Category> categories = policy.categories();
        List<CategoryGrade> categoryGrades = new ArrayList<>(categories.size());
        List<Reason> pendingReasons = null;
        boolean anyUnresolved = false;
        double weightSum = 0;
        double floorSum = 0;
        double ceilingSum = 0;

        for (GradingPolicy.Category category : categories) {
            List<String> ids = category.assessments();
            int n = ids.size();
            if (n == 0) {
                continue;
            }
            double[] fractions = new double[n];
            boolean[] resolved = new boolean[n];
            int resolvedCount = 0;
            for (int i = 0; i < n; i++) {
                ItemState state = items.getOrDefault(ids.get(i), NOT_YET_SUBMITTED);
                if (state instanceof ItemState.Graded g) {
                    fractions[i] = g.fraction();
                    resolved[i] = true;
                    resolvedCount++;
                } else if (state instanceof ItemState.Missing m && m.deadlinePassed()) {
                    resolved[i] = true;
                    resolvedCount++;
                }
            }
            int pendingCount = n - resolvedCount;
            // The lowest items are dropped among all of them, keeping at least one. The floor is the category with
            // everything still to come at 0, the ceiling with it at full marks: the mean of the best items can only
            // rise as items come in, so the final percentage lies between the two. The items listed as dropped are
            // the floor's (items still to come go first, being 0 there).
            int drop = Math.min(Math.max(category.dropLowest(), 0), n - 1);
            double[] atWorst = fractions.clone();
            double[] atBest = fractions.clone();
            for (int i = 0; i < n; i++) {
                atBest[i] = resolved[i] ? fractions[i] : 1;
            }
            boolean[] dropped = lowest(atWorst, resolved, ids, drop);
            boolean[] droppedAtBest = lowest(atBest, resolved, ids, drop);

            double sum = 0;
            double best = 0;
            for (int i = 0; i < n; i++) {
                sum += dropped[i] ? 0 : atWorst[i];
                best += droppedAtBest[i] ? 0 : atBest[i];
            }
            List<ItemScore> counted = new ArrayList<>(n);
            List<ItemScore> droppedItems = drop == 0 ? List.of() : new ArrayList<>(drop);
            List<PendingItem> pending = pendingCount == 0 ? List.of() : new ArrayList<>(pendingCount);
            for (int i = 0; i < n; i++) {
                String id = ids.get(i);
                if (!resolved[i]) {
                    String why = pendingReason(items.getOrDefault(id, NOT_YET_SUBMITTED));
                    pending.add(new PendingItem(id, why));
                    if (pendingReasons == null) {
                        pendingReasons = new ArrayList<>();
                    }
                    pendingReasons.add(new Reason(Reason.Code.ITEM_PENDING, id, id + " is pending: " + why));
                    continue;
                }
                ItemScore score = new ItemScore(id, fractions[i], !(items.get(id) instanceof ItemState.Graded));
                (dropped[i] ? droppedItems : counted).add(score);
            }
            anyUnresolved |= pendingCount > 0;
            int denominator = n - drop;
            double percent = clamp(100 * sum / denominator);
            double maxPercent = clamp(100 * best / denominator);
            double weight = category.weight();
            weightSum += weight;
            floorSum += weight * percent;
            ceilingSum += weight * maxPercent;
            // Reported rounded; the total is summed from the unrounded percentages and rounded once itself.
            categoryGrades.add(new CategoryGrade(category.id(), weight, GradePrecision.round(percent),
                    GradePrecision.round(maxPercent), GradePrecision.round(weight * percent / 100),
                    List.copyOf(counted), List.copyOf(droppedItems), List.copyOf(pending)));
        }
        // Everything below decides on these rounded numbers, the ones reported, so that decisions agree with them.
        double total = GradePrecision.round(weightSum > 0 ? clamp(floorSum / weightSum) : 0);
        double maximum = GradePrecision.round(weightSum > 0 ? clamp(ceilingSum / weightSum) : 0);

        // Must-pass items.
        List<MustPassResult> mustPassResults = new ArrayList<>(policy.mustPass().size());
        List<Reason> failReasons = null;
        boolean allMustPassPassed = true;
        for (GradingPolicy.MustPass mp : policy.mustPass()) {
            String id = mp.assessment();
            ItemState state = items.getOrDefault(id, NOT_YET_SUBMITTED);
            MustPassResult result;
            if (state instanceof ItemState.Graded g) {
                double f = g.fraction();
                boolean ok = f >= mp.passFraction() - EPSILON;
                result = new MustPassResult(id, mp.passFraction(),
                        ok ? MustPassResult.Status.PASSED : MustPassResult.Status.FAILED, f);
                if (!ok) {
                    failReasons = add(failReasons, new Reason(Reason.Code.MUST_PASS_FAILED, id,
                            "must-pass item " + id + " failed: scored " + pct(100 * f) + "%, "
                                    + pct(100 * mp.passFraction()) + "% needed"));
                }
            } else if (state.resolved()) {
                result = new MustPassResult(id, mp.passFraction(), MustPassResult.Status.FAILED, null);
                failReasons = add(failReasons, new Reason(Reason.Code.MUST_PASS_FAILED, id,
                        "must-pass item " + id + " failed: not submitted before its deadline"));
            } else {
                result = new MustPassResult(id, mp.passFraction(), MustPassResult.Status.PENDING, null);
                anyUnresolved = true;
                pendingReasons = add(pendingReasons, new Reason(Reason.Code.MUST_PASS_PENDING, id,
                        "must-pass item " + id + " is pending: " + pendingReason(state)));
            }
            allMustPassPassed &= result.status() == MustPassResult.Status.PASSED;
            mustPassResults.add(result);
        }

        // Peer reviews given.
        int required = Math.max(policy.minPeerReviewsGiven(), 0);
        boolean reviewsMet = reviewsGiven >= required;
        if (!reviewsMet) {
            String text = "only " + Math.max(reviewsGiven, 0) + " of " + required + " peer reviews given";
            if (reviewWindowClosed) {
                failReasons = add(failReasons, new Reason(Reason.Code.REVIEWS_MISSING, null,
                        text + " and the review window is closed"));
            } else {
                pendingReasons = add(pendingReasons, new Reason(Reason.Code.REVIEWS_PENDING, null,
                        text + "; " + (required - Math.max(reviewsGiven, 0)) + " more needed"));
            }
        }

        // The total against the pass mark.
        double passMark = policy.passMark();
        boolean cannotReach = !GradePrecision.reaches(maximum, passMark);
        boolean secured = GradePrecision.reaches(total, passMark);
        if (cannotReach) {
            failReasons = add(failReasons, new Reason(Reason.Code.BELOW_PASS_MARK, null, anyUnresolvedInCategories(
                    categoryGrades)
                    ? "even with full marks on every item still to come the total cannot exceed " + pct(maximum)
                    + ", below the pass mark " + pct(passMark)
                    : "total " + pct(total) + " is below the pass mark " + pct(passMark)));
        } else if (!secured) {
            pendingReasons = add(pendingReasons, new Reason(Reason.Code.TOTAL_PENDING, null,
                    "total is between " + pct(total) + " and " + pct(maximum)
                            + " depending on the items still to come; the pass mark is " + pct(passMark)));
        }

        Outcome outcome;
        List<Reason> reasons;
        String band = null;
        if (failReasons != null) {
            outcome = Outcome.FAILED;
            reasons = failReasons;
        } else if (secured && allMustPassPassed && reviewsMet) {
            outcome = Outcome.PASSED;
            reasons = List.of();
            String low = band(policy.bands(), total);
            String high = band(policy.bands(), maximum);
            if (low == null ? high == null : low.equals(high)) {
                band = low;
            } else {
                reasons = List.of(new Reason(Reason.Code.BAND_PENDING, null, "passed; the band is between "
                        + (low == null ? "none" : low) + " and " + high + " depending on the items still to come"));
            }
        } else {
            outcome = Outcome.PENDING;
            reasons = pendingReasons == null ? List.of() : pendingReasons;
        }
        boolean complete = !anyUnresolved && (reviewsMet || reviewWindowClosed);
        // The outcome certification sees stays pending until everything that counts is in, even when the items
        // still to come can no longer change it: the projection says where it is heading, for staff and learners.
        if (!complete && outcome != Outcome.PENDING) {
            List<Reason> awaited = new java.util.ArrayList<>(reasons);
            if (pendingReasons != null) {
                awaited.addAll(pendingReasons);
            }
            return new CourseGrade(Outcome.PENDING, outcome, null, total, maximum, false, List.copyOf(categoryGrades),
                    List.copyOf(mustPassResults), reviewsGiven, required, List.copyOf(awaited));
        }
        return new CourseGrade(outcome, outcome, band, total, maximum, complete, List.copyOf(categoryGrades),
                List.copyOf(mustPassResults), reviewsGiven, required, List.copyOf(reasons));
    }

    /** The band of a total: the last band (ascending) whose minimum it reaches, or {@code null}. */
    static String band(List<GradingPolicy.Band> bands, double total) {
        String found = null;
        for (GradingPolicy.Band b : bands) {
            if (GradePrecision.reaches(total, b.minimum())) {
                found = b.name();
            }
        }
        return found;
    }

    /**
     * Marks the {@code count} lowest items; among equal ones an item still to come goes first, then the smaller
     * assessment id, so the choice is deterministic whatever the order of the policy.
     */
    private static boolean[] lowest(double[] fractions, boolean[] resolved, List<String> ids, int count) {
        int n = fractions.length;
        boolean[] dropped = new boolean[n];
        for (int k = 0; k < count; k++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (dropped[i]) {
                    continue;
                }
                if (best < 0 || fractions[i] < fractions[best] || (fractions[i] == fractions[best]
                        && (resolved[best] && !resolved[i]
                        || resolved[best] == resolved[i] && ids.get(i).compareTo(ids.get(best)) < 0))) {
                    best = i;
                }
            }
            dropped[best] = true;
        }
        return dropped;
    }

    private static boolean anyUnresolvedInCategories(List<CategoryGrade> grades) {
        for (CategoryGrade g : grades) {
            if (!g.pending().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String pendingReason(ItemState state) {
        return switch (state) {
            case ItemState.Pending p -> p.reason();
            case ItemState.Missing m -> "not submitted yet; the deadline has not passed";
            case ItemState.Graded g -> "graded";
        };
    }

    private static List<Reason> add(List<Reason> list, Reason reason) {
        List<Reason> out = list == null ? new ArrayList<>() : list;
        out.add(reason);
        return out;
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : (v > 100 ? 100 : v);
    }

    /** A number for a message: at most two decimals, no trailing zeros, locale-independent. */
    static String pct(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
