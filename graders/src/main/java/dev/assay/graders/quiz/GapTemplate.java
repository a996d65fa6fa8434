package dev.assay.graders.quiz;

import java.util.ArrayList;
import java.util.List;

/** The gap references of a fill-in-the-blanks text: {@code {{gapId}}}, spaces inside the braces allowed. */
final class GapTemplate {

    /** @param gapIds in order of appearance; {@code error} is null when the text is well formed */
    record Parsed(List<String> gapIds, String error) {
    }

    private GapTemplate() {
    }

    static Parsed parse(String text) {
        List<String> ids = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = text.indexOf("{{", from);
            if (open < 0) {
                return new Parsed(ids, null);
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                return new Parsed(ids, "has a '{{' without a closing '}}'");
            }
            ids.add(text.substring(open + 2, close).trim());
            from = close + 2;
        }
    }
}
