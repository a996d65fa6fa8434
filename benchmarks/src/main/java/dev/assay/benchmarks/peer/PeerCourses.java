package dev.assay.benchmarks.peer;

import dev.assay.peerreview.simulation.CoursePreset;
import dev.assay.peerreview.simulation.CourseSimulator;
import dev.assay.peerreview.simulation.Presets;
import dev.assay.peerreview.simulation.SimulatedCourse;

/** The course the peer-review timings use: the piech-coursera population at 100,000 learners, 4 reviews each. */
final class PeerCourses {

    private PeerCourses() {
    }

    /** 100,000 submissions × 4 peer reviews = 400,000 reviews; no calibration items, so exactly 4 reviews each. */
    static SimulatedCourse large(int learners, long seed) {
        CoursePreset p = Presets.PIECH_COURSERA;
        CoursePreset preset = new CoursePreset("large", "benchmark", learners, 4, p.scale(), p.step(), p.scoreMean(),
                p.scoreSd(), p.reviewers(), CoursePreset.Calibration.NONE);
        return CourseSimulator.simulate(preset, seed);
    }
}
