package dev.assay.engine.jobe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.code.Language;
import dev.assay.graders.code.Limits;
import dev.assay.graders.code.ProgramRun;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobeRunTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JobeRun read(String runSpec) throws Exception {
        return JobeRun.read(MAPPER.readTree("{\"run_spec\": " + runSpec + "}"));
    }

    private static List<String> fields(String runSpec) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> read(runSpec));
        assertThat(e).as(runSpec).isNotNull();
        return e.violations().stream().map(Violation::field).toList();
    }

    @Test
    void defaultsAreJobes() throws Exception {
        JobeRun run = read("{\"language_id\": \"Python3\", \"sourcecode\": \"print(1)\"}");
        assertThat(run.language()).isEqualTo(JobeLanguage.PYTHON3);
        assertThat(run.input()).isEmpty();
        assertThat(run.sourceFileName()).isNull();
        assertThat(run.files()).isEmpty();
        assertThat(run.limits().cpuSeconds()).isEqualTo(5);
        assertThat(run.limits().memoryMb()).isEqualTo(Limits.DEFAULT.memoryMb());
    }

    @Test
    void parametersMayBeNumericStringsOrFractionsAndOthersAreNotOurs() throws Exception {
        JobeRun run = read("""
                {"language_id": "c", "sourcecode": "int main(){}", "sourcefilename": "prog.java",
                 "parameters": {"cputime": "2.5", "memorylimit": 0, "streamsize": 4, "numprocs": 3,
                                "compileargs": ["-Wall"], "interpreterargs": []},
                 "file_list": [["abcdef0123456789", "data.txt", "ignored third"]], "debug": true}""");
        assertThat(run.limits().cpuSeconds()).isEqualTo(3);
        assertThat(run.limits().memoryMb()).isEqualTo(Limits.DEFAULT.memoryMb());
        assertThat(run.limits().outputKb()).isEqualTo(4096);
        assertThat(run.limits().processes()).isEqualTo(3);
        assertThat(run.sourceFileName()).as("prog.java is legacy CodeRunner's, ignored").isNull();
        assertThat(run.files()).containsEntry("abcdef0123456789", "data.txt");
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThat(fields("{}")).containsExactly("run_spec.language_id", "run_spec.sourcecode");
        assertThat(fields("""
                {"language_id": "python3", "sourcecode": "x", "stdin": "1",
                 "parameters": {"cputime": 0, "memorylimit": "lots"},
                 "file_list": [["abcdef0123456789", "a.txt"], ["0123456789abcdef", "a.txt"], ["abcdef0123456789"]]}"""))
                .containsExactly("run_spec.stdin", "run_spec.file_list[1]", "run_spec.file_list[2]",
                        "run_spec.parameters.cputime", "run_spec.parameters.memorylimit");
        assertThat(fields("""
                {"language_id": "python3", "sourcecode": "x", "sourcefilename": "data.txt",
                 "file_list": [["abcdef0123456789", "data.txt"]]}""")).containsExactly("run_spec.file_list");
        assertThat(fields("{\"language_id\": 3, \"sourcecode\": \"x\"}")).containsExactly("run_spec.language_id");
    }

    @Test
    void outputThatIsNotUtf8IsSpeltOut() {
        assertThat(JobeResult.text("héllo\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("héllo\n");
        assertThat(JobeResult.text(new byte[]{'a', (byte) 0xff, 0x01, '\t', '\n'})).isEqualTo("a\\xff\\x01\t\n");
    }

    @Test
    void outcomesMapToJobesCodes() {
        assertThat(JobeResult.outcome(ProgramRun.Outcome.SUCCESS)).isEqualTo(15);
        assertThat(JobeResult.outcome(ProgramRun.Outcome.COMPILE_ERROR)).isEqualTo(11);
        assertThat(JobeResult.outcome(ProgramRun.Outcome.OUTPUT_LIMIT)).isEqualTo(12);
        assertThat(JobeResult.outcome(ProgramRun.Outcome.TIME_LIMIT)).isEqualTo(13);
        assertThat(JobeResult.outcome(ProgramRun.Outcome.MEMORY_LIMIT)).isEqualTo(17);
    }

    @Test
    void javaSourceIsNamedAfterItsPublicClass() {
        assertThat(ProgramRun.defaultFileName(Language.JAVA, "import x;\npublic final class Greeter {}")).isEqualTo("Greeter.java");
        assertThat(ProgramRun.defaultFileName(Language.JAVA, "class Hidden {}")).isEqualTo("Main.java");
        assertThat(ProgramRun.defaultFileName(Language.PYTHON3, "print(1)")).isEqualTo("main.py");
    }
}
