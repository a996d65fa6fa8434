package dev.assay.graders.essay;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of fields from delimited text (CSV or TSV) with double-quoted fields that may hold separators, doubled
 * quotes and line breaks; CR, LF and CRLF all end a row. Shared by the ASAP reader and the exemplar CSV upload.
 */
final class DelimitedText {
    private DelimitedText() {
    }

    /** A row's fields and the line it starts on (1-based), so that errors can point into the file. */
    record Row(int line, List<String> fields) {
    }

    static List<List<String>> parse(Reader input, char separator, boolean strict) throws IOException {
        return rows(input, separator, strict).stream().map(Row::fields).toList();
    }

    /**
     * @param strict malformed quoting is an error (uploads) rather than read as it comes (the ASAP files, which are
     *               read as they are): an unterminated quoted field, or text between a closing quote and the next
     *               separator ({@code "He said "no" twice"}, whose inner quotes should have been doubled)
     */
    static List<Row> rows(Reader input, char separator, boolean strict) throws IOException {
        Reader in = input.markSupported() ? input : new java.io.BufferedReader(input);
        List<Row> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        boolean afterQuote = false;
        int line = 1;
        int rowLine = 1;
        int c;
        while ((c = in.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else if (ch == separator) {
                row.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                afterQuote = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                line++;
                row.add(field.toString());
                field.setLength(0);
                rows.add(new Row(rowLine, row));
                row = new ArrayList<>();
                rowLine = line;
                fieldStart = true;
                afterQuote = false;
            } else {
                if (afterQuote && strict) {
                    if (ch == ' ' || ch == '\t') {
                        continue; // padding after the closing quote is not part of the field
                    }
                    throw new IOException("line " + line + ": text after the closing quote of a quoted field (a quote"
                            + " inside a quoted field is written twice: \"\")");
                }
                field.append(ch);
                fieldStart = false;
            }
        }
        if (quoted && strict) {
            throw new IOException("unterminated quoted field in the row starting on line " + rowLine);
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(new Row(rowLine, row));
        }
        return rows;
    }
}
