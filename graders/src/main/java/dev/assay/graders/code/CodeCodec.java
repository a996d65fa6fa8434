package dev.assay.graders.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON in and out of the code grader. Reading is strict (unknown properties, wrong types and out-of-range values are
 * errors) and collects every problem into one {@link InvalidInputException} whose violations name the field:
 * {@code tests[2].checker.absolute}, {@code limits.memoryMb}, {@code files[0].path}; submission paths start with
 * {@code files.} or are {@code source}.
 *
 * <pre>{@code
 * {
 *   "language": "python3",                 // python3 | java | c | cpp | javascript
 *   "main": "main.py",                     // optional: entry file (Python, JS) / main class's file (Java)
 *   "files": [{"path": "util.py", "content": "...", "role": "support"}],   // role: support | starter
 *   "limits": {"cpuSeconds": 2, "wallSeconds": 5, "memoryMb": 256, "outputKb": 64, "fileSizeKb": 1024,
 *              "processes": 32},           // all optional
 *   "checker": {"type": "tokens"},         // optional default for tests (else trailing_whitespace)
 *   "groups": [{"id": "edge", "title": "Edge cases"}],
 *   "tests": [{"id": "t1", "title": "small", "stdin": "2 3\n", "args": ["-v"], "expected": "5\n",
 *              "checker": {"type": "float", "absolute": 1e-6, "relative": 0}, "points": 2,
 *              "visibility": "hidden", "group": "edge"}]
 * }
 * }</pre>
 * A submission is {@code {"files": {"main.py": "..."}}} or {@code {"source": "..."}}.
 */
public final class CodeCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> ASSESSMENT_FIELDS = Set.of("language", "main", "files", "limits", "checker",
            "tests", "groups");
    private static final Set<String> FILE_FIELDS = Set.of("path", "content", "role");
    private static final Set<String> LIMIT_FIELDS = Set.of("cpuSeconds", "wallSeconds", "memoryMb", "outputKb",
            "fileSizeKb", "processes");
    private static final Set<String> TEST_FIELDS = Set.of("id", "title", "stdin", "args", "expected", "checker",
            "points", "visibility", "group");
    private static final Set<String> GROUP_FIELDS = Set.of("id", "title");
    private static final Set<String> SUBMISSION_FIELDS = Set.of("files", "source");

    private CodeCodec() {
    }

    /** The mapper this codec parses text with (duplicate keys are errors); share it, do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static CodeAssessment readAssessment(String json) {
        return readAssessment(parse(json));
    }

    /** A valid assessment from its JSON definition, or an {@link InvalidInputException} listing every problem. */
    public static CodeAssessment readAssessment(JsonNode json) {
        FieldReader in = new FieldReader();
        if (json == null || !json.isObject()) {
            throw new InvalidInputException("", "a code assessment must be a JSON object");
        }
        in.known(json, "", ASSESSMENT_FIELDS);
        Language language = null;
        String languageId = in.string(json, "", "language", true);
        if (languageId != null) {
            language = Language.fromId(languageId).orElse(null);
            if (language == null) {
                in.add("language", "'" + languageId + "' is not a language (one of " + Language.ids() + ")");
            }
        }
        String main = in.string(json, "", "main", false);
        List<CodeFile> files = new ArrayList<>();
        JsonNode filesNode = in.array(json, "", "files");
        if (filesNode != null) {
            for (int i = 0; i < filesNode.size(); i++) {
                String at = "files[" + i + "]";
                JsonNode file = filesNode.get(i);
                if (!in.object(file, at)) {
                    continue;
                }
                in.known(file, at, FILE_FIELDS);
                String path = in.string(file, at, "path", true);
                String content = in.string(file, at, "content", true);
                String role = in.string(file, at, "role", false);
                CodeFile.Role parsedRole = CodeFile.Role.SUPPORT;
                if ("starter".equals(role)) {
                    parsedRole = CodeFile.Role.STARTER;
                } else if (role != null && !"support".equals(role)) {
                    in.add(at + ".role", "must be 'support' or 'starter'");
                }
                if (path != null && content != null) {
                    files.add(new CodeFile(path, content, parsedRole));
                }
            }
        }
        Limits limits = readLimits(in, json.get("limits"));
        Checker defaultChecker = new Checker.TrailingWhitespace();
        if (json.has("checker")) {
            Checker read = readChecker(in, json.get("checker"), "checker");
            if (read != null) {
                defaultChecker = read;
            }
        }
        List<TestGroup> groups = new ArrayList<>();
        JsonNode groupsNode = in.array(json, "", "groups");
        if (groupsNode != null) {
            for (int i = 0; i < groupsNode.size(); i++) {
                String at = "groups[" + i + "]";
                JsonNode group = groupsNode.get(i);
                if (!in.object(group, at)) {
                    continue;
                }
                in.known(group, at, GROUP_FIELDS);
                String id = in.string(group, at, "id", true);
                String title = in.string(group, at, "title", false);
                if (id != null) {
                    groups.add(new TestGroup(id, title));
                }
            }
        }
        List<TestCase> tests = new ArrayList<>();
        JsonNode testsNode = in.array(json, "", "tests");
        if (testsNode == null && !json.has("tests")) {
            in.add("tests", "is required");
        }
        if (testsNode != null) {
            for (int i = 0; i < testsNode.size(); i++) {
                TestCase test = readTest(in, testsNode.get(i), "tests[" + i + "]", defaultChecker);
                if (test != null) {
                    tests.add(test);
                }
            }
        }
        in.throwIfAny();
        CodeAssessment assessment = new CodeAssessment(language, main, files, limits, tests, groups);
        List<Violation> violations = assessment.validate();
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return assessment;
    }

    private static Limits readLimits(FieldReader in, JsonNode node) {
        if (node == null || node.isNull()) {
            return Limits.DEFAULT;
        }
        if (!in.object(node, "limits")) {
            return Limits.DEFAULT;
        }
        in.known(node, "limits", LIMIT_FIELDS);
        Limits d = Limits.DEFAULT;
        Double wall = in.number(node, "limits", "wallSeconds");
        // Without cpuSeconds, a wall limit below the default CPU limit brings the CPU limit down with it (to whole
        // seconds, at least 1): staff who asked for a short run did not ask for the default's 2 s of CPU.
        int defaultCpu = wall == null || !(wall > 0) ? d.cpuSeconds()
                : (int) Math.max(1, Math.min(d.cpuSeconds(), Math.floor(wall)));
        int cpu = in.integer(node, "limits", "cpuSeconds", defaultCpu);
        return new Limits(cpu, wall != null ? wall : Math.max(d.wallSeconds(), 2.0 * cpu),
                in.integer(node, "limits", "memoryMb", d.memoryMb()),
                in.integer(node, "limits", "outputKb", d.outputKb()),
                in.integer(node, "limits", "fileSizeKb", d.fileSizeKb()),
                in.integer(node, "limits", "processes", d.processes()));
    }

    private static TestCase readTest(FieldReader in, JsonNode node, String at, Checker defaultChecker) {
        if (!in.object(node, at)) {
            return null;
        }
        in.known(node, at, TEST_FIELDS);
        String id = in.string(node, at, "id", true);
        String title = in.string(node, at, "title", false);
        String stdin = in.string(node, at, "stdin", false);
        List<String> args = new ArrayList<>();
        JsonNode argsNode = in.array(node, at, "args");
        if (argsNode != null) {
            for (int j = 0; j < argsNode.size(); j++) {
                if (argsNode.get(j).isTextual()) {
                    args.add(argsNode.get(j).textValue());
                } else {
                    in.add(at + ".args[" + j + "]", "must be a string");
                }
            }
        }
        String expected = in.string(node, at, "expected", false);
        Checker checker = defaultChecker;
        if (node.has("checker")) {
            checker = readChecker(in, node.get("checker"), at + ".checker");
        }
        Double points = in.number(node, at, "points");
        String visibility = in.string(node, at, "visibility", false);
        boolean visible = true;
        if ("hidden".equals(visibility)) {
            visible = false;
        } else if (visibility != null && !"visible".equals(visibility)) {
            in.add(at + ".visibility", "must be 'visible' or 'hidden'");
        }
        String group = in.string(node, at, "group", false);
        if (id == null || checker == null) {
            return null;
        }
        return new TestCase(id, title, stdin, args, expected, checker, points == null ? 1 : points, visible, group);
    }

    private static Checker readChecker(FieldReader in, JsonNode node, String at) {
        if (!in.object(node, at)) {
            return null;
        }
        String type = in.string(node, at, "type", true);
        if (type == null) {
            return null;
        }
        switch (type) {
            case "exact" -> {
                in.known(node, at, Set.of("type"));
                return new Checker.Exact();
            }
            case "trailing_whitespace" -> {
                in.known(node, at, Set.of("type"));
                return new Checker.TrailingWhitespace();
            }
            case "tokens" -> {
                in.known(node, at, Set.of("type", "ignoreCase"));
                return new Checker.Tokens(in.bool(node, at, "ignoreCase", false));
            }
            case "float" -> {
                in.known(node, at, Set.of("type", "absolute", "relative"));
                Double absolute = in.number(node, at, "absolute");
                Double relative = in.number(node, at, "relative");
                boolean ok = true;
                if (absolute == null && relative == null) {
                    in.add(at + ".absolute", "give an absolute or a relative tolerance (or both)");
                    ok = false;
                }
                if (absolute != null && !(absolute >= 0 && !absolute.isInfinite())) {
                    in.add(at + ".absolute", "must be a finite number ≥ 0");
                    ok = false;
                }
                if (relative != null && !(relative >= 0 && !relative.isInfinite())) {
                    in.add(at + ".relative", "must be a finite number ≥ 0");
                    ok = false;
                }
                return ok ? new Checker.FloatTolerance(absolute == null ? 0 : absolute, relative == null ? 0 : relative)
                        : null;
            }
            case "regex" -> {
                in.known(node, at, Set.of("type", "pattern", "ignoreCase"));
                String pattern = in.string(node, at, "pattern", true);
                boolean ignoreCase = in.bool(node, at, "ignoreCase", false);
                return pattern == null ? null : new Checker.Regex(pattern, ignoreCase);
            }
            case "program" -> {
                in.known(node, at, Set.of("type", "language", "source"));
                String languageId = in.string(node, at, "language", true);
                String source = in.string(node, at, "source", true);
                Language language = null;
                if (languageId != null) {
                    language = Language.fromId(languageId).orElse(null);
                    if (language == null) {
                        in.add(at + ".language", "'" + languageId + "' is not a language (one of " + Language.ids() + ")");
                    }
                }
                return language == null || source == null ? null : new Checker.Program(language, source);
            }
            default -> {
                in.add(at + ".type", "'" + type + "' is not a checker (one of " + Checker.types() + ")");
                return null;
            }
        }
    }

    public static CodeSubmission readSubmission(String json) {
        return readSubmission(parse(json));
    }

    /** The submission's shape only; {@link #readSubmission(CodeAssessment, JsonNode)} also checks it fits. */
    public static CodeSubmission readSubmission(JsonNode json) {
        FieldReader in = new FieldReader();
        if (json == null || !json.isObject()) {
            throw new InvalidInputException("", "a code submission must be a JSON object");
        }
        in.known(json, "", SUBMISSION_FIELDS);
        String source = in.string(json, "", "source", false);
        Map<String, String> files = new LinkedHashMap<>();
        JsonNode filesNode = json.get("files");
        if (filesNode != null && !filesNode.isNull()) {
            if (!filesNode.isObject()) {
                in.add("files", "must be an object of file paths to their text");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = filesNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    if (entry.getValue().isTextual()) {
                        files.put(entry.getKey(), entry.getValue().textValue());
                    } else {
                        in.add("files." + entry.getKey(), "must be the file's text");
                    }
                }
            }
        }
        in.throwIfAny();
        return new CodeSubmission(files, source);
    }

    /** A submission that can be graded against {@code assessment}, or an {@link InvalidInputException}. */
    public static CodeSubmission readSubmission(CodeAssessment assessment, JsonNode json) {
        CodeSubmission submission = readSubmission(json);
        List<Violation> violations = submission.validate(assessment);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return submission;
    }

    /** The definition as JSON, readable back by {@link #readAssessment(JsonNode)} to an equal assessment. */
    public static ObjectNode write(CodeAssessment assessment) {
        return CodeWriter.write(assessment, MAPPER);
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("", "is not well-formed JSON: " + e.getOriginalMessage());
        }
    }
}
