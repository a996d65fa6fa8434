package dev.assay.graders.essay;

import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header row of an exemplar CSV: where the text is and where each score is (the {@code score} column, or one
 * column per criterion id; names are matched without regard to case or surrounding spaces). A header the rows
 * cannot be read by is refused with every problem it has, naming the field {@code exemplars}.
 *
 * @param width  the number of columns the header names (a row may have fewer, never more)
 * @param text   the text (or essay) column
 * @param scores per score ({@code score}, or each criterion id in rubric order), its column
 */
record ExemplarCsvHeader(int width, int text, Map<String, Integer> scores) {

    static ExemplarCsvHeader read(List<String> names, EssayAssessment assessment) {
        Map<String, Integer> columns = new HashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toLowerCase(Locale.ROOT);
            Integer first = columns.putIfAbsent(name, i);
            // Unnamed columns (a spreadsheet's trailing empty cells) are never read, so they may repeat.
            if (first != null && !name.isEmpty()) {
                violations.add(new Violation("exemplars", "the CSV header names column '" + names.get(i).trim()
                        + "' twice (columns " + (first + 1) + " and " + (i + 1) + ")"));
            }
        }
        Integer text = columns.containsKey("text") ? columns.get("text") : columns.get("essay");
        if (text == null) {
            violations.add(new Violation("exemplars", "the CSV needs a text (or essay) column"));
        }
        Map<String, Integer> scores = new LinkedHashMap<>();
        if (assessment.hasRubric()) {
            List<String> ids = assessment.criteria().stream().map(Criterion::id).toList();
            for (String id : ids) {
                Integer col = columns.get(id.toLowerCase(Locale.ROOT));
                if (col == null) {
                    violations.add(new Violation("exemplars", "the CSV needs a column for criterion " + id));
                } else {
                    scores.put(id, col);
                }
            }
            // As "score" in a JSON exemplar of a rubric: staff meant it to count, and it would be ignored.
            if (columns.containsKey("score") && ids.stream().noneMatch(id -> id.equalsIgnoreCase("score"))) {
                violations.add(new Violation("exemplars", "the CSV has a score column, but this assessment is "
                        + "scored by its rubric: give each criterion's score in its own column ("
                        + String.join(", ", ids) + ") and leave the score column out"));
            }
        } else if (!columns.containsKey("score")) {
            violations.add(new Violation("exemplars", "the CSV needs a score column"));
        } else {
            scores.put("score", columns.get("score"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new ExemplarCsvHeader(names.size(), text, scores);
    }
}
