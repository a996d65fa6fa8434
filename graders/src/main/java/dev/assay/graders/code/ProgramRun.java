package dev.assay.graders.code;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One program compiled and run once on a given standard input, with no tests or checker: what a remote sandbox
 * service offers a quiz engine that does its own checking (Moodle's CodeRunner calls Jobe this way).
 */
public final class ProgramRun {
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public\\s+(?:final\\s+|abstract\\s+)*class\\s+(\\w+)");

    private ProgramRun() {
    }

    /** How the run ended. */
    public enum Outcome {
        SUCCESS, COMPILE_ERROR, RUNTIME_ERROR, TIME_LIMIT, MEMORY_LIMIT, OUTPUT_LIMIT
    }

    /**
     * @param compileInfo the compiler's message when the outcome is {@code COMPILE_ERROR}, else empty
     * @param detail      why the run did not succeed, in words ("used more than 2 s of CPU time"), else empty
     */
    public record Result(Outcome outcome, String compileInfo, byte[] stdout, byte[] stderr, String detail) {
    }

    /**
     * The name the source is stored under when the caller gives none: for Java the public class's file, since javac
     * requires {@code public class Foo} to be in {@code Foo.java}; otherwise the language's default main file.
     */
    public static String defaultFileName(Language language, String source) {
        if (language == Language.JAVA) {
            Matcher m = PUBLIC_CLASS.matcher(source);
            return m.find() ? m.group(1) + ".java" : language.defaultMainFile();
        }
        return language.defaultMainFile();
    }

    /**
     * Compiles {@code files} (the source under {@code main} among them) and runs the program once.
     *
     * @throws LanguageUnavailableException when this machine has no toolchain for the language
     */
    public static Result run(Runner runner, Language language, Map<String, byte[]> files, String main, byte[] stdin,
                             Limits limits) {
        try (Workspace workspace = runner.sandbox().newWorkspace()) {
            Runner.Built built = runner.buildFiles(workspace, "program", language, files, main);
            if (!built.ok()) {
                return new Result(Outcome.COMPILE_ERROR, built.compileError(), new byte[0], new byte[0],
                        "the program did not compile");
            }
            SandboxResult result = runner.run(built, List.of(), stdin, limits, List.of());
            Optional<Verdicts.Classified> failed = Optional.ofNullable(
                    Verdicts.classify(result, Runner.runLimits(language, limits)));
            Outcome outcome = failed.map(f -> switch (f.verdict()) {
                case TIME_LIMIT -> Outcome.TIME_LIMIT;
                case MEMORY_LIMIT -> Outcome.MEMORY_LIMIT;
                case OUTPUT_LIMIT -> Outcome.OUTPUT_LIMIT;
                default -> Outcome.RUNTIME_ERROR;
            }).orElse(Outcome.SUCCESS);
            return new Result(outcome, "", result.stdout(), result.stderr(),
                    failed.map(Verdicts.Classified::detail).orElse(""));
        }
    }
}
