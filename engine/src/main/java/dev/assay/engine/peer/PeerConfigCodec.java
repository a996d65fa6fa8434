package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.Json;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.WholeNumber;
import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.calibration.CalibrationExample;
import dev.assay.peerreview.calibration.CalibrationPolicy;
import dev.assay.peerreview.calibration.CalibrationScorer;
import dev.assay.peerreview.rubric.CommentField;
import dev.assay.peerreview.rubric.Criterion;
import dev.assay.peerreview.rubric.Level;
import dev.assay.peerreview.rubric.PeerRubric;
import dev.assay.peerreview.rubric.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a peer-review configuration from JSON, reporting every problem with its field path, and writes the
 * validated configuration back (the stored form is always this re-serialisation, never the raw request).
 */
public final class PeerConfigCodec {
    private static final int MAX_EXAMPLES = 20;
    private static final int DEFAULT_CALIBRATION_ATTEMPTS = 3;
    private static final int MAX_TEXT = 100_000;
    private static final int MAX_TEAM_MEMBERS = 20_000;

    private PeerConfigCodec() {
    }

    public static PeerConfig read(JsonNode body) {
        var r = new Reader();
        PeerConfig config = r.config(body);
        if (!r.errors.isEmpty()) {
            throw new InvalidInputException(r.errors);
        }
        return config;
    }

    /** The stored form, validated when it was stored; a failure here is the engine's fault. */
    public static PeerConfig readStored(String json) {
        try {
            return read(Json.parse(json));
        } catch (InvalidInputException e) {
            throw new IllegalStateException("stored peer-review config no longer validates: " + e.getMessage(), e);
        }
    }

    private static final class Reader {
        final List<Violation> errors = new ArrayList<>();

        PeerConfig config(JsonNode body) {
            Obj o = new Obj(body, "", Map.of());
            o.allow("rubric", "reviewsPerSubmission", "reviewsRequired", "extraReviews", "submissionDeadline",
                    "reviewDeadline", "leaseMinutes", "staffGraceHours", "calibration", "model", "passMark", "teams",
                    "reviewersMustSubmit");
            JsonNode rubricNode = o.object("rubric", true);
            int before = errors.size();
            int k = o.integer("reviewsPerSubmission", 3, 1, PeerRubric.MAX_K);
            int required = o.integer("reviewsRequired", k, 0, 5 * PeerRubric.MAX_K);
            int extra = o.integer("extraReviews", 1, 0, 10);
            // (compared only when all three were read as given: a default standing in for a bad value proves nothing)
            if (errors.size() == before && required > k + extra) {
                // Each submission takes at most k + extra reviews, so the reviews there are to give fall short of
                // what every learner must give: some would fail a course requirement through no fault of theirs.
                errors.add(new Violation("reviewsRequired", "must be at most reviewsPerSubmission + extraReviews ("
                        + (k + extra) + "): each submission takes at most that many reviews, so learners could not "
                        + "all give " + required));
            }
            Instant submissionDeadline = o.instant("submissionDeadline");
            Instant reviewDeadline = o.instant("reviewDeadline");
            if (submissionDeadline != null && reviewDeadline != null && reviewDeadline.isBefore(submissionDeadline)) {
                errors.add(new Violation("reviewDeadline", "must not be before submissionDeadline"));
            }
            int leaseMinutes = o.integer("leaseMinutes", 60, 1, 7 * 24 * 60);
            int graceHours = o.integer("staffGraceHours", 48, 0, 24 * 60);
            String model = o.text("model", "pg3-lazy");
            if (model != null && AggregationModels.byName(model).isEmpty()) {
                errors.add(new Violation("model", "must be one of " + AggregationModels.names()));
            }
            Double passMark = o.number("passMark");
            boolean mustSubmit = o.bool("reviewersMustSubmit", true);
            Map<String, String> teams = teams(o.array("teams", false));
            PeerRubric rubric = rubricNode == null ? null : rubric(rubricNode, k, required);
            PeerConfig.Calibration calibration = calibration(o.object("calibration", false), rubric);
            if (rubric == null || !errors.isEmpty()) {
                return null;
            }
            if (passMark != null && (passMark < rubric.minPoints() || passMark > rubric.maxPoints())) {
                errors.add(new Violation("passMark", "must be within the rubric's total, " + rubric.minPoints() + " to "
                        + rubric.maxPoints()));
                return null;
            }
            return new PeerConfig(rubric, extra, submissionDeadline, reviewDeadline, Duration.ofMinutes(leaseMinutes),
                    Duration.ofHours(graceHours), calibration, model, passMark, teams, mustSubmit);
        }

        /** {@code [{"id": team, "members": [learner, ...]}, ...]} as learner → team; a learner in one team only. */
        Map<String, String> teams(JsonNode list) {
            var out = new java.util.LinkedHashMap<String, String>();
            var ids = new java.util.HashSet<String>();
            for (int i = 0; list != null && i < list.size(); i++) {
                Obj t = new Obj(list.get(i), "teams[" + i + "].", Map.of());
                t.allow("id", "members");
                String id = t.text("id", null);
                if (id != null && !ids.add(id)) {
                    errors.add(new Violation(t.prefix + "id", "'" + id + "' is used twice"));
                }
                JsonNode members = t.array("members", true);
                if (members != null && members.isEmpty()) {
                    // Teams are stored as each learner's team: one without members would vanish unseen.
                    errors.add(new Violation(t.prefix + "members", "must name at least one learner"));
                }
                for (int j = 0; members != null && j < members.size(); j++) {
                    JsonNode m = members.get(j);
                    String field = t.prefix + "members[" + j + "]";
                    if (!m.isTextual() || m.textValue().isBlank() || m.textValue().length() > 200) {
                        errors.add(new Violation(field, "must be a learner id (1-200 characters)"));
                    } else if (out.putIfAbsent(m.textValue(), id == null ? "" : id) != null) {
                        errors.add(new Violation(field, "'" + m.textValue() + "' is already in a team"));
                    }
                }
            }
            if (out.size() > MAX_TEAM_MEMBERS) {
                errors.add(new Violation("teams", "must name at most " + MAX_TEAM_MEMBERS + " learners"));
            }
            return out;
        }

        PeerRubric rubric(JsonNode node, int k, int required) {
            int before = errors.size();
            Obj o = new Obj(node, "rubric.", Map.of());
            o.allow("criteria", "comments");
            var criteria = new ArrayList<Criterion>();
            JsonNode list = o.array("criteria", true);
            for (int i = 0; list != null && i < list.size(); i++) {
                Obj c = new Obj(list.get(i), "rubric.criteria[" + i + "].", Map.of());
                c.allow("id", "prompt", "levels");
                String id = c.text("id", null);
                String prompt = c.text("prompt", "");
                var levels = new ArrayList<Level>();
                JsonNode ls = c.array("levels", true);
                for (int j = 0; ls != null && j < ls.size(); j++) {
                    Obj l = new Obj(ls.get(j), c.prefix + "levels[" + j + "].", Map.of());
                    l.allow("points", "description");
                    Double points = l.number("points");
                    if (points == null && l.ok) {
                        errors.add(new Violation(l.prefix + "points", "is required"));
                    }
                    levels.add(new Level(points == null ? Double.NaN : points, l.text("description", "")));
                }
                criteria.add(new Criterion(id, prompt, levels));
            }
            var comments = new ArrayList<CommentField>();
            JsonNode cs = o.array("comments", false);
            for (int i = 0; cs != null && i < cs.size(); i++) {
                Obj c = new Obj(cs.get(i), "rubric.comments[" + i + "].", Map.of());
                c.allow("id", "prompt", "required", "minLength", "maxLength");
                comments.add(new CommentField(c.text("id", null), c.text("prompt", ""), c.bool("required", false),
                        c.integer("minLength", 0, 0, PeerRubric.MAX_COMMENT_LENGTH),
                        c.integer("maxLength", 2000, 1, PeerRubric.MAX_COMMENT_LENGTH)));
            }
            List<Problem> problems = PeerRubric.check(criteria, comments, k, required);
            for (Problem p : problems) {
                String field = p.field().startsWith("reviews") ? p.field() : "rubric." + p.field();
                // A level with no readable points was reported already; do not add "must be a number" on top.
                if (!(p.field().contains(".points") && errors.stream().anyMatch(v -> v.field().equals(field)))) {
                    errors.add(new Violation(field, p.message()));
                }
            }
            boolean criteriaSound = problems.stream().allMatch(p -> p.field().startsWith("reviews"))
                    && errors.size() == before + problems.size();
            if (criteriaSound) {
                // The criteria are sound even if k is not: still check calibration examples against them.
                return new PeerRubric(criteria, comments, problems.isEmpty() ? k : 1, problems.isEmpty() ? required : 0);
            }
            return null;
        }

        PeerConfig.Calibration calibration(JsonNode node, PeerRubric rubric) {
            if (node == null) {
                return new PeerConfig.Calibration(false, new CalibrationPolicy(0, DEFAULT_CALIBRATION_ATTEMPTS), List.of());
            }
            Obj o = new Obj(node, "calibration.", Map.of());
            o.allow("required", "tolerance", "maxAttempts", "examples");
            boolean required = o.bool("required", true);
            Double tolerance = o.number("tolerance");
            if (tolerance != null && tolerance < 0) {
                errors.add(new Violation("calibration.tolerance", "must be 0 or more points"));
            }
            int attempts = o.integer("maxAttempts", DEFAULT_CALIBRATION_ATTEMPTS, 1, 100);
            JsonNode list = o.array("examples", required);
            var examples = new ArrayList<PeerConfig.Example>();
            if (list != null && list.size() > MAX_EXAMPLES) {
                errors.add(new Violation("calibration.examples", "must have at most " + MAX_EXAMPLES + " examples"));
            }
            if (required && list != null && list.isEmpty()) {
                errors.add(new Violation("calibration.examples", "needs at least one example when calibration is required"));
            }
            for (int i = 0; list != null && i < list.size(); i++) {
                Obj e = new Obj(list.get(i), "calibration.examples[" + i + "].", Map.of());
                e.allow("id", "content", "scores");
                String id = e.text("id", null);
                String content = e.text("content", null);
                if (content != null && content.length() > MAX_TEXT) {
                    errors.add(new Violation(e.prefix + "content", "must be at most " + MAX_TEXT + " characters"));
                }
                JsonNode scores = e.object("scores", true);
                var map = new java.util.LinkedHashMap<String, Double>();
                if (scores != null) {
                    scores.properties().forEach(s -> {
                        if (s.getValue().isNumber()) {
                            map.put(s.getKey(), s.getValue().doubleValue());
                        } else {
                            errors.add(new Violation(e.prefix + "scores." + s.getKey(), "must be a number"));
                        }
                    });
                }
                examples.add(new PeerConfig.Example(new CalibrationExample(id, map), content));
            }
            if (rubric != null) {
                for (Problem p : CalibrationScorer.checkExamples(rubric, examples.stream().map(PeerConfig.Example::example).toList())) {
                    errors.add(new Violation("calibration.examples" + p.field().substring("calibration".length()), p.message()));
                }
            }
            return new PeerConfig.Calibration(required, new CalibrationPolicy(tolerance == null || tolerance < 0 ? 0 : tolerance,
                    attempts), examples);
        }

        /** One JSON object being read; problems go to the shared list with {@code prefix} before the field name. */
        final class Obj {
            final JsonNode node;
            final String prefix;
            final boolean ok;

            Obj(JsonNode node, String prefix, Map<String, String> unused) {
                this.node = node;
                this.prefix = prefix;
                this.ok = node != null && node.isObject();
                if (!ok) {
                    String field = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
                    errors.add(new Violation(field, "must be a JSON object"));
                }
            }

            void allow(String... names) {
                if (!ok) {
                    return;
                }
                var allowed = List.of(names);
                node.properties().forEach(e -> {
                    if (!allowed.contains(e.getKey())) {
                        errors.add(new Violation(prefix + e.getKey(), "is not a known field; known: " + String.join(", ", allowed)));
                    }
                });
            }

            private JsonNode get(String name) {
                JsonNode v = ok ? node.get(name) : null;
                return v == null || v.isNull() ? null : v;
            }

            String text(String name, String fallback) {
                JsonNode v = get(name);
                if (v == null) {
                    if (fallback == null && ok) {
                        errors.add(new Violation(prefix + name, "is required"));
                    }
                    return fallback;
                }
                if (!v.isTextual() || v.textValue().isBlank()) {
                    errors.add(new Violation(prefix + name, "must be a non-blank string"));
                    return fallback;
                }
                return v.textValue();
            }

            int integer(String name, int fallback, int min, int max) {
                JsonNode v = get(name);
                if (v == null) {
                    return fallback;
                }
                Integer whole = WholeNumber.of(v);
                if (whole == null || whole < min || whole > max) {
                    errors.add(new Violation(prefix + name, "must be a whole number from " + min + " to " + max));
                    return fallback;
                }
                return whole;
            }

            Double number(String name) {
                JsonNode v = get(name);
                if (v == null) {
                    return null;
                }
                if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                    errors.add(new Violation(prefix + name, "must be a number"));
                    return null;
                }
                return v.doubleValue();
            }

            boolean bool(String name, boolean fallback) {
                JsonNode v = get(name);
                if (v == null) {
                    return fallback;
                }
                if (!v.isBoolean()) {
                    errors.add(new Violation(prefix + name, "must be true or false"));
                    return fallback;
                }
                return v.booleanValue();
            }

            Instant instant(String name) {
                String text = text(name, "");
                if (text.isEmpty()) {
                    return null;
                }
                try {
                    return Instant.parse(text);
                } catch (java.time.format.DateTimeParseException e) {
                    errors.add(new Violation(prefix + name, "must be an ISO-8601 instant such as 2026-03-01T12:00:00Z"));
                    return null;
                }
            }

            JsonNode object(String name, boolean required) {
                JsonNode v = get(name);
                if (v == null) {
                    if (required && ok) {
                        errors.add(new Violation(prefix + name, "is required"));
                    }
                    return null;
                }
                if (!v.isObject()) {
                    errors.add(new Violation(prefix + name, "must be a JSON object"));
                    return null;
                }
                return v;
            }

            JsonNode array(String name, boolean required) {
                JsonNode v = get(name);
                if (v == null) {
                    if (required && ok) {
                        errors.add(new Violation(prefix + name, "is required"));
                    }
                    return null;
                }
                if (!v.isArray()) {
                    errors.add(new Violation(prefix + name, "must be an array"));
                    return null;
                }
                return v;
            }
        }
    }

    /** Optional texts absent from the request are left out, so the stored form reads back exactly. */
    private static ObjectNode optional(ObjectNode node, String name, String text) {
        return text == null || text.isEmpty() ? node : node.put(name, text);
    }

    public static ObjectNode write(PeerConfig c) {
        ObjectNode o = Json.object();
        ObjectNode rubric = o.putObject("rubric");
        ArrayNode criteria = rubric.putArray("criteria");
        c.rubric().criteria().forEach(cr -> {
            ObjectNode n = criteria.addObject().put("id", cr.id());
            optional(n, "prompt", cr.prompt());
            ArrayNode levels = n.putArray("levels");
            cr.levels().forEach(l -> optional(levels.addObject().put("points", l.points()), "description", l.description()));
        });
        ArrayNode comments = rubric.putArray("comments");
        c.rubric().comments().forEach(f -> optional(comments.addObject().put("id", f.id()), "prompt", f.prompt())
                .put("required", f.required()).put("minLength", f.minLength()).put("maxLength", f.maxLength()));
        o.put("reviewsPerSubmission", c.k()).put("reviewsRequired", c.rubric().reviewsRequired())
                .put("extraReviews", c.extraReviews());
        if (c.submissionDeadline() != null) {
            o.put("submissionDeadline", c.submissionDeadline().toString());
        }
        if (c.reviewDeadline() != null) {
            o.put("reviewDeadline", c.reviewDeadline().toString());
        }
        o.put("leaseMinutes", c.lease().toMinutes()).put("staffGraceHours", c.staffGrace().toHours())
                .put("model", c.model());
        if (c.passMark() != null) {
            o.put("passMark", c.passMark());
        }
        o.put("reviewersMustSubmit", c.reviewersMustSubmit());
        if (!c.teams().isEmpty()) {
            var byTeam = new java.util.TreeMap<String, java.util.List<String>>();
            c.teams().forEach((learner, team) -> byTeam.computeIfAbsent(team, t -> new ArrayList<>()).add(learner));
            ArrayNode teams = o.putArray("teams");
            byTeam.forEach((team, members) -> {
                ArrayNode m = teams.addObject().put("id", team).putArray("members");
                members.stream().sorted().forEach(m::add);
            });
        }
        // Always written, also when off and empty: staff see the settings in force, and a later patch of one of them
        // (say the tolerance, before examples are added) merges into this block instead of starting a new one,
        // which would be required by default and need examples.
        ObjectNode cal = o.putObject("calibration").put("required", c.calibration().required())
                .put("tolerance", c.calibration().policy().tolerance())
                .put("maxAttempts", c.calibration().policy().maxAttempts());
        ArrayNode examples = cal.putArray("examples");
        c.calibration().examples().forEach(e -> {
            ObjectNode n = examples.addObject().put("id", e.example().id()).put("content", e.content());
            ObjectNode scores = n.putObject("scores");
            e.example().staffScores().forEach(scores::put);
        });
        return o;
    }
}
