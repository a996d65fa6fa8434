package dev.assay.graders.code;

import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a learner submitted: either several files by path ({@code {"files": {"main.py": "..."}}}) or one
 * {@code source} ({@code {"source": "..."}}), which is stored as the assessment's {@code main} file, or for Java
 * as the file its public class needs ({@code Solution.java}), or else as the language's default
 * ({@link Language#defaultMainFile()}).
 */
public record CodeSubmission(Map<String, String> files, String source) {

    public static final int MAX_FILES = 64;
    public static final int MAX_BYTES = 1024 * 1024;

    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^\\s*public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record)\\s+([A-Za-z_$][A-Za-z0-9_$]*)");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    public CodeSubmission {
        files = files == null ? Map.of() : Map.copyOf(new TreeMap<>(files));
    }

    public static CodeSubmission ofSource(String source) {
        return new CodeSubmission(Map.of(), source);
    }

    public static CodeSubmission ofFiles(Map<String, String> files) {
        return new CodeSubmission(files, null);
    }

    /**
     * The learner's files by path, a single {@code source} placed under its file name.
     *
     * @throws InvalidInputException naming {@code files.<path>} or {@code source} when the submission cannot be graded
     */
    public Map<String, String> resolve(CodeAssessment assessment) {
        List<Violation> violations = validate(assessment);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (source != null) {
            return Map.of(sourceFileName(assessment, source), source);
        }
        return files;
    }

    /** Everything that keeps this submission from being graded against {@code assessment}. */
    public List<Violation> validate(CodeAssessment assessment) {
        List<Violation> violations = new ArrayList<>();
        if (source != null && !files.isEmpty()) {
            violations.add(new Violation("source", "give either files or source, not both"));
            return violations;
        }
        if (source == null && files.isEmpty()) {
            violations.add(new Violation("files", "the submission has no files"));
            return violations;
        }
        Map<String, String> submitted = source != null
                ? Map.of(sourceFileName(assessment, source), source) : files;
        String field = source != null ? "source" : null;
        if (submitted.size() > MAX_FILES) {
            violations.add(new Violation("files", "must have at most " + MAX_FILES + " files"));
        }
        long bytes = 0;
        for (Map.Entry<String, String> entry : submitted.entrySet()) {
            String at = field != null ? field : "files." + entry.getKey();
            Workspace.pathProblem(entry.getKey()).ifPresent(problem -> violations.add(new Violation(at, problem)));
            if (entry.getValue() == null) {
                violations.add(new Violation(at, "must be the file's text"));
                continue;
            }
            bytes += entry.getValue().length();
            if (assessment.supportFile(entry.getKey()) != null) {
                violations.add(new Violation(at, "replaces a support file of the assessment, which learners cannot change"));
            }
        }
        if (bytes > MAX_BYTES) {
            violations.add(new Violation(field != null ? field : "files", "must be at most " + MAX_BYTES + " characters"));
        }
        if (!violations.isEmpty()) {
            return violations;
        }
        Map<String, String> program = merged(assessment, submitted);
        Language language = assessment.language();
        if (program.keySet().stream().noneMatch(language::isSource)) {
            violations.add(new Violation(field != null ? field : "files", "has no " + language.displayName()
                    + " source file"));
        } else if (needsEntryFile(language)) {
            String entry = entryFile(assessment, program);
            if (entry == null) {
                violations.add(new Violation("files", "the program starts from "
                        + (assessment.main() != null ? assessment.main() : language.defaultMainFile())
                        + ", which is missing"));
            }
        }
        return violations;
    }

    /** Starter files, replaced by the learner's of the same path, plus the support files. */
    static Map<String, String> merged(CodeAssessment assessment, Map<String, String> learner) {
        Map<String, String> program = new LinkedHashMap<>();
        for (CodeFile file : assessment.files()) {
            if (file.role() == CodeFile.Role.STARTER) {
                program.put(file.path(), file.content());
            }
        }
        program.putAll(learner);
        for (CodeFile file : assessment.files()) {
            if (file.role() == CodeFile.Role.SUPPORT) {
                program.put(file.path(), file.content());
            }
        }
        return program;
    }

    static boolean needsEntryFile(Language language) {
        return language == Language.PYTHON3 || language == Language.JAVASCRIPT;
    }

    /**
     * The file a Python or JavaScript program starts from: the assessment's {@code main}; else the only source file;
     * else the language's default name. Null when that file is not there.
     */
    static String entryFile(CodeAssessment assessment, Map<String, String> program) {
        if (assessment.main() != null) {
            return program.containsKey(assessment.main()) ? assessment.main() : null;
        }
        List<String> sources = program.keySet().stream().filter(assessment.language()::isSource).toList();
        if (sources.size() == 1) {
            return sources.getFirst();
        }
        String fallback = assessment.language().defaultMainFile();
        return program.containsKey(fallback) ? fallback : null;
    }

    private static String sourceFileName(CodeAssessment assessment, String text) {
        if (assessment.main() != null) {
            return assessment.main();
        }
        return fileNameFor(assessment.language(), text);
    }

    /** The file one source of {@code language} is stored as: its public class's for Java, else the default. */
    static String fileNameFor(Language language, String text) {
        if (language == Language.JAVA) {
            Matcher matcher = PUBLIC_TYPE.matcher(COMMENTS.matcher(text).replaceAll(" "));
            if (matcher.find() && Workspace.pathProblem(matcher.group(1) + ".java").isEmpty()) {
                return matcher.group(1) + ".java";
            }
        }
        return language.defaultMainFile();
    }
}
