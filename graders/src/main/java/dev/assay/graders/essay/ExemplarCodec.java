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
import java.util.HashMap;
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
    /** A CSV stops being read after this many row errors: a file that wrong needs fixing as a whole. */
    static final int MAX_CSV_ERRORS = 50;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ExemplarCodec() {
    }

    public static List<Exemplar> readJson(byte[] json, EssayAssessment assessment) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("exemplars", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("exemplars", "not valid JSON: " + e.getMessage());
        }
        return readJson(root, assessment);
    }

    public static List<Exemplar> readJson(JsonNode root, EssayAssessment assessment) {
        JsonNode list = root != null && root.isObject() ? root.get("exemplars") : root;
        if (list == null || !list.isArray()) {
            throw new InvalidInputException("exemplars", "must be an array of {text, score} objects");
        }
        List<Violation> violations = new ArrayList<>();
        List<Exemplar> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String field = "exemplars[" + i + "]";
            if (!e.isObject()) {
                violations.add(new Violation(field, "must be an object"));
                continue;
            }
            e.fieldNames().forEachRemaining(name -> {
                if (!name.equals("text") && !name.equals(assessment.hasRubric() ? "criteria" : "score")) {
                    violations.add(new Violation(field + "." + name, "is not a field of an exemplar (text and "
                            + (assessment.hasRubric() ? "criteria" : "score") + ")"));
                }
            });
            JsonNode text = e.get("text");
            if (text == null || !text.isTextual()) {
                violations.add(new Violation(field + ".text", "must be a string"));
                continue;
            }
            if (text.asText().length() > MAX_TEXT) {
                violations.add(new Violation(field + ".text", "must be at most " + MAX_TEXT + " characters"));
                continue;
            }
            if (assessment.hasRubric()) {
                JsonNode criteria = e.get("criteria");
                if (criteria == null || !criteria.isObject()) {
                    violations.add(new Violation(field + ".criteria", "must be an object of criterion id to score"));
                    continue;
                }
                Map<String, Double> scores = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> c : criteria.properties()) {
                    if (!c.getValue().isNumber()) {
                        violations.add(new Violation(field + ".criteria." + c.getKey(), "must be a number"));
                    } else if (assessment.criteria().stream().noneMatch(k -> k.id().equals(c.getKey()))) {
                        violations.add(new Violation(field + ".criteria." + c.getKey(), "unknown criterion"));
                    } else {
                        scores.put(c.getKey(), c.getValue().asDouble());
                    }
                }
                out.add(new Exemplar(text.asText(), 0, scores));
            } else {
                JsonNode score = e.get("score");
                if (score == null || !score.isNumber()) {
                    violations.add(new Violation(field + ".score", "must be a number"));
                    continue;
                }
                out.add(new Exemplar(text.asText(), score.asDouble()));
            }
        }
        if (violations.isEmpty()) {
            checkTexts(out, java.util.Collections.nCopies(out.size(), ""), violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return out;
    }

    /**
     * Texts the store cannot hold (U+0000) and texts given twice are refused, naming the exemplar: a copy would sit
     * in another fold of the held-out report and be scored against itself (doubling a set of exemplars with random
     * scores raised its held-out QWK from -0.16 to 0.66), and two copies with different scores contradict each other.
     */
    private static void checkTexts(List<Exemplar> exemplars, List<String> where, List<Violation> violations) {
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < exemplars.size() && violations.size() < MAX_CSV_ERRORS; i++) {
            String text = exemplars.get(i).text();
            String field = "exemplars[" + i + "].text";
            if (text.indexOf('\0') >= 0) {
                violations.add(new Violation(field, "must not contain the character U+0000" + where.get(i)));
                continue;
            }
            Integer first = seen.putIfAbsent(text.strip(), i);
            if (first != null) {
                violations.add(new Violation(field, "repeats exemplars[" + first + "]" + where.get(i) + "; give each "
                        + "essay once (a copy would be scored against itself in the held-out report)"));
            }
        }
    }

    /**
     * Reads exemplars from CSV bytes, which must be UTF-8 (a leading byte-order mark, as Excel's "CSV UTF-8" writes,
     * is skipped). Refused, naming the field: bytes that are not UTF-8 (a Latin-1 "café" would otherwise be stored
     * with a replacement character), malformed quoting, a header naming a column twice (which one was meant?) and a
     * row with more fields than the header (typically a text with an unquoted comma, whose tail would be lost).
     * Rows whose fields are all blank are skipped; row errors name the exemplar and the CSV line.
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
        List<String> names = rows.get(0).fields();
        Map<String, Integer> header = new HashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toLowerCase(Locale.ROOT);
            Integer first = header.putIfAbsent(name, i);
            // Unnamed columns (a spreadsheet's trailing empty cells) are never read, so they may repeat.
            if (first != null && !name.isEmpty()) {
                violations.add(new Violation("exemplars", "the CSV header names column '" + names.get(i).trim()
                        + "' twice (columns " + (first + 1) + " and " + (i + 1) + ")"));
            }
        }
        Integer textCol = header.containsKey("text") ? header.get("text") : header.get("essay");
        if (textCol == null) {
            violations.add(new Violation("exemplars", "the CSV needs a text (or essay) column"));
        }
        Map<String, Integer> scoreCols = new LinkedHashMap<>();
        if (assessment.hasRubric()) {
            for (Criterion c : assessment.criteria()) {
                Integer col = header.get(c.id().toLowerCase(Locale.ROOT));
                if (col == null) {
                    violations.add(new Violation("exemplars", "the CSV needs a column for criterion " + c.id()));
                } else {
                    scoreCols.put(c.id(), col);
                }
            }
        } else if (!header.containsKey("score")) {
            violations.add(new Violation("exemplars", "the CSV needs a score column"));
        } else {
            scoreCols.put("score", header.get("score"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        List<Exemplar> out = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int index = -1;
        for (int r = 1; r < rows.size() && violations.size() < MAX_CSV_ERRORS; r++) {
            List<String> row = rows.get(r).fields();
            if (row.stream().allMatch(String::isBlank)) {
                continue;
            }
            index++;
            String field = "exemplars[" + index + "]";
            String where = " (CSV line " + rows.get(r).line() + ")";
            if (row.size() > names.size()) {
                violations.add(new Violation(field, "has " + row.size() + " fields but the header has " + names.size()
                        + where + "; a text holding commas must be in double quotes"));
                continue;
            }
            String text = textCol < row.size() ? row.get(textCol) : "";
            Map<String, Double> scores = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<String, Integer> c : scoreCols.entrySet()) {
                String raw = c.getValue() < row.size() ? row.get(c.getValue()).trim() : "";
                try {
                    scores.put(c.getKey(), Double.parseDouble(raw));
                } catch (NumberFormatException e) {
                    violations.add(new Violation(field + (assessment.hasRubric() ? ".criteria." + c.getKey() : ".score"),
                            "must be a number, got '" + raw + "'" + where));
                    ok = false;
                }
            }
            if (ok) {
                out.add(assessment.hasRubric() ? new Exemplar(text, 0, scores) : new Exemplar(text, scores.get("score")));
                lines.add(where);
            }
        }
        if (violations.isEmpty()) {
            checkTexts(out, lines, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return out;
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
