package dev.assay.graders.quiz;

import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects violations while walking a definition or a response; also the shared field checks. */
final class Violations {

    /** Ids appear in field paths ({@code answers.q3[1]}), so they must not contain path punctuation. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final List<Violation> list = new ArrayList<>();

    void add(String field, String message) {
        list.add(new Violation(field, message));
    }

    List<Violation> list() {
        return List.copyOf(list);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Checks an id's presence and form; returns whether it is usable (present and well formed). */
    boolean id(String field, String id) {
        if (id == null || id.isEmpty()) {
            add(field, "is required");
            return false;
        }
        if (!ID.matcher(id).matches()) {
            add(field, "must be 1 to 64 letters, digits, '_' or '-'");
            return false;
        }
        return true;
    }

    void text(String field, String text) {
        if (text == null || text.isBlank()) {
            add(field, "is required");
        }
    }

    void fraction(String field, double fraction) {
        if (!(fraction >= -1.0 && fraction <= 1.0)) {
            add(field, "must be between -1 and 1");
        }
    }

    static String at(String path, String field, int index) {
        return path + "." + field + "[" + index + "]";
    }
}
