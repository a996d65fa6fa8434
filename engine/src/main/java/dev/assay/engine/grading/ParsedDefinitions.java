package dev.assay.engine.grading;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Parsed assessment definitions by (assessment, version). A version never changes once written, so a parsed
 * definition stays valid for as long as it is cached; the cache is simply emptied when it grows past its bound.
 */
final class ParsedDefinitions<T> {
    private final int maxEntries;
    private final Function<String, T> parser;
    private final Map<String, T> parsed = new ConcurrentHashMap<>();

    ParsedDefinitions(int maxEntries, Function<String, T> parser) {
        this.maxEntries = maxEntries;
        this.parser = parser;
    }

    T get(UUID assessmentId, int version, String definitionJson) {
        String key = assessmentId + ":" + version;
        T cached = parsed.get(key);
        if (cached != null) {
            return cached;
        }
        T value = parser.apply(definitionJson);
        if (parsed.size() >= maxEntries) {
            parsed.clear();
        }
        parsed.put(key, value);
        return value;
    }
}
