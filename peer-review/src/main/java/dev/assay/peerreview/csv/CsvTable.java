package dev.assay.peerreview.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict reading of a CSV file with a known set of columns. The header must name exactly those columns (in any
 * order, any letter case); every row must have as many fields as the header; values are checked as the row is
 * turned into an object. Problems are collected with their line numbers instead of stopping at the first, up to
 * {@link #MAX_PROBLEMS}.
 */
final class CsvTable {

    static final int MAX_PROBLEMS = 20;

    /** Plain decimal numbers only: no NaN, Infinity, hex, or Java's 'd'/'f' suffixes that Double.parseDouble takes. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    /** Turns one row into a value, or reports why it cannot. */
    interface RowMapper<T> {
        T map(Row row) throws BadRow;
    }

    /** A row that cannot be used; the message names the column and the value. */
    static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;

        BadRow(String message) {
            super(message);
        }
    }

    /** One data row with access by column name. */
    static final class Row {
        private final int line;
        private final List<String> fields;
        private final Map<String, Integer> columns;

        private Row(int line, List<String> fields, Map<String, Integer> columns) {
            this.line = line;
            this.fields = fields;
            this.columns = columns;
        }

        int line() {
            return line;
        }

        /** A non-empty identifier. */
        String id(String column) throws BadRow {
            String value = fields.get(columns.get(column));
            if (value.isEmpty()) {
                throw new BadRow(column + " is empty");
            }
            return value;
        }

        /** A finite decimal number. */
        double number(String column) throws BadRow {
            String value = fields.get(columns.get(column));
            if (value.isEmpty()) {
                throw new BadRow(column + " is empty");
            }
            if (!NUMBER.matcher(value).matches()) {
                throw new BadRow(column + " '" + value + "' is not a number");
            }
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw new BadRow(column + " '" + value + "' is out of range");
            }
            return parsed;
        }
    }

    /** Collects problems, keeping the first {@link #MAX_PROBLEMS}. */
    static final class Problems {
        private final List<CsvProblem> listed = new ArrayList<>();
        private int omitted;

        void add(int line, String message) {
            if (listed.size() < MAX_PROBLEMS) {
                listed.add(new CsvProblem(line, message));
            } else {
                omitted++;
            }
        }

        boolean any() {
            return !listed.isEmpty();
        }

        void throwIfAny(String source) throws CsvFormatException {
            if (any()) {
                throw new CsvFormatException(source, listed, omitted);
            }
        }
    }

    private CsvTable() {
    }

    /**
     * Reads all rows, mapping each with {@code mapper}; rows that fail are reported in {@code problems} and left out.
     * Throws right away if the header or the quoting is broken, since nothing after that can be trusted.
     */
    static <T> List<T> read(Reader in, String source, List<String> expected, RowMapper<T> mapper, Problems problems)
            throws IOException, CsvFormatException {
        var parser = new CsvParser(skipBom(in));
        List<T> rows = new ArrayList<>();
        try {
            CsvRecord header = parser.next();
            Map<String, Integer> columns = header(header, expected, problems);
            problems.throwIfAny(source);
            for (CsvRecord record = parser.next(); record != null; record = parser.next()) {
                if (record.fields().size() != expected.size()) {
                    problems.add(record.line(), "expected " + expected.size() + " fields ("
                            + String.join(",", expected) + "), found " + record.fields().size());
                    continue;
                }
                try {
                    rows.add(mapper.map(new Row(record.line(), record.fields(), columns)));
                } catch (BadRow bad) {
                    problems.add(record.line(), bad.getMessage());
                }
            }
        } catch (CsvParser.MalformedRecord malformed) {
            problems.add(malformed.line, malformed.getMessage());
            problems.throwIfAny(source);
        }
        return rows;
    }

    private static Map<String, Integer> header(CsvRecord header, List<String> expected, Problems problems) {
        String wanted = "expected the header " + String.join(",", expected);
        if (header == null) {
            problems.add(1, "file is empty; " + wanted);
            return Map.of();
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> fields = header.fields();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).toLowerCase(Locale.ROOT);
            if (!expected.contains(name)) {
                problems.add(header.line(), "unknown column '" + fields.get(i) + "'; " + wanted);
            } else if (columns.putIfAbsent(name, i) != null) {
                problems.add(header.line(), "column '" + name + "' appears twice");
            }
        }
        for (String column : expected) {
            if (!columns.containsKey(column)) {
                problems.add(header.line(), "missing column '" + column + "'; " + wanted);
            }
        }
        return columns;
    }

    private static Reader skipBom(Reader in) throws IOException {
        var buffered = in instanceof java.io.BufferedReader b ? b : new java.io.BufferedReader(in);
        buffered.mark(1);
        if (buffered.read() != '\uFEFF') {
            buffered.reset();
        }
        return buffered;
    }
}
