package dev.assay.peerreview.csv;

import java.util.List;

/** The fields of one CSV record and the line it starts on. */
record CsvRecord(int line, List<String> fields) {
}
