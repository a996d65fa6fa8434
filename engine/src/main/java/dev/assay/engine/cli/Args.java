package dev.assay.engine.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal {@code --name value} / {@code --flag} parsing with a fixed set of names, so typos are errors. */
final class Args {
    final Map<String, String> options = new HashMap<>();
    final List<String> positional = new ArrayList<>();

    static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        Args out = new Args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name) && value == null) {
                    out.options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("--" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    out.options.put(name, value);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                out.positional.add(a);
            }
        }
        return out;
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    int integer(String name, int fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
