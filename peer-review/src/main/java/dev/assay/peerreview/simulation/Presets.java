package dev.assay.peerreview.simulation;

import dev.assay.peerreview.aggregation.ScoreRange;
import dev.assay.peerreview.simulation.CoursePreset.Calibration;
import dev.assay.peerreview.simulation.CoursePreset.Reviewers;
import java.util.List;
import java.util.Optional;

/**
 * Simulated courses with realistic parameters.
 *
 * <p>{@code piech-coursera} follows the first Coursera HCI offering analysed by Piech et al. (2013): about 3,000
 * submissions on a 0–100 scale, true scores about N(75, 12²), reviewer bias SD about 11, reviewer noise SD about 9,
 * five peer reviews per submission, and a handful of staff-graded "ground truth" submissions that every learner also
 * grades once. Reviewers differ in noise (log-SD 0.3 around 9 points), and better learners are somewhat better
 * reviewers (Piech et al. report this link; here noise shrinks by a factor e^0.15 ≈ 1.16 per SD of own score).
 */
public final class Presets {

    private static final ScoreRange HUNDRED = new ScoreRange(0, 100);
    private static final Reviewers PIECH_REVIEWERS = new Reviewers(11, 9, 0.3, 0.15, 0, 4, 0);
    private static final Calibration PIECH_CALIBRATION = new Calibration(5, 1);

    public static final CoursePreset PIECH_COURSERA = new CoursePreset("piech-coursera",
            "3,000 learners, 0-100, true N(75,12²), bias SD 11, noise SD 9, 5 reviews, 5 calibration items",
            3000, 5, HUNDRED, 1, 75, 12, PIECH_REVIEWERS, PIECH_CALIBRATION);

    public static final CoursePreset LAZY_15 = new CoursePreset("lazy-15",
            "piech-coursera where 15% of reviewers score course mean + bias ± 4 without reading",
            3000, 5, HUNDRED, 1, 75, 12, new Reviewers(11, 9, 0.3, 0.15, 0.15, 4, 0), PIECH_CALIBRATION);

    public static final CoursePreset NON_REVIEWERS = new CoursePreset("non-reviewers",
            "piech-coursera where 35% of learners never review (the others review about 8 each)",
            3000, 5, HUNDRED, 1, 75, 12, new Reviewers(11, 9, 0.3, 0.15, 0, 4, 0.35), PIECH_CALIBRATION);

    public static final CoursePreset SMALL_COURSE = new CoursePreset("small-course",
            "120 learners, 0-10 in half points, 4 reviews, true N(7,1.5²), bias SD 1, noise SD 1, 2 calibration items",
            120, 4, new ScoreRange(0, 10), 0.5, 7, 1.5, new Reviewers(1, 1, 0.3, 0.15, 0, 0.4, 0),
            new Calibration(2, 1));

    private static final List<CoursePreset> ALL = List.of(PIECH_COURSERA, LAZY_15, NON_REVIEWERS, SMALL_COURSE);

    private Presets() {
    }

    public static List<CoursePreset> all() {
        return ALL;
    }

    public static Optional<CoursePreset> byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
