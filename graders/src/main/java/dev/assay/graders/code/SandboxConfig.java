package dev.assay.graders.code;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How sandboxes are made on this machine. {@link #defaults()} suits a Debian/Ubuntu host with the
 * {@code bubblewrap} and {@code util-linux} packages; nothing here is a secret.
 *
 * @param bwrap        the bubblewrap binary
 * @param prlimit      util-linux {@code prlimit}, run <em>inside</em> the sandbox to set the rlimits after the user
 *                     namespace exists (so that RLIMIT_NPROC counts only this sandbox's tasks)
 * @param setpriv      util-linux {@code setpriv}, used only when the engine runs as root to start bubblewrap as
 *                     {@code hostUid}: the kernel never applies RLIMIT_NPROC to tasks whose real uid is root on
 *                     the host, so a fork bomb is only contained when the sandbox's uid maps to a non-root uid
 * @param hostUid      the unprivileged host uid sandboxes run as when the engine is root (default 65534, nobody)
 * @param hostGid      its group
 * @param workRoot     where per-run host directories are made (default {@code $java.io.tmpdir/assay-code})
 * @param systemPaths  host directories mounted read-only at the same place inside every sandbox; nothing else of
 *                     the host is visible except the few {@code /etc} files listed in {@link #etcFiles}
 * @param etcFiles     files or directories under {@code /etc} needed by toolchains (dynamic loader cache,
 *                     alternatives symlinks, Debian's JDK configuration); mounted read-only when present
 */
public record SandboxConfig(Path bwrap, Path prlimit, Path setpriv, int hostUid, int hostGid, Path workRoot,
                            List<Path> systemPaths, List<Path> etcFiles) {

    public SandboxConfig {
        Objects.requireNonNull(bwrap, "bwrap");
        Objects.requireNonNull(prlimit, "prlimit");
        Objects.requireNonNull(setpriv, "setpriv");
        Objects.requireNonNull(workRoot, "workRoot");
        systemPaths = List.copyOf(systemPaths);
        etcFiles = List.copyOf(etcFiles);
        if (hostUid <= 0 || hostGid <= 0) {
            throw new IllegalArgumentException("sandboxes must not run as root on the host");
        }
        for (Path path : systemPaths) {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("system paths must be absolute: " + path);
            }
        }
    }

    public static SandboxConfig defaults() {
        return new SandboxConfig(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/prlimit"), Path.of("/usr/bin/setpriv"),
                65534, 65534, Path.of(System.getProperty("java.io.tmpdir"), "assay-code"),
                List.of(Path.of("/usr")),
                List.of(Path.of("/etc/ld.so.cache"), Path.of("/etc/ld.so.conf"), Path.of("/etc/ld.so.conf.d"),
                        Path.of("/etc/alternatives"), Path.of("/etc/localtime")));
    }

    public SandboxConfig withWorkRoot(Path root) {
        return new SandboxConfig(bwrap, prlimit, setpriv, hostUid, hostGid, root, systemPaths, etcFiles);
    }

    public SandboxConfig withBwrap(Path path) {
        return new SandboxConfig(path, prlimit, setpriv, hostUid, hostGid, workRoot, systemPaths, etcFiles);
    }
}
