package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How many held-out essays are auto-graded at each auto-grade share staff may set: per ASAP-AES prompt, a model
 * trained on parts 0-1 (all of a prompt's essays, or a seeded sample of {@code exemplars=N}) grades part 2 at shares
 * 0.3 to 0.9, and the share of exemplars that pass the checks (the report's {@code passesChecks}) is set beside the
 * share of held-out essays that do. Run from {@code graders/}: {@code AutoShareCurve [exemplars=100]}.
 */
final class AutoShareCurve {
    private static final double[] SHARES = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    private AutoShareCurve() {
    }

    public static void main(String[] args) {
        int limit = 0;
        for (String a : args) {
            if (a.startsWith("exemplars=")) {
                limit = Integer.parseInt(a.substring("exemplars=".length()));
            }
        }
        List<AsapTsv.Essay> train = AsapData.parts(0, 1);
        List<AsapTsv.Essay> test = AsapData.parts(2);
        EssayGrader grader = new EssayGrader();
        int[] auto = new int[SHARES.length];
        int total = 0;
        StringBuilder header = new StringBuilder("| prompt | exemplars passing checks | held-out passing checks |");
        for (double share : SHARES) {
            header.append(' ').append(share).append(" |");
        }
        System.out.println(header);
        for (int p = 1; p <= 8; p++) {
            int prompt = p;
            int[] range = EssayEvaluation.ASAP_RANGES.get(p);
            List<Exemplar> exemplars = new ArrayList<>(train.stream().filter(e -> e.prompt() == prompt)
                    .map(e -> new Exemplar(e.text(), e.score())).toList());
            if (limit > 0) {
                Collections.shuffle(exemplars, new Random(p));
                exemplars = exemplars.subList(0, Math.min(limit, exemplars.size()));
            }
            EssayAssessment trained = new EssayAssessment(ValidityCases.PROMPTS.get(p - 1), "", range[0], range[1], 0.7,
                    List.of());
            EssayModel model = EssayModel.train(trained, exemplars);
            List<AsapTsv.Essay> held = test.stream().filter(e -> e.prompt() == prompt).toList();
            int passing = 0;
            for (AsapTsv.Essay e : held) {
                EssayText text = EssayText.analyze(e.text());
                passing += ValidityChecks.check(trained, model, text, model.features(text)).reasons().isEmpty() ? 1 : 0;
            }
            StringBuilder row = new StringBuilder("| " + p + " | " + model.report().passesChecks() + " | "
                    + String.format("%.3f", (double) passing / held.size()) + " |");
            for (int i = 0; i < SHARES.length; i++) {
                EssayAssessment a = trained.withAutoGradeShare(SHARES[i]);
                int n = 0;
                for (AsapTsv.Essay e : held) {
                    n += grader.grade(a, model, e.text(), null) instanceof EssayVerdict.AutoScored ? 1 : 0;
                }
                auto[i] += n;
                row.append(String.format(" %.2f |", (double) n / held.size()));
            }
            total += held.size();
            System.out.println(row);
        }
        StringBuilder all = new StringBuilder("| all | | |");
        for (int n : auto) {
            all.append(String.format(" **%.3f** |", (double) n / total));
        }
        System.out.println(all);
    }
}
