package dev.assay.graders.essay;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads essays in the ASAP-AES tab-separated layout (ISO-8859-1, one header row, fields optionally in double
 * quotes with {@code ""} for a quote, CRLF or LF line ends). Columns are found by name: {@code essay_id},
 * {@code essay_set}, {@code essay}, {@code rater1_domain1}, {@code rater2_domain1}, {@code domain1_score}.
 */
public final class AsapTsv {

    /** One scored essay; a rater's score is -1 when the column is empty. */
    public record Essay(String id, int prompt, String text, int rater1, int rater2, int score) {
    }

    private AsapTsv() {
    }

    public static List<Essay> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return read(reader, file.toString());
        }
    }

    static List<Essay> read(Reader reader, String name) throws IOException {
        List<List<String>> rows = parse(reader);
        if (rows.isEmpty()) {
            throw new IOException(name + ": empty file");
        }
        Map<String, Integer> header = new HashMap<>();
        List<String> head = rows.get(0);
        for (int i = 0; i < head.size(); i++) {
            header.put(head.get(i).trim().toLowerCase(java.util.Locale.ROOT), i);
        }
        for (String required : List.of("essay_id", "essay_set", "essay", "domain1_score")) {
            if (!header.containsKey(required)) {
                throw new IOException(name + ": no column " + required);
            }
        }
        List<Essay> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            try {
                out.add(new Essay(field(row, header, "essay_id"), Integer.parseInt(field(row, header, "essay_set").trim()),
                        field(row, header, "essay"), intOr(field(row, header, "rater1_domain1")),
                        intOr(field(row, header, "rater2_domain1")),
                        Integer.parseInt(field(row, header, "domain1_score").trim())));
            } catch (NumberFormatException e) {
                throw new IOException(name + ": row " + (r + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String field(List<String> row, Map<String, Integer> header, String column) {
        Integer i = header.get(column);
        return i == null || i >= row.size() ? "" : row.get(i);
    }

    private static int intOr(String s) {
        String t = s.trim();
        return t.isEmpty() ? -1 : (int) Math.round(Double.parseDouble(t));
    }

    /** Splits tab-separated text into rows of fields, honouring double quotes. */
    static List<List<String>> parse(Reader in) throws IOException {
        return DelimitedText.parse(in, '\t', false);
    }
}
