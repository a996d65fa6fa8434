package dev.assay.graders.code;

import java.nio.file.Path;

/**
 * Stops sandboxes a dead engine left behind. bubblewrap dies with the engine through the parent-death signal, but
 * only once it has set that signal up: an engine killed in the moment between starting bubblewrap and that point
 * leaves a bubblewrap whose parent is init, idle for good once its program has gone (seen after the cluster tests,
 * which kill a node in the middle of a burst of gradings). A sandbox of a running engine always has that engine as
 * its parent, so a bubblewrap whose parent is init and whose command line names this work root is an orphan.
 */
final class OrphanedSandboxes {
    private OrphanedSandboxes() {
    }

    /** Kills every orphaned bubblewrap of {@code workRoot}; returns how many. */
    static int stop(Path workRoot) {
        String root = workRoot.toAbsolutePath().normalize() + "/";
        return (int) ProcessHandle.allProcesses()
                .filter(p -> p.parent().map(ProcessHandle::pid).orElse(-1L) == 1L)
                .filter(p -> p.info().command().map(c -> c.endsWith("/bwrap")).orElse(false))
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(root)).orElse(false))
                .filter(ProcessHandle::destroyForcibly)
                .count();
    }
}
