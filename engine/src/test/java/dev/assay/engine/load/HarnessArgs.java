package dev.assay.engine.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** The load harnesses' command line: {@code --name value} pairs. */
final class HarnessArgs {
    private HarnessArgs() {
    }

    static Map<String, String> options(String[] argv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", argv));
            }
            out.put(argv[i].substring(2), argv[++i]);
        }
        return out;
    }
}
