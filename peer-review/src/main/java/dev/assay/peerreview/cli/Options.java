package dev.assay.peerreview.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed {@code --name value} / {@code --name=value} options of one subcommand. Strict: an unknown option, a
 * missing value, a repeated option or a stray argument is a usage error, because a typo silently ignored would
 * produce grades from the wrong settings.
 */
final class Options {

    private final String command;
    private final Map<String, String> values;
    private final Set<String> flagsSet;

    private Options(String command, Map<String, String> values, Set<String> flagsSet) {
        this.command = command;
        this.values = values;
        this.flagsSet = flagsSet;
    }

    /**
     * @param valued options that take a value
     * @param flags  options that take none
     */
    static Options parse(String command, List<String> args, Set<String> valued, Set<String> flags)
            throws UsageException {
        Map<String, String> values = new HashMap<>();
        Set<String> seenFlags = new java.util.HashSet<>();
        List<String> rest = new ArrayList<>(args);
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException(command + ": unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(command + ": " + name + " takes no value");
                }
                if (!seenFlags.add(name)) {
                    throw new UsageException(command + ": " + name + " given twice");
                }
                continue;
            }
            if (!valued.contains(name)) {
                throw new UsageException(command + ": unknown option " + name + " (see " + command + " --help)");
            }
            if (value == null) {
                if (i + 1 >= rest.size() || rest.get(i + 1).startsWith("--")) {
                    throw new UsageException(command + ": " + name + " needs a value");
                }
                value = rest.get(++i);
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new UsageException(command + ": " + name + " given twice");
            }
        }
        return new Options(command, values, seenFlags);
    }

    boolean flag(String name) {
        return flagsSet.contains(name);
    }

    String required(String name) throws UsageException {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException(command + ": " + name + " is required (see " + command + " --help)");
        }
        return value;
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    Path path(String name) throws UsageException {
        return Path.of(required(name));
    }

    Optional<Path> optionalPath(String name) {
        return optional(name).map(Path::of);
    }

    long longValue(String name) throws UsageException {
        String value = required(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": " + name + " must be a whole number, got '" + value + "'");
        }
    }

    /** A comma-separated list, or the default when the option is absent. */
    List<String> list(String name, List<String> fallback) {
        return optional(name).map(v -> List.of(v.split(","))).orElse(fallback).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
