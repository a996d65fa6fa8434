package dev.assay.graders.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeCodecTest {

    static final String FULL = """
            {
              "language": "python3",
              "main": "main.py",
              "files": [
                {"path": "main.py", "content": "# write your code here\\n", "role": "starter"},
                {"path": "lib/geometry.py", "content": "PI = 3.14159\\n", "role": "support"}
              ],
              "limits": {"cpuSeconds": 1, "memoryMb": 128, "outputKb": 16, "processes": 2},
              "checker": {"type": "tokens"},
              "groups": [{"id": "edge", "title": "Edge cases"}],
              "tests": [
                {"id": "t1", "title": "small", "stdin": "2 3\\n", "expected": "5\\n", "points": 2},
                {"id": "t2", "args": ["--round"], "expected": "3.14", "checker": {"type": "float", "absolute": 0.01},
                 "visibility": "hidden"},
                {"id": "t3", "checker": {"type": "regex", "pattern": "\\\\d+", "ignoreCase": true}, "group": "edge"},
                {"id": "t4", "checker": {"type": "program", "language": "python3", "source": "print(1)"},
                 "group": "edge", "points": 0.5}
              ]
            }
            """;

    @Test
    void readsAFullDefinition() {
        CodeAssessment assessment = CodeCodec.readAssessment(FULL);
        assertThat(assessment.language()).isEqualTo(Language.PYTHON3);
        assertThat(assessment.main()).isEqualTo("main.py");
        assertThat(assessment.files()).containsExactly(
                new CodeFile("main.py", "# write your code here\n", CodeFile.Role.STARTER),
                new CodeFile("lib/geometry.py", "PI = 3.14159\n", CodeFile.Role.SUPPORT));
        assertThat(assessment.limits()).isEqualTo(new Limits(1, 5, 128, 16, 1024, 2));
        assertThat(assessment.tests()).hasSize(4);
        TestCase t1 = assessment.tests().get(0);
        assertThat(t1.checker()).isEqualTo(new Checker.Tokens(false));
        assertThat(t1.points()).isEqualTo(2);
        assertThat(t1.visible()).isTrue();
        TestCase t2 = assessment.tests().get(1);
        assertThat(t2.args()).containsExactly("--round");
        assertThat(t2.checker()).isEqualTo(new Checker.FloatTolerance(0.01, 0));
        assertThat(t2.visible()).isFalse();
        assertThat(assessment.tests().get(2).checker()).isEqualTo(new Checker.Regex("\\d+", true));
        assertThat(assessment.tests().get(3).checker()).isEqualTo(new Checker.Program(Language.PYTHON3, "print(1)"));
        assertThat(assessment.groups()).containsExactly(new TestGroup("edge", "Edge cases"));
        assertThat(assessment.maxScore()).isEqualTo(4.5);
    }

    @Test
    void writesWhatItReads() {
        CodeAssessment assessment = CodeCodec.readAssessment(FULL);
        JsonNode written = CodeCodec.write(assessment);
        assertThat(CodeCodec.readAssessment(written)).isEqualTo(assessment);
    }

    @Test
    void wallTimeDefaultsFromTheCpuLimit() {
        CodeAssessment assessment = CodeCodec.readAssessment("""
                {"language": "c", "limits": {"cpuSeconds": 10}, "tests": [{"id": "a", "expected": ""}]}""");
        assertThat(assessment.limits().wallSeconds()).isEqualTo(20);
        assertThat(assessment.limits().memoryMb()).isEqualTo(256);
    }

    @Test
    void theDefaultCpuLimitFollowsASmallerWallLimit() {
        // cpuSeconds not given: a short wall limit is not held against the default 2 s of CPU.
        CodeAssessment half = CodeCodec.readAssessment("""
                {"language": "c", "limits": {"wallSeconds": 0.5}, "tests": [{"id": "a", "expected": ""}]}""");
        assertThat(half.limits().wallSeconds()).isEqualTo(0.5);
        assertThat(half.limits().cpuSeconds()).isEqualTo(1); // RLIMIT_CPU's least; the wall clock stops it first
        assertThat(half.validate()).isEmpty();
        CodeAssessment three = CodeCodec.readAssessment("""
                {"language": "c", "limits": {"wallSeconds": 3}, "tests": [{"id": "a", "expected": ""}]}""");
        assertThat(three.limits().cpuSeconds()).isEqualTo(Limits.DEFAULT.cpuSeconds());
        CodeAssessment oneAndAHalf = CodeCodec.readAssessment("""
                {"language": "c", "limits": {"wallSeconds": 1.5}, "tests": [{"id": "a", "expected": ""}]}""");
        assertThat(oneAndAHalf.limits().cpuSeconds()).isEqualTo(1);

        // Given explicitly, a CPU limit above the wall limit is still refused.
        assertThatThrownBy(() -> CodeCodec.readAssessment("""
                {"language": "c", "limits": {"cpuSeconds": 4, "wallSeconds": 2}, "tests": [{"id": "a", "expected": ""}]}"""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limits.wallSeconds: must be at least cpuSeconds (4)");
    }

    @Test
    void cpuSecondsAreWholeSecondsAsTheOpenApiSays() {
        assertThatThrownBy(() -> CodeCodec.readAssessment("""
                {"language": "c", "limits": {"cpuSeconds": 0.5}, "tests": [{"id": "a", "expected": ""}]}"""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limits.cpuSeconds: must be a whole number");
    }

    @Test
    void namesEveryOffendingField() {
        String json = """
                {
                  "language": "cobol",
                  "files": [{"path": "../x.py", "content": "x", "role": "helper"}, {"path": "a.py"}],
                  "limits": {"cpuSeconds": 0, "memoryMb": 1.5, "wallSeconds": "5", "colour": 1},
                  "tests": [
                    {"id": "ok", "expected": "1"},
                    {"id": "ok", "stdin": 5},
                    {"id": "t3", "expected": "1", "checker": {"type": "float", "absolute": -1}},
                    {"id": "t4", "checker": {"type": "regex", "pattern": "("}},
                    {"id": "t5", "expected": "", "checker": {"type": "fuzzy"}, "visibility": "secret"},
                    {"id": "t6", "expected": "", "group": "nope", "args": ["a", 1], "points": -1}
                  ],
                  "extra": true
                }
                """;
        assertThatThrownBy(() -> CodeCodec.readAssessment(json))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(fields(e)).contains(
                        "language", "files[0].role", "files[1].content", "limits.memoryMb", "limits.wallSeconds",
                        "limits.colour", "tests[1].stdin", "tests[2].checker.absolute", "tests[4].checker.type",
                        "tests[4].visibility", "tests[5].args[1]", "extra"));
        // Once the shapes are right, the semantic rules name their fields the same way.
        String semantic = """
                {
                  "language": "java",
                  "files": [{"path": "../x.java", "content": "x"}],
                  "limits": {"cpuSeconds": 0, "memoryMb": 100000},
                  "tests": [
                    {"id": "ok", "expected": "1"},
                    {"id": "ok", "expected": "1"},
                    {"id": "t3", "checker": {"type": "exact"}},
                    {"id": "t4", "checker": {"type": "regex", "pattern": "("}},
                    {"id": "t6", "expected": "", "group": "nope", "points": -1}
                  ],
                  "groups": [{"id": "unused"}]
                }
                """;
        assertThatThrownBy(() -> CodeCodec.readAssessment(semantic))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(fields(e)).containsExactlyInAnyOrder(
                        "files[0].path", "limits.cpuSeconds", "limits.memoryMb", "tests[1].id", "tests[2].expected",
                        "tests[3].checker.pattern", "tests[4].points", "tests[4].group", "groups[0]"));
    }

    @Test
    void floatCheckerNeedsATolerance() {
        assertThatThrownBy(() -> CodeCodec.readAssessment("""
                {"language": "c", "tests": [{"id": "a", "expected": "1", "checker": {"type": "float"}}]}"""))
                .satisfies(e -> assertThat(fields(e)).containsExactly("tests[0].checker.absolute"));
    }

    @Test
    void rejectsDuplicateKeysAndMalformedJson() {
        assertThatThrownBy(() -> CodeCodec.readAssessment("{\"language\": \"c\", \"language\": \"java\"}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> CodeCodec.readAssessment("[1]"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("JSON object");
    }

    @Test
    void readsSubmissionsAsFilesOrOneSource() {
        CodeAssessment assessment = CodeCodec.readAssessment(FULL);
        CodeSubmission files = CodeCodec.readSubmission(assessment,
                CodeCodec.mapper().valueToTree(Map.of("files", Map.of("main.py", "print(1)", "extra.py", "x = 1"))));
        assertThat(files.resolve(assessment)).containsOnlyKeys("main.py", "extra.py");
        CodeSubmission source = CodeCodec.readSubmission("{\"source\": \"print(2)\"}");
        assertThat(source.resolve(assessment)).containsExactly(Map.entry("main.py", "print(2)"));
    }

    @Test
    void submissionProblemsNameTheirField() {
        CodeAssessment assessment = CodeCodec.readAssessment(FULL);
        assertThatThrownBy(() -> CodeCodec.readSubmission(assessment, CodeCodec.mapper().readTree(
                "{\"files\": {\"lib/geometry.py\": \"PI = 3\", \"../up.py\": \"\", \"n.py\": 3}}")))
                .satisfies(e -> assertThat(fields(e)).containsExactly("files.n.py"));
        assertThatThrownBy(() -> CodeCodec.readSubmission(assessment, CodeCodec.mapper().readTree(
                "{\"files\": {\"lib/geometry.py\": \"PI = 3\", \"../up.py\": \"\"}}")))
                .satisfies(e -> assertThat(fields(e)).containsExactlyInAnyOrder("files.lib/geometry.py", "files.../up.py"));
        assertThatThrownBy(() -> CodeCodec.readSubmission(assessment, CodeCodec.mapper().readTree(
                "{\"files\": {\"a.py\": \"\"}, \"source\": \"x\"}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> CodeCodec.readSubmission(assessment, CodeCodec.mapper().readTree("{\"files\": {}}")))
                .satisfies(e -> assertThat(fields(e)).containsExactly("files"));
        assertThatThrownBy(() -> CodeCodec.readSubmission(assessment, CodeCodec.mapper().readTree("{\"code\": \"x\"}")))
                .satisfies(e -> assertThat(fields(e)).containsExactly("code"));
    }

    @Test
    void aPythonProgramNeedsItsEntryFile() {
        CodeAssessment noMain = new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT,
                List.of(TestCase.of("t", "", "")), List.of());
        assertThat(CodeSubmission.ofFiles(Map.of("solution.py", "x")).validate(noMain)).isEmpty();
        assertThat(CodeSubmission.ofFiles(Map.of("a.py", "x", "b.py", "y")).validate(noMain))
                .extracting(Violation::message).containsExactly("the program starts from main.py, which is missing");
        assertThat(CodeSubmission.ofFiles(Map.of("notes.txt", "x")).validate(noMain))
                .extracting(Violation::message).containsExactly("has no Python 3 source file");
    }

    @Test
    void aJavaSourceIsStoredUnderItsPublicClass() {
        CodeAssessment java = new CodeAssessment(Language.JAVA, null, List.of(), Limits.DEFAULT,
                List.of(TestCase.of("t", "", "")), List.of());
        assertThat(CodeSubmission.ofSource("// public class Fake\nimport java.util.*;\npublic final class Solution {}")
                .resolve(java)).containsOnlyKeys("Solution.java");
        assertThat(CodeSubmission.ofSource("class Hidden {}").resolve(java)).containsOnlyKeys("Main.java");
    }

    static List<String> fields(Throwable e) {
        return ((InvalidInputException) e).violations().stream().map(Violation::field).toList();
    }
}
