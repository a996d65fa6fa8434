package dev.assay.peerreview.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a character stream: comma-separated, fields optionally in double quotes (a quoted field may
 * hold commas, line breaks and doubled quotes), lines ending in LF or CRLF. Each record carries the line it starts
 * on, so errors can point at it even after a multi-line quoted field. Unquoted fields are trimmed (hand-written files
 * often put a space after the comma); quoted fields are taken as written. Blank lines are skipped.
 */
final class CsvParser {

    private final Reader in;
    private int line = 1;
    private int pending = -2;

    CsvParser(Reader in) {
        this.in = in;
    }

    /** The next record, or null at end of input. */
    CsvRecord next() throws IOException, MalformedRecord {
        while (true) {
            int c = peek();
            if (c == -1) {
                return null;
            }
            if (c == '\n' || c == '\r') {
                consumeLineEnd();
                continue;
            }
            return record();
        }
    }

    /** A record whose quoting is broken; reading cannot continue past it. */
    static final class MalformedRecord extends Exception {
        private static final long serialVersionUID = 1L;

        final int line;

        MalformedRecord(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private CsvRecord record() throws IOException, MalformedRecord {
        int start = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            fields.add(field(start));
            int c = peek();
            if (c == ',') {
                read();
                continue;
            }
            if (c == '\n' || c == '\r') {
                consumeLineEnd();
            }
            return new CsvRecord(start, fields);
        }
    }

    private String field(int recordLine) throws IOException, MalformedRecord {
        var text = new StringBuilder();
        int c = peek();
        while (c == ' ' || c == '\t') {
            read();
            c = peek();
        }
        if (c != '"') {
            while (c != -1 && c != ',' && c != '\n' && c != '\r') {
                text.append((char) read());
                c = peek();
            }
            if (text.indexOf("\"") >= 0) {
                throw new MalformedRecord(recordLine, "a quote inside an unquoted field (quote the whole field and"
                        + " double the quote)");
            }
            return text.toString().strip();
        }
        read();
        int quoteLine = line;
        while (true) {
            int d = read();
            if (d == -1) {
                throw new MalformedRecord(quoteLine, "quoted field is never closed");
            }
            if (d == '"') {
                if (peek() == '"') {
                    read();
                    text.append('"');
                    continue;
                }
                break;
            }
            if (d == '\n') {
                line++;
            }
            text.append((char) d);
        }
        c = peek();
        while (c == ' ' || c == '\t') {
            read();
            c = peek();
        }
        if (c != -1 && c != ',' && c != '\n' && c != '\r') {
            throw new MalformedRecord(line, "text after the closing quote of a field");
        }
        return text.toString();
    }

    private void consumeLineEnd() throws IOException {
        int c = read();
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() throws IOException {
        if (pending == -2) {
            pending = in.read();
        }
        return pending;
    }

    private int read() throws IOException {
        int c = peek();
        pending = -2;
        return c;
    }
}
