package dev.assay.graders.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A private host directory for one grading (sources, compiled output, checker inputs), deleted on {@link #close()}.
 * Names written here are validated ({@link #pathProblem}) so that no submitted name can leave the directory, and
 * nothing is ever read or deleted through a symbolic link a sandboxed program may have left.
 */
public final class Workspace implements AutoCloseable {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}");
    private static final int MAX_DEPTH = 8;

    private final Path dir;
    private final int uid;
    private final int gid;

    private Workspace(Path dir, int uid, int gid) {
        this.dir = dir;
        this.uid = uid;
        this.gid = gid;
    }

    /** @param uid owner to give what is written (the sandbox's host uid when the engine is root), or -1 to keep ours */
    static Workspace create(Path root, int uid, int gid) {
        try {
            Files.createDirectories(root);
            Path dir = root.resolve("ws-" + UUID.randomUUID());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Workspace workspace = new Workspace(dir, uid, gid);
            workspace.own(dir);
            return workspace;
        } catch (IOException e) {
            throw new SandboxException("cannot create a work directory under " + root + ": " + e, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Why {@code path} cannot name a file of a submission, or empty if it can: relative, '/'-separated, at most 8
     * levels, each name of letters, digits and {@code _ . + -} not starting with a dot or a dash.
     */
    public static Optional<String> pathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("must be a non-empty relative path");
        }
        if (path.length() > 255) {
            return Optional.of("is longer than 255 characters");
        }
        String[] segments = path.split("/", -1);
        if (segments.length > MAX_DEPTH) {
            return Optional.of("is nested deeper than " + MAX_DEPTH + " directories");
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.of("must be a relative path of names made of letters, digits, '_', '.', '+' and '-' "
                        + "that do not start with '.' or '-' (no '..', no absolute paths)");
            }
        }
        return Optional.empty();
    }

    /** A new empty subdirectory, e.g. {@code build} or {@code io-3}. */
    public Path newDirectory(String name) {
        requireSafe(name);
        Path sub = dir.resolve(name);
        try {
            Files.createDirectory(sub);
            own(sub);
            return sub;
        } catch (IOException e) {
            throw new SandboxException("cannot create " + sub + ": " + e, e);
        }
    }

    /** Writes a file below {@code base} (a directory of this workspace), creating parent directories. */
    public Path write(Path base, String relative, String content) {
        return write(base, relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path write(Path base, String relative, byte[] content) {
        requireSafe(relative);
        if (!base.normalize().startsWith(dir)) {
            throw new IllegalArgumentException(base + " is not inside this workspace");
        }
        Path file = base.resolve(relative).normalize();
        if (!file.startsWith(base)) {
            throw new IllegalArgumentException("path escapes its directory: " + relative);
        }
        try {
            Path parent = file.getParent();
            Path walk = base;
            for (Path name : base.relativize(parent)) {
                walk = walk.resolve(name);
                if (Files.isSymbolicLink(walk)) {
                    throw new IOException("refusing to write through the symbolic link " + walk);
                }
                if (!Files.isDirectory(walk, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(walk);
                    own(walk);
                }
            }
            if (Files.isSymbolicLink(file)) {
                throw new IOException("refusing to write through the symbolic link " + file);
            }
            Files.write(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            own(file);
            return file;
        } catch (IOException e) {
            throw new SandboxException("cannot write " + file + ": " + e, e);
        }
    }

    /**
     * Reads a regular file a sandboxed step produced, refusing symbolic links and anything larger than
     * {@code maxBytes}; empty if there is no such regular file.
     */
    public static Optional<byte[]> readProduced(Path file, int maxBytes) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || attributes.size() > maxBytes) {
                return Optional.empty();
            }
            try (var channel = Files.newByteChannel(file, java.nio.file.StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) attributes.size());
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // keep reading
                }
                return Optional.of(java.util.Arrays.copyOf(buffer.array(), buffer.position()));
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Deletes everything, never following symbolic links. */
    @Override
    public void close() {
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    try {
                        // A program may have made a directory read-only; its owner may still open it up to delete it.
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                    } catch (IOException | UnsupportedOperationException e) {
                        // deletion will say if it matters
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the work directory " + root, e);
        }
    }

    private void requireSafe(String relative) {
        pathProblem(relative).ifPresent(problem -> {
            throw new IllegalArgumentException("'" + relative + "' " + problem);
        });
    }

    private void own(Path path) throws IOException {
        if (uid >= 0) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
