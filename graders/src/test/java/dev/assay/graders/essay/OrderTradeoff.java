package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How far the permutation test's limit can be moved, and what it costs: for every rank limit, how many genuine
 * held-out essays predicted above the median would still be auto-accepted, and how many shuffles of the best of
 * them would pass too, counting only texts that pass every other check. It shows whether any limit reaches "no
 * shuffle auto-accepted at a high score" and how many good essays that would send to review.
 * <p>
 * {@code OrderTradeoff [shuffles=N]} from the repository root: trains each prompt on parts 0-1, grades part 2 and
 * N (default 10) shuffles of each of its 40 best essays (the extra shuffles of {@link ValidityCases}).
 */
final class OrderTradeoff {

    static final double[] LIMITS = {0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 1.0};

    /** One graded text predicted above the median that passes every check but the rank test. */
    record Candidate(int prompt, boolean genuine, double rank) {
    }

    private static int genuineGraded;
    private static int shufflesGraded;

    private OrderTradeoff() {
    }

    public static void main(String[] args) {
        int shuffles = 10;
        for (String a : args) {
            if (a.startsWith("shuffles=")) {
                shuffles = Integer.parseInt(a.substring("shuffles=".length()));
            }
        }
        List<AsapTsv.Essay> train = AsapData.parts(0, 1);
        List<AsapTsv.Essay> test = AsapData.parts(2);
        List<Candidate> all = new ArrayList<>();
        for (int p = 1; p <= 8; p++) {
            all.addAll(candidates(p, train, test, shuffles));
        }
        StringBuilder header = new StringBuilder("| prompt |");
        for (double limit : LIMITS) {
            header.append(limit == 1.0 ? " no rank test |" : " ≤ " + limit + " |");
        }
        System.out.println(header);
        System.out.println("(cells: genuine essays auto-accepted above the median / shuffles auto-accepted above the median; "
                + genuineGraded + " genuine essays and " + shufflesGraded + " shuffles graded)");
        for (int p = 0; p <= 8; p++) {
            StringBuilder row = new StringBuilder("| " + (p == 0 ? "all" : p) + " |");
            for (double limit : LIMITS) {
                int genuine = 0;
                int shuffled = 0;
                for (Candidate c : all) {
                    if ((p == 0 || c.prompt() == p) && c.rank() <= limit + 1e-9) {
                        if (c.genuine()) {
                            genuine++;
                        } else {
                            shuffled++;
                        }
                    }
                }
                row.append(' ').append(genuine).append(" / ").append(shuffled).append(" |");
            }
            System.out.println(row);
        }
    }

    static List<Candidate> candidates(int prompt, List<AsapTsv.Essay> train, List<AsapTsv.Essay> test, int shuffles) {
        int[] range = EssayEvaluation.ASAP_RANGES.get(prompt);
        EssayAssessment assessment = new EssayAssessment(ValidityCases.PROMPTS.get(prompt - 1), "", range[0], range[1],
                0.7, List.of());
        List<Exemplar> exemplars = train.stream().filter(e -> e.prompt() == prompt)
                .map(e -> new Exemplar(e.text(), e.score())).toList();
        EssayModel model = EssayModel.train(assessment, exemplars);
        double median = ValidityCases.median(exemplars);
        List<AsapTsv.Essay> held = test.stream().filter(e -> e.prompt() == prompt).toList();
        List<String> shuffled = new ArrayList<>();
        Random random = new Random(1000L + prompt);
        held.stream().filter(e -> e.score() > median).sorted((a, b) -> Integer.compare(b.score(), a.score()))
                .limit(ValidityCases.GOOD).forEach(e -> {
                    List<String> s = ValidityCases.sentences(e.text());
                    for (int k = 0; k < shuffles && s.size() >= 3; k++) {
                        shuffled.add(String.join(" ", ValidityCases.shuffle(s, random)));
                    }
                });
        EssayGrader grader = new EssayGrader();
        List<Candidate> out = new ArrayList<>();
        genuineGraded += held.size();
        shufflesGraded += shuffled.size();
        for (AsapTsv.Essay e : held) {
            candidate(grader, assessment, model, median, e.text(), prompt, true, out);
        }
        for (String t : shuffled) {
            candidate(grader, assessment, model, median, t, prompt, false, out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void candidate(EssayGrader grader, EssayAssessment assessment, EssayModel model, double median,
                                  String text, int prompt, boolean genuine, List<Candidate> out) {
        EssayVerdict v = grader.grade(assessment, model, text, null);
        Map<String, Object> evidence = switch (v) {
            case EssayVerdict.AutoScored a -> a.result().evidence();
            case EssayVerdict.Routed r -> r.evidence();
        };
        int score = ((Number) evidence.getOrDefault("score", evidence.get("provisionalScore"))).intValue();
        List<RouteReason> reasons = v instanceof EssayVerdict.Routed r ? r.reasons() : List.of();
        Map<String, Object> checks = (Map<String, Object>) evidence.get("checks");
        Map<String, Object> probability = (Map<String, Object>) checks.get("shuffledProbability");
        boolean probabilityPasses = ((Number) probability.get("value")).doubleValue()
                <= ((Number) probability.get("max")).doubleValue();
        // Routed for incoherence alone, and not by the probability: the rank test was the only thing stopping it.
        if (score > median && probabilityPasses && reasons.stream().allMatch(r -> r == RouteReason.INCOHERENT)) {
            Map<String, Object> rank = (Map<String, Object>) checks.get("orderRank");
            out.add(new Candidate(prompt, genuine, rank == null ? 0 : ((Number) rank.get("value")).doubleValue()));
        }
    }
}
