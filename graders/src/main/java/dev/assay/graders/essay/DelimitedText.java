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

    /**
     * @param strict an unterminated quoted field is an error (uploads) rather than running to the end (the ASAP
     *               files, which are read as they are)
     */
    static List<List<String>> parse(Reader input, char separator, boolean strict) throws IOException {
        Reader in = input.markSupported() ? input : new java.io.BufferedReader(input);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        int line = 1;
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
                rows.add(row);
                row = new ArrayList<>();
                fieldStart = true;
            } else {
                field.append(ch);
                fieldStart = false;
            }
        }
        if (quoted && strict) {
            throw new IOException("unterminated quoted field at line " + line);
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
