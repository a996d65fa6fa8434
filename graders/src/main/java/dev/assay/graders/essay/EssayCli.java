package dev.assay.graders.essay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of the essay grader, for {@code assay essay ...}:
 * <pre>
 * evaluate --train A.tsv,B.tsv,C.tsv --test D.tsv [--exemplars N] [--hybrid 0.7] [--seed S]
 *          [--lambda L] [--dense-weight W]
 * </pre>
 * prints one line per prompt and, as its last line, {@code average QWK 0.xxx}.
 */
public final class EssayCli {

    private EssayCli() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs a command; returns the process exit code (0 ok, 2 usage error, 1 failure). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            usage(args.isEmpty() ? err : out);
            return args.isEmpty() ? 2 : 0;
        }
        if (!args.get(0).equals("evaluate")) {
            err.println("essay: unknown command " + args.get(0));
            usage(err);
            return 2;
        }
        List<Path> train = new ArrayList<>();
        List<Path> test = new ArrayList<>();
        EssayEvaluation.Options options = EssayEvaluation.Options.defaults();
        TrainingOptions training = options.training();
        int exemplars = 0;
        double hybrid = Double.NaN;
        long seed = options.seed();
        try {
            for (int i = 1; i < args.size(); i++) {
                String a = args.get(i);
                String value = i + 1 < args.size() ? args.get(i + 1) : null;
                if (value == null) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                switch (a) {
                    case "--train" -> paths(value, train);
                    case "--test" -> paths(value, test);
                    case "--exemplars" -> exemplars = Integer.parseInt(value);
                    case "--hybrid" -> hybrid = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--lambda" -> training = training.withLambda(Double.parseDouble(value));
                    case "--dense-weight" -> training = training.withDenseWeight(Double.parseDouble(value));
                    case "--block-weights" -> {
                        String[] w = value.split(",");
                        training = training.withBlockWeights(Double.parseDouble(w[0]), Double.parseDouble(w[1]),
                                Double.parseDouble(w[2]));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
                i++;
            }
            if (train.isEmpty() || test.isEmpty()) {
                throw new IllegalArgumentException("--train and --test are required");
            }
            if (exemplars < 0 || (!Double.isNaN(hybrid) && !(hybrid > 0 && hybrid <= 1))) {
                throw new IllegalArgumentException("--exemplars must be >= 0 and --hybrid in (0, 1]");
            }
        } catch (IllegalArgumentException e) {
            err.println("essay evaluate: " + e.getMessage());
            usage(err);
            return 2;
        }
        try {
            List<AsapTsv.Essay> trainEssays = new ArrayList<>();
            for (Path p : train) {
                trainEssays.addAll(AsapTsv.read(p));
            }
            List<AsapTsv.Essay> testEssays = new ArrayList<>();
            for (Path p : test) {
                testEssays.addAll(AsapTsv.read(p));
            }
            EssayEvaluation.Result result = EssayEvaluation.evaluate(trainEssays, testEssays,
                    new EssayEvaluation.Options(exemplars, hybrid, seed, training));
            for (EssayEvaluation.PromptResult p : result.prompts()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "prompt %d (%d-%d): trained %d, tested %d, QWK %.3f, exact %.3f, cv QWK %.3f, train %.1f s",
                        p.prompt(), p.minScore(), p.maxScore(), p.trained(), p.tested(), p.qwk(), p.exactAgreement(),
                        p.cvQwk(), p.trainSeconds()));
                if (p.hybrid() != null) {
                    EssayEvaluation.Hybrid h = p.hybrid();
                    line.append(String.format(Locale.ROOT,
                            "; hybrid: auto %.2f, QWK vs rater1 %.3f (rater2 %.3f, model alone %.3f, auto part %.3f, routed by checks %d)",
                            h.autoShare(), h.qwk(), h.humanQwk(), h.modelQwk(), h.autoQwk(), h.routedByChecks()));
                }
                out.println(line);
            }
            if (!Double.isNaN(hybrid)) {
                out.println(String.format(Locale.ROOT, "average hybrid QWK vs rater1 %.3f (rater2 vs rater1 %.3f)",
                        result.averageHybridQwk(), result.averageHumanQwk()));
            }
            out.println(String.format(Locale.ROOT, "average QWK %.3f", result.averageQwk()));
            return 0;
        } catch (IOException e) {
            err.println("essay evaluate: " + e.getMessage());
            return 1;
        }
    }

    private static void paths(String list, List<Path> into) {
        for (String p : list.split(",")) {
            if (!p.isBlank()) {
                into.add(Path.of(p.trim()));
            }
        }
    }

    private static void usage(PrintStream s) {
        s.println("usage: essay evaluate --train A.tsv,B.tsv,C.tsv --test D.tsv [--exemplars N] [--hybrid SHARE] [--seed S]");
        s.println("  trains one model per prompt on the train files (ASAP-AES layout), scores the test file and prints");
        s.println("  per-prompt QWK and, last, 'average QWK 0.xxx'. --exemplars N trains on N essays per prompt;");
        s.println("  --hybrid SHARE auto-scores that share of essays and routes the rest (second rater as the review).");
    }
}
