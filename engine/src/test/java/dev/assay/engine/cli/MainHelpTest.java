package dev.assay.engine.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Help is asked for after a command too ("assay serve --help"), and never starts anything. */
class MainHelpTest {

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        assertThat(Main.run(List.of(args), new PrintStream(buffer, true, StandardCharsets.UTF_8))).isZero();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpAfterACommandPrintsTheOptions() throws Exception {
        assertThat(run("--help")).contains("--data-dir DIR");
        assertThat(run("serve", "--help")).contains("--port N").contains("--data-dir DIR");
        assertThat(run("platform", "create", "-h")).contains("platform create NAME");
        assertThatThrownBy(() -> run("serve", "--colour")).isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("--colour");
    }
}
