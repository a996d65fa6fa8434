package dev.assay.peerreview.cli;

import dev.assay.peerreview.csv.CsvFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code assay peer ...}: the offline peer-review tools, running the same library code as the engine.
 *
 * <p>Exit status: 0 on success, 1 when an input file is unreadable or malformed (the message names the file and
 * line), 2 when the command line is wrong.
 */
public final class PeerCli {

    public static final int OK = 0;
    public static final int BAD_INPUT = 1;
    public static final int USAGE = 2;

    static final String PROGRAM = "assay peer";

    private static final String USAGE_TEXT = """
            Usage: assay peer <command> [options]

            Commands:
              aggregate   turn peer reviews into grades with 90% intervals, and reviewers' bias and reliability
              simulate    write a synthetic course: reviews.csv, the hidden true.csv, and calibration.csv
              evaluate    compare grades with true scores (RMSE, share within tolerance, interval coverage)
              report      accuracy of every model on simulated courses, as a Markdown table
              liveness    simulate a course's review period with the assignment policy: is everything reviewed in time?
              topup       measure adaptive top-up for lazy reviewers on simulated courses

            Run 'assay peer <command> --help' for a command's options.
            """;

    private PeerCli() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; never calls System.exit, so the engine's launcher and tests can call it directly. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "--help", "-h", "help" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                case "aggregate" -> new AggregateCommand(out, err).run(rest);
                case "simulate" -> new SimulateCommand(out).run(rest);
                case "evaluate" -> new EvaluateCommand(out).run(rest);
                case "report" -> new ReportCommand(out).run(rest);
                case "liveness" -> new LivenessCommand(out).run(rest);
                case "topup" -> new TopUpCommand(out).run(rest);
                default -> throw new UsageException("unknown command '" + command + "'\n\n" + USAGE_TEXT);
            };
        } catch (UsageException e) {
            err.println(PROGRAM + ": " + e.getMessage().stripTrailing());
            return USAGE;
        } catch (CsvFormatException e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        } catch (IOException | UncheckedIOException e) {
            err.println(PROGRAM + " " + command + ": " + describe(e));
            return BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + " " + command + ": " + e.getMessage());
            return BAD_INPUT;
        }
    }

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        return switch (cause) {
            case java.nio.file.NoSuchFileException n -> "no such file: " + n.getFile();
            case java.nio.file.AccessDeniedException a -> "permission denied: " + a.getFile();
            case java.nio.charset.CharacterCodingException c -> "file is not valid UTF-8";
            default -> String.valueOf(cause.getMessage());
        };
    }
}
