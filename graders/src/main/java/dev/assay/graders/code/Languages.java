package dev.assay.graders.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The toolchains on this machine that sandboxes can use. Only binaries under the sandbox's system paths count
 * ({@code /usr}): a Python under {@code /root/.pyenv} or a JDK under {@code /opt} is invisible inside a sandbox, so
 * it is not offered. Detection runs each toolchain's version command once (trusted binaries, fixed arguments) and
 * is cached; {@link #refresh()} detects again after packages change.
 *
 * <p>Java: the newest JDK under {@code /usr/lib/jvm} that has {@code javac}, unless the system property
 * {@code assay.code.jdk} names a JDK home.
 */
public final class Languages {

    /** One language this machine offers, e.g. {@code (PYTHON3, "Python 3", "3.11.2")}. */
    public record LanguageInfo(Language language, String name, String version) {
    }

    /** The binaries of one language. {@code compiler} equals {@code runtime} where one program does both. */
    public record Toolchain(Language language, String version, Path compiler, Path runtime) {
    }

    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)+)");
    private static volatile Map<Language, Toolchain> detected;

    private Languages() {
    }

    /** The languages offered here, with the version detected, in {@link Language} order. */
    public static List<LanguageInfo> available() {
        List<LanguageInfo> infos = new ArrayList<>();
        for (Toolchain toolchain : toolchains().values()) {
            infos.add(new LanguageInfo(toolchain.language(), toolchain.language().displayName(), toolchain.version()));
        }
        return infos;
    }

    public static boolean isAvailable(Language language) {
        return toolchains().containsKey(language);
    }

    public static Optional<Toolchain> toolchain(Language language) {
        return Optional.ofNullable(toolchains().get(language));
    }

    /** Forgets what was detected; the next call detects again. */
    public static void refresh() {
        detected = null;
    }

    static Map<Language, Toolchain> toolchains() {
        Map<Language, Toolchain> result = detected;
        if (result == null) {
            synchronized (Languages.class) {
                result = detected;
                if (result == null) {
                    result = detect();
                    detected = result;
                }
            }
        }
        return result;
    }

    private static Map<Language, Toolchain> detect() {
        Map<Language, Toolchain> found = new EnumMap<>(Language.class);
        firstExecutable("/usr/bin/python3", "/usr/local/bin/python3").ifPresent(python ->
                version(python, "--version").ifPresent(v ->
                        found.put(Language.PYTHON3, new Toolchain(Language.PYTHON3, v, python, python))));
        jdk().ifPresent(jdk -> found.put(Language.JAVA, jdk));
        firstExecutable("/usr/bin/gcc", "/usr/local/bin/gcc").ifPresent(gcc ->
                version(gcc, "-dumpfullversion").ifPresent(v ->
                        found.put(Language.C, new Toolchain(Language.C, v, gcc, gcc))));
        firstExecutable("/usr/bin/g++", "/usr/local/bin/g++").ifPresent(gpp ->
                version(gpp, "-dumpfullversion").ifPresent(v ->
                        found.put(Language.CPP, new Toolchain(Language.CPP, v, gpp, gpp))));
        firstExecutable("/usr/bin/node", "/usr/bin/nodejs", "/usr/local/bin/node").ifPresent(node ->
                version(node, "--version").ifPresent(v ->
                        found.put(Language.JAVASCRIPT, new Toolchain(Language.JAVASCRIPT, v, node, node))));
        return java.util.Collections.unmodifiableMap(found);
    }

    private static Optional<Toolchain> jdk() {
        String named = System.getProperty("assay.code.jdk");
        List<Path> homes = new ArrayList<>();
        if (named != null && !named.isBlank()) {
            homes.add(Path.of(named));
        } else {
            try (DirectoryStream<Path> jvms = Files.newDirectoryStream(Path.of("/usr/lib/jvm"))) {
                for (Path home : jvms) {
                    if (!Files.isSymbolicLink(home)) {
                        homes.add(home);
                    }
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        Toolchain best = null;
        int bestFeature = -1;
        for (Path home : homes) {
            Path javac = home.resolve("bin/javac");
            Path java = home.resolve("bin/java");
            if (!home.startsWith("/usr") || !Files.isExecutable(javac) || !Files.isExecutable(java)) {
                continue;
            }
            Optional<String> version = releaseVersion(home);
            if (version.isEmpty()) {
                continue;
            }
            int feature = feature(version.get());
            if (feature > bestFeature) {
                bestFeature = feature;
                best = new Toolchain(Language.JAVA, version.get(), javac, java);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The feature release of a Java version string ("25.0.3" → 25, "1.8.0_402" → 8). */
    static int feature(String version) {
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> releaseVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return Optional.of(line.substring("JAVA_VERSION=".length()).replace("\"", "").strip());
                }
            }
        } catch (IOException e) {
            // not a JDK with a release file
        }
        return Optional.empty();
    }

    private static Optional<Path> firstExecutable(String... candidates) {
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> version(Path binary, String flag) {
        try {
            Process process = new ProcessBuilder(binary.toString(), flag).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                return Optional.empty();
            }
            Matcher matcher = VERSION.matcher(new String(out, StandardCharsets.UTF_8));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
