package dev.assay.graders.code;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceTest {

    @Test
    void acceptsOrdinaryRelativePaths() {
        for (String ok : new String[] {"main.py", "src/app/Main.java", "data_1.txt", "a-b+c.cpp", "x.tar.gz"}) {
            assertThat(Workspace.pathProblem(ok)).as(ok).isEmpty();
        }
    }

    @Test
    void rejectsEverythingThatCouldLeaveTheDirectory() {
        for (String bad : new String[] {"", "/etc/passwd", "../x", "a/../../x", "a/./b", ".", "..", ".env", "-rf",
                "a//b", "a/", "a\\b", "a b", "x\u0000y", "é.py", "a/".repeat(9) + "b"}) {
            assertThat(Workspace.pathProblem(bad)).as(bad).isPresent();
        }
    }

    @Test
    void writesOnlyInsideAndNeverThroughLinks(@TempDir Path root) throws IOException {
        Path outside = Files.createDirectory(root.resolve("outside"));
        try (Workspace workspace = Workspace.create(root.resolve("work"), -1, -1)) {
            Path dir = workspace.newDirectory("build");
            workspace.write(dir, "a/b/c.txt", "hello");
            assertThat(dir.resolve("a/b/c.txt")).hasContent("hello");
            Files.createSymbolicLink(dir.resolve("link"), outside);
            assertThatThrownBy(() -> workspace.write(dir, "link/pwned.txt", "x")).isInstanceOf(SandboxException.class);
            Files.createSymbolicLink(dir.resolve("file-link"), outside.resolve("target.txt"));
            assertThatThrownBy(() -> workspace.write(dir, "file-link", "x")).isInstanceOf(SandboxException.class);
            assertThat(outside.resolve("pwned.txt")).doesNotExist();
            assertThat(outside.resolve("target.txt")).doesNotExist();
            assertThatThrownBy(() -> workspace.write(dir, "../escape.txt", "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> workspace.write(root, "x.txt", "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void deletingNeverFollowsLinks(@TempDir Path root) throws IOException {
        Path precious = Files.createDirectory(root.resolve("engine-data"));
        Files.writeString(precious.resolve("key"), "secret");
        Workspace workspace = Workspace.create(root.resolve("work"), -1, -1);
        Path dir = workspace.newDirectory("build");
        Files.createSymbolicLink(dir.resolve("data"), precious);
        Files.createSymbolicLink(dir.resolve("key"), precious.resolve("key"));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.writeString(locked.resolve("f"), "x");
        locked.toFile().setWritable(false);
        workspace.close();
        assertThat(workspace.dir()).doesNotExist();
        assertThat(precious.resolve("key")).hasContent("secret");
    }

    @Test
    void readsProducedFilesButNotLinks(@TempDir Path root) throws IOException {
        Path secret = Files.writeString(root.resolve("secret"), "s");
        Path link = Files.createSymbolicLink(root.resolve("link"), secret);
        Path file = Files.writeString(root.resolve("file"), "12345");
        assertThat(Workspace.readProduced(link, 100)).isEmpty();
        assertThat(Workspace.readProduced(file, 100)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("12345"));
        assertThat(Workspace.readProduced(file, 3)).isEmpty();
        assertThat(Workspace.readProduced(root.resolve("missing"), 3)).isEmpty();
    }
}
