package dev.assay.graders.essay;

import java.util.List;

/**
 * Every held-out essay (part 2) of every ASAP-AES prompt graded under each prompt's model (parts 0-1, with our
 * prompt text): per prompt, how many of the other prompts' essays are auto-scored at any score and how many above
 * the median, and how the prompt's own essays fare. The validity cases take 120 such essays per prompt; this takes
 * all of them (about 2,250 per prompt), since what passes is rare.
 *
 * <pre>
 * cd graders && $JAVA_HOME/bin/java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.assay.graders.essay.OffTopicAtAnyScore
 * </pre>
 */
final class OffTopicAtAnyScore {
    private OffTopicAtAnyScore() {
    }

    public static void main(String[] args) {
        List<AsapTsv.Essay> train = AsapData.parts(0, 1);
        List<AsapTsv.Essay> test = AsapData.parts(2);
        System.out.println("| prompt | other prompts' essays auto-scored | of them above the median | real essays routed by checks | real essays auto-scored |");
        System.out.println("|---|---|---|---|---|");
        int[] totals = new int[6];
        for (int prompt = 1; prompt <= 8; prompt++) {
            int p = prompt;
            int[] range = EssayEvaluation.ASAP_RANGES.get(prompt);
            EssayAssessment assessment = new EssayAssessment(ValidityCases.PROMPTS.get(prompt - 1), "", range[0],
                    range[1], 0.7, List.of());
            List<Exemplar> exemplars = train.stream().filter(e -> e.prompt() == p)
                    .map(e -> new Exemplar(e.text(), e.score())).toList();
            EssayModel model = EssayModel.train(assessment, exemplars);
            double median = ValidityCases.median(exemplars);
            EssayGrader grader = new EssayGrader();
            int[] row = new int[6];
            for (AsapTsv.Essay e : test) {
                EssayVerdict v = grader.grade(assessment, model, e.text(), null);
                boolean own = e.prompt() == prompt;
                row[own ? 3 : 0]++;
                if (v instanceof EssayVerdict.AutoScored a) {
                    row[own ? 5 : 1]++;
                    if (!own && a.result().score() > median) {
                        row[2]++;
                    }
                } else if (own && v instanceof EssayVerdict.Routed r && !r.reasons().equals(List.of(RouteReason.LOW_CONFIDENCE))) {
                    row[4]++;
                }
            }
            for (int i = 0; i < row.length; i++) {
                totals[i] += row[i];
            }
            System.out.println(line(String.valueOf(prompt), row));
        }
        System.out.println(line("**all**", totals));
    }

    private static String line(String prompt, int[] r) {
        return "| " + prompt + " | " + r[1] + " / " + r[0] + " | " + r[2] + " | " + r[4] + " / " + r[3] + " | " + r[5] + " / " + r[3] + " |";
    }
}
