package dev.assay.engine.peer;

import dev.assay.peerreview.calibration.CalibrationExample;
import dev.assay.peerreview.calibration.CalibrationPolicy;
import dev.assay.peerreview.rubric.PeerRubric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An assessment's peer-review configuration, as staff set it.
 *
 * @param rubric             criteria, comment fields, k and reviews required of each learner
 * @param extraReviews       reviews beyond k a submission may get when the pool is short
 * @param submissionDeadline on-time submissions are those up to it; later ones are reviewed by peers too (fewest
 *                           reviews first), but only on-time ones are sent to staff when peers fall short
 * @param reviewDeadline     after it (plus {@code staffGrace}) submissions short of k go to staff, and grades of
 *                           submissions with k reviews become final and visible to their authors
 * @param lease              how long a reviewer holds a submission
 * @param model              aggregation model name ({@code AggregationModels.byName})
 * @param passMark           points at which the submission passes, to report uncertain pass/fail (null: none)
 * @param teams              team of each learner in a team (learners not named work alone); nobody reviews a
 *                           team-mate's submission
 * @param reviewersMustSubmit whether a learner reviews only after submitting to the assessment (the default: peer
 *                           review is a duty of those who take part, and a reviewer who never did the work is the
 *                           least informed grader)
 */
public record PeerConfig(PeerRubric rubric, int extraReviews, Instant submissionDeadline, Instant reviewDeadline,
                         Duration lease, Duration staffGrace, Calibration calibration, String model, Double passMark,
                         Map<String, String> teams, boolean reviewersMustSubmit) {

    public PeerConfig {
        teams = Map.copyOf(teams);
    }

    /** The team of {@code learnerId}, or null when they work alone. */
    public String teamOf(String learnerId) {
        return teams.get(learnerId);
    }

    /** The learner's team-mates (without themselves); empty when they have no team. */
    public List<String> teamMates(String learnerId) {
        String team = teams.get(learnerId);
        if (team == null) {
            return List.of();
        }
        return teams.entrySet().stream().filter(e -> e.getValue().equals(team) && !e.getKey().equals(learnerId))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * @param required whether learners must pass (or exhaust their attempts at) calibration before reviewing
     */
    public record Calibration(boolean required, CalibrationPolicy policy, List<Example> examples) {
        public Calibration {
            examples = List.copyOf(examples);
        }

        public Optional<Example> example(String id) {
            return examples.stream().filter(e -> e.example().id().equals(id)).findFirst();
        }

        public List<CalibrationExample> staffExamples() {
            return examples.stream().map(Example::example).toList();
        }
    }

    /** A calibration example: what learners see ({@code content}) and staff's scores. */
    public record Example(CalibrationExample example, String content) {
    }

    public int k() {
        return rubric.reviewsPerSubmission();
    }
}
