package dev.assay.graders.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link Sandbox} needs from the host, found once at start-up: the tools it runs, whether the engine is root,
 * the fixed part of every bubblewrap command line, and the work root's private /etc and leftovers.
 */
final class SandboxHost {
    private static final String[] ROOT_LINKS = {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};
    private static final long SHM_BYTES = 1024 * 1024;

    private SandboxHost() {
    }

    static List<String> fixedArgs(SandboxConfig config, boolean root, Path etc) {
        List<String> argv = new ArrayList<>();
        if (root) {
            // Real uid root is exempt from RLIMIT_NPROC whatever namespace it is in; drop to an ordinary uid first.
            argv.add(config.setpriv().toString());
            argv.add("--reuid=" + config.hostUid());
            argv.add("--regid=" + config.hostGid());
            argv.add("--clear-groups");
            argv.add("--");
        }
        argv.add(config.bwrap().toString());
        argv.addAll(List.of("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                "--new-session", "--hostname", "sandbox",
                "--uid", Integer.toString(Sandbox.INSIDE_UID), "--gid", Integer.toString(Sandbox.INSIDE_UID)));
        for (Path path : config.systemPaths()) {
            argv.add("--ro-bind");
            argv.add(path.toString());
            argv.add(path.toString());
        }
        for (String name : ROOT_LINKS) {
            Path path = Path.of(name);
            if (Files.isSymbolicLink(path)) {
                try {
                    argv.add("--symlink");
                    argv.add(Files.readSymbolicLink(path).toString());
                    argv.add(name);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isDirectory(path) && !config.systemPaths().contains(path)) {
                argv.add("--ro-bind");
                argv.add(name);
                argv.add(name);
            }
        }
        for (Path file : etcFiles(config)) {
            argv.add("--ro-bind");
            argv.add(file.toString());
            argv.add(file.toString());
        }
        argv.addAll(List.of("--ro-bind", etc.resolve("passwd").toString(), "/etc/passwd",
                "--ro-bind", etc.resolve("group").toString(), "/etc/group",
                "--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(SHM_BYTES), "--tmpfs", "/dev/shm", "--remount-ro", "/dev"));
        return List.copyOf(argv);
    }

    /** The configured /etc entries that exist, plus Debian's per-JDK configuration directories (/etc/java-17-openjdk). */
    static List<Path> etcFiles(SandboxConfig config) {
        List<Path> files = new ArrayList<>();
        for (Path file : config.etcFiles()) {
            if (Files.exists(file)) {
                files.add(file);
            }
        }
        try (DirectoryStream<Path> java = Files.newDirectoryStream(Path.of("/etc"), "java-*")) {
            for (Path dir : java) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(dir);
                }
            }
        } catch (IOException e) {
            // no /etc/java-* is fine
        }
        return files;
    }

    /** Work directories a crashed engine left behind (a grading never lasts a day). */
    static void removeStale(Path workRoot) {
        long dayAgo = System.currentTimeMillis() - 24L * 3600 * 1000;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(workRoot, "ws-*")) {
            for (Path dir : stream) {
                BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isDirectory() && attributes.lastModifiedTime().toMillis() < dayAgo) {
                    Workspace.deleteTree(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: a later start tries again
        }
    }

    /** A minimal passwd/group so that tools asking "who am I" get an answer without seeing the host's accounts. */
    static Path writeEtc(Path workRoot) throws IOException {
        Path etc = workRoot.resolve("etc");
        Files.createDirectories(etc);
        Path passwd = etc.resolve("passwd");
        Path group = etc.resolve("group");
        String passwdText = "sandbox:x:" + Sandbox.INSIDE_UID + ":" + Sandbox.INSIDE_UID + ":sandbox:/tmp:/bin/sh\n";
        String groupText = "sandbox:x:" + Sandbox.INSIDE_UID + ":\n";
        if (!Files.exists(passwd) || !Files.readString(passwd).equals(passwdText)) {
            Files.writeString(passwd, passwdText);
        }
        if (!Files.exists(group) || !Files.readString(group).equals(groupText)) {
            Files.writeString(group, groupText);
        }
        try {
            Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            // another engine on this host owns them; they are readable already
        }
        return etc;
    }

    static void requireExecutable(Path path, String message) {
        if (!Files.isExecutable(path)) {
            throw new SandboxUnavailableException(message);
        }
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer value && value == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static String bwrapVersion(Path bwrap) {
        if (!Files.isExecutable(bwrap)) {
            return "";
        }
        try {
            Process process = new ProcessBuilder(bwrap.toString(), "--version").redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readNBytes(200);
            process.waitFor(5, TimeUnit.SECONDS);
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return text.startsWith("bubblewrap ") ? text.substring("bubblewrap ".length()) : text;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
