package dev.assay.engine.outcomes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON form of a {@link CourseGrade} (what {@code GET …/grade} can return):
 *
 * <pre>{@code
 * {"outcome": "pending", "band": null, "total": 39.0, "maximum": 69.0, "complete": false,
 *  "categories": [{"id": "essay", "weight": 30.0, "percent": 0.0, "maxPercent": 100.0, "contribution": 0.0,
 *                  "counted": [], "dropped": [],
 *                  "pending": [{"assessment": "e1", "reason": "awaiting peer review"}]}, …],
 *  "mustPass": [{"assessment": "p2", "passFraction": 0.5, "status": "passed", "fraction": 0.6}],
 *  "peerReviews": {"given": 3, "required": 3},
 *  "reasons": [{"code": "item_pending", "subject": "e1", "message": "e1 is pending: awaiting peer review"}]}
 * }</pre>
 *
 * Counted and dropped items are {@code {"assessment", "fraction", "missed"}}. Enum values are lower case.
 */
public final class CourseGradeCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CourseGradeCodec() {
    }

    public static ObjectNode toJson(CourseGrade grade) {
        ObjectNode root = NODES.objectNode();
        root.put("outcome", lower(grade.outcome()));
        root.put("projection", lower(grade.projection()));
        root.put("band", grade.band());
        root.put("total", grade.total());
        root.put("maximum", grade.maximum());
        root.put("complete", grade.complete());
        ArrayNode categories = root.putArray("categories");
        for (CourseGrade.CategoryGrade c : grade.categories()) {
            ObjectNode node = categories.addObject();
            node.put("id", c.id());
            node.put("weight", c.weight());
            node.put("percent", c.percent());
            node.put("maxPercent", c.maxPercent());
            node.put("contribution", c.contribution());
            items(node.putArray("counted"), c.counted());
            items(node.putArray("dropped"), c.dropped());
            ArrayNode pending = node.putArray("pending");
            for (CourseGrade.PendingItem p : c.pending()) {
                pending.addObject().put("assessment", p.assessment()).put("reason", p.reason());
            }
        }
        ArrayNode mustPass = root.putArray("mustPass");
        for (CourseGrade.MustPassResult m : grade.mustPass()) {
            ObjectNode node = mustPass.addObject();
            node.put("assessment", m.assessment());
            node.put("passFraction", m.passFraction());
            node.put("status", lower(m.status()));
            node.put("fraction", m.fraction());
        }
        ObjectNode reviews = root.putObject("peerReviews");
        if (grade.reviewsRequired() > 0) {
            // Reviews given are counted only for a policy that requires some (a 0 shown otherwise read as "none given").
            reviews.put("given", grade.reviewsGiven());
        }
        reviews.put("required", grade.reviewsRequired());
        ArrayNode reasons = root.putArray("reasons");
        for (Reason r : grade.reasons()) {
            reasons.addObject().put("code", lower(r.code())).put("subject", r.subject()).put("message", r.message());
        }
        return root;
    }

    private static void items(ArrayNode array, java.util.List<CourseGrade.ItemScore> items) {
        for (CourseGrade.ItemScore i : items) {
            array.addObject().put("assessment", i.assessment()).put("fraction", i.fraction()).put("missed", i.missed());
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
