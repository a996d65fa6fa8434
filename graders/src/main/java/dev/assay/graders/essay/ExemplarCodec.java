package dev.assay.graders.essay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads staff-scored exemplars from JSON or CSV, reporting every problem with its field path.
 *
 * <p>JSON: an array (or {@code {"exemplars": [...]}}) of {@code {"text": "...", "score": 3}}, or with a rubric
 * {@code {"text": "...", "criteria": {"ideas": 3, "conventions": 1}}}.
 *
 * <p>CSV (RFC 4180: commas, double quotes, {@code ""} inside quotes, CRLF or LF; UTF-8, with or without a
 * byte-order mark): a header row with a {@code text} (or {@code essay}) column and a {@code score} column, or one
 * column per criterion id; see {@link #readCsv}.
 */
public final class ExemplarCodec {

    /** Largest exemplar text accepted, in characters. */
    public static final int MAX_TEXT = EssayText.MAX_CHARS;
    /** Most exemplars in one upload. */
    public static final int MAX_EXEMPLARS = ExemplarRules.MAX_EXEMPLARS;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ExemplarCodec() {
    }

    /** Reads an upload, checked in full (see {@link #readJson(JsonNode, EssayAssessment)}). */
    public static List<Exemplar> readJson(byte[] json, EssayAssessment assessment) {
        return readJson(parse(json), assessment);
    }

    /**
     * Reads a set this codec wrote ({@link #writeJson}) after its upload was checked. It is not checked again: a
     * rule added since (whole criterion scores) must not make a stored set unreadable or untrainable.
     */
    public static List<Exemplar> readStored(byte[] json) {
        List<Exemplar> out = new ArrayList<>();
        for (JsonNode e : parse(json)) {
            Map<String, Double> criteria = new LinkedHashMap<>();
            e.path("criteria").properties().forEach(c -> criteria.put(c.getKey(), c.getValue().asDouble()));
            out.add(new Exemplar(e.path("text").asText(), e.path("score").asDouble(), criteria));
        }
        return out;
    }

    private static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("exemplars", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("exemplars", "not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Reads an upload: every problem of every exemplar is reported at once (fields, texts blank or repeated, scores
     * off the scale or not whole; {@link ExemplarRules}).
     */
    public static List<Exemplar> readJson(JsonNode root, EssayAssessment assessment) {
        JsonNode list = root != null && root.isObject() ? root.get("exemplars") : root;
        if (list == null || !list.isArray()) {
            throw new InvalidInputException("exemplars", "must be an array of {text, score} objects");
        }
        ExemplarRules rules = new ExemplarRules(assessment);
        String scoreField = assessment.hasRubric() ? "criteria" : "score";
        List<Exemplar> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String field = "exemplars[" + i + "]";
            if (!e.isObject()) {
                rules.add(field, "must be an object");
                continue;
            }
            e.fieldNames().forEachRemaining(name -> {
                if (!name.equals("text") && !name.equals(scoreField)) {
                    rules.add(field + "." + name, "is not a field of an exemplar (text and " + scoreField + ")");
                }
            });
            JsonNode text = e.get("text");
            boolean ok = text != null && text.isTextual();
            if (!ok) {
                rules.add(field + ".text", "must be a string");
            } else {
                ok = rules.text(i, text.asText(), "");
            }
            if (assessment.hasRubric()) {
                Map<String, Double> scores = criteria(e.get("criteria"), field, assessment, rules);
                if (scores != null && rules.criteria(i, scores, "") && ok) {
                    out.add(new Exemplar(text.asText(), 0, scores));
                }
            } else {
                JsonNode score = e.get("score");
                if (score == null || !score.isNumber()) {
                    rules.add(field + ".score", "must be a number");
                } else if (rules.score(i, score.asDouble(), "") && ok) {
                    out.add(new Exemplar(text.asText(), score.asDouble()));
                }
            }
        }
        return checked(out, list.size(), rules);
    }

    /** A rubric exemplar's criterion scores, or null when they are not an object (reported). */
    private static Map<String, Double> criteria(JsonNode criteria, String field, EssayAssessment assessment,
                                                ExemplarRules rules) {
        if (criteria == null || !criteria.isObject()) {
            rules.add(field + ".criteria", "must be an object of criterion id to score");
            return null;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> c : criteria.properties()) {
            String path = field + ".criteria." + c.getKey();
            if (assessment.criteria().stream().noneMatch(k -> k.id().equals(c.getKey()))) {
                rules.add(path, "unknown criterion");
            } else if (!c.getValue().isNumber()) {
                rules.add(path, "must be a number");
                scores.put(c.getKey(), ExemplarRules.REPORTED);
            } else {
                scores.put(c.getKey(), c.getValue().asDouble());
            }
        }
        return scores;
    }

    private static List<Exemplar> checked(List<Exemplar> exemplars, int given, ExemplarRules rules) {
        rules.count(given);
        if (!rules.violations().isEmpty()) {
            throw new InvalidInputException(rules.violations());
        }
        return exemplars;
    }

    /**
     * Reads exemplars from CSV bytes, which must be UTF-8 (a leading byte-order mark, as Excel's "CSV UTF-8" writes,
     * is skipped). Refused, naming the field {@code exemplars}, before any row is read: bytes that are not UTF-8 (a
     * Latin-1 "café" would otherwise be stored with a replacement character), malformed quoting, a header naming a
     * column twice (which one was meant?), a header without the columns needed, and a {@code score} column for a
     * rubric (whose scores are the criteria's; the total would be ignored). Then every row is checked and every
     * problem reported at once, naming the exemplar and the CSV line; a row with more fields than the header
     * (typically a text with an unquoted comma, whose tail would be lost) is refused as a whole. Rows whose fields
     * are all blank are skipped; other columns (an id, notes) are not read.
     */
    public static List<Exemplar> readCsv(byte[] csv, EssayAssessment assessment) {
        String content = utf8(csv);
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        List<DelimitedText.Row> rows;
        try {
            rows = DelimitedText.rows(new StringReader(content), ',', true);
        } catch (IOException e) {
            throw new InvalidInputException("exemplars", "malformed CSV: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException("exemplars", "the CSV has no header row");
        }
        ExemplarCsvHeader header = ExemplarCsvHeader.read(rows.get(0).fields(), assessment);
        ExemplarRules rules = new ExemplarRules(assessment);
        List<Exemplar> out = new ArrayList<>();
        int index = -1;
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r).fields();
            if (row.stream().allMatch(String::isBlank)) {
                continue;
            }
            index++;
            String field = "exemplars[" + index + "]";
            String where = " (CSV line " + rows.get(r).line() + ")";
            if (row.size() > header.width()) {
                rules.add(field, "has " + row.size() + " fields but the header has " + header.width()
                        + where + "; a text holding commas must be in double quotes");
                continue;
            }
            String text = header.text() < row.size() ? row.get(header.text()) : "";
            boolean ok = rules.text(index, text, where);
            Map<String, Double> scores = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> c : header.scores().entrySet()) {
                String raw = c.getValue() < row.size() ? row.get(c.getValue()).trim() : "";
                double score = number(raw);
                if (Double.isNaN(score)) {
                    rules.add(field + (assessment.hasRubric() ? ".criteria." + c.getKey() : ".score"),
                            "must be a number, got '" + raw + "'" + where);
                    ok = false;
                }
                scores.put(c.getKey(), Double.isNaN(score) ? ExemplarRules.REPORTED : score);
            }
            if (assessment.hasRubric()) {
                if (rules.criteria(index, scores, where) && ok) {
                    out.add(new Exemplar(text, 0, scores));
                }
            } else if (rules.score(index, scores.get("score"), where) && ok) {
                out.add(new Exemplar(text, scores.get("score")));
            }
        }
        return checked(out, index + 1, rules);
    }

    /** A CSV field as a finite number, or NaN ("NaN" and "Infinity", which Java would read, are not scores). */
    private static double number(String raw) {
        try {
            double value = Double.parseDouble(raw);
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Strict UTF-8: the first byte that is not UTF-8 is an error naming its offset and line. */
    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new InvalidInputException("exemplars", String.format(Locale.ROOT, "the CSV is not valid UTF-8 "
                    + "(byte 0x%02X at offset %d, line %d); save it as \"CSV UTF-8\"", bytes[at] & 0xff, at, line));
        }
        return out.flip().toString();
    }

    /** Exemplars as JSON (the format {@link #readJson} reads). */
    public static byte[] writeJson(List<Exemplar> exemplars) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Exemplar e : exemplars) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", e.text());
            if (e.criterionScores().isEmpty()) {
                m.put("score", e.score());
            } else {
                m.put("criteria", e.criterionScores());
            }
            out.add(m);
        }
        try {
            return MAPPER.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
