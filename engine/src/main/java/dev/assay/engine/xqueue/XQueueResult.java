package dev.assay.engine.xqueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * The body XQueue posts to the LMS for a graded submission: {@code {"correct": ..., "score": ..., "msg": ...}}.
 * {@code score} is the fraction of the maximum (the LMS scales it by the problem's weight) and {@code msg} is
 * well-formed XHTML, since the LMS parses it as XML and shows an error instead of a message it cannot parse.
 * Only what a learner may see goes in: the summary and each part's outcome and feedback, never the staff evidence.
 */
public final class XQueueResult {
    private static final int MAX_PARTS = 50;

    private XQueueResult() {
    }

    public static ObjectNode body(double score, double maxScore, JsonNode result, boolean overridden) {
        double fraction = maxScore > 0 ? Math.max(0, Math.min(1, score / maxScore)) : 0;
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("correct", maxScore > 0 && score >= maxScore);
        body.put("score", Math.round(fraction * 10_000) / 10_000.0);
        body.put("msg", message(score, maxScore, result, overridden));
        return body;
    }

    static String message(double score, double maxScore, JsonNode result, boolean overridden) {
        StringBuilder html = new StringBuilder("<div class=\"assay-result\">");
        html.append("<p>Score: ").append(number(score)).append(" of ").append(number(maxScore))
                .append(overridden ? " (set by course staff)" : "").append("</p>");
        String feedback = result == null ? "" : result.path("feedback").asText("");
        if (!feedback.isBlank()) {
            html.append("<p>").append(escape(feedback)).append("</p>");
        }
        JsonNode parts = result == null ? null : result.get("parts");
        if (parts != null && parts.isArray() && !parts.isEmpty()) {
            html.append("<ul>");
            int shown = 0;
            for (JsonNode part : parts) {
                if (shown++ == MAX_PARTS) {
                    html.append("<li>and ").append(parts.size() - MAX_PARTS).append(" more</li>");
                    break;
                }
                html.append("<li>").append(escape(part.path("id").asText())).append(": ")
                        .append(escape(part.path("correctness").asText("").toLowerCase(Locale.ROOT).replace('_', ' ')));
                for (JsonNode line : part.path("feedback")) {
                    html.append(" \u2014 ").append(escape(line.asText()));
                }
                html.append("</li>");
            }
            html.append("</ul>");
        }
        return html.append("</div>").toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Text as XML character data: markup escaped, and characters XML 1.0 cannot hold dropped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
