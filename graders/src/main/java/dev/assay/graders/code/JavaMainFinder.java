package dev.assay.graders.code;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the classes javac produced that can be launched, by reading their class files (not the sources, which
 * comments and strings make unreliable). The files were written by a sandboxed javac, so they are read defensively:
 * regular files only (never through a symbolic link), bounded in size and count, any malformation just skipped.
 */
final class JavaMainFinder {

    private static final int MAX_CLASS_BYTES = 4 * 1024 * 1024;
    private static final int MAX_CLASSES = 5000;
    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_PRIVATE = 0x0002;
    private static final int ACC_STATIC = 0x0008;

    /** A class with a main method. {@code classic}: {@code public static void main(String[])}. */
    record MainClass(String name, boolean classic) {
    }

    private JavaMainFinder() {
    }

    /**
     * The launchable classes under {@code classes}: classic mains always; with {@code instanceMains} (Java 25+,
     * JEP 512) also non-private {@code main(String[])} / {@code main()} methods, static or not.
     */
    static List<MainClass> find(Path classes, boolean instanceMains) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(classes, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".class") && files.size() < MAX_CLASSES) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        List<MainClass> mains = new ArrayList<>();
        for (Path file : files) {
            Optional<byte[]> bytes = Workspace.readProduced(file, MAX_CLASS_BYTES);
            if (bytes.isEmpty()) {
                continue;
            }
            try {
                mainOf(bytes.get(), instanceMains).ifPresent(mains::add);
            } catch (IOException | RuntimeException e) {
                // not a class file we understand: it cannot be the entry point
            }
        }
        return mains;
    }

    static Optional<MainClass> mainOf(byte[] bytes, boolean instanceMains) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            return Optional.empty();
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // class access flags
        int thisClass = in.readUnsignedShort();
        in.readUnsignedShort(); // super
        int interfaces = in.readUnsignedShort();
        in.skipNBytes(2L * interfaces);
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        boolean classic = false;
        boolean launchable = false;
        for (int i = 0; i < methods; i++) {
            int flags = in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            skipAttributes(in);
            if (!"main".equals(name)) {
                continue;
            }
            boolean stringArray = "([Ljava/lang/String;)V".equals(descriptor);
            if (stringArray && (flags & ACC_PUBLIC) != 0 && (flags & ACC_STATIC) != 0) {
                classic = true;
            } else if (instanceMains && (flags & ACC_PRIVATE) == 0 && (stringArray || "()V".equals(descriptor))) {
                launchable = true;
            }
        }
        if (!classic && !launchable) {
            return Optional.empty();
        }
        String internal = utf8[classNameIndex[thisClass]];
        if (internal == null || internal.startsWith("module-info") || internal.endsWith("package-info")) {
            return Optional.empty();
        }
        return Optional.of(new MainClass(internal.replace('/', '.'), classic));
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int j = 0; j < attributes; j++) {
            in.readUnsignedShort();
            long length = Integer.toUnsignedLong(in.readInt());
            in.skipNBytes(length);
        }
    }
}
