package dev.assay.graders.code;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process tree to run in a fresh sandbox.
 *
 * @param command        argv as seen inside the sandbox (absolute paths of system binaries, or files of the work
 *                       directory relative to it)
 * @param workDir        host directory whose contents appear at {@code /sandbox} (the working directory); may be null
 * @param writableWorkDir true: {@code workDir} itself is bind-mounted read-write (compile steps, whose output must
 *                       survive); false: {@code /sandbox} is a fresh size-limited tmpfs in which the regular files and
 *                       directories of {@code workDir} are mounted read-only (symbolic links are not carried over),
 *                       so a run can create files but cannot change what the next run sees
 * @param mounts         further host files mounted read-only (e.g. a checker's {@code input}, {@code output} files)
 * @param stdin          bytes fed to standard input, then closed
 * @param env            variables besides the sandbox's minimal environment
 */
public record SandboxRequest(List<String> command, Path workDir, boolean writableWorkDir, List<Mount> mounts,
                             byte[] stdin, Map<String, String> env, SandboxLimits limits) {

    public SandboxRequest {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        stdin = stdin == null ? new byte[0] : stdin;
        env = env == null ? Map.of() : Map.copyOf(env);
        Objects.requireNonNull(limits, "limits");
    }

    public static SandboxRequest of(List<String> command, Path workDir, SandboxLimits limits) {
        return new SandboxRequest(command, workDir, false, List.of(), new byte[0], Map.of(), limits);
    }

    public SandboxRequest withStdin(byte[] input) {
        return new SandboxRequest(command, workDir, writableWorkDir, mounts, input, env, limits);
    }

    public SandboxRequest withMounts(List<Mount> more) {
        return new SandboxRequest(command, workDir, writableWorkDir, more, stdin, env, limits);
    }

    public SandboxRequest writable() {
        return new SandboxRequest(command, workDir, true, mounts, stdin, env, limits);
    }

    /** A host file or directory mounted read-only at {@code target} (an absolute path inside the sandbox). */
    public record Mount(Path host, String target) {
        public Mount {
            Objects.requireNonNull(host, "host");
            if (target == null || !target.startsWith("/") || target.contains("/../") || target.endsWith("/..")) {
                throw new IllegalArgumentException("mount target must be an absolute, normalised path: " + target);
            }
        }
    }
}
