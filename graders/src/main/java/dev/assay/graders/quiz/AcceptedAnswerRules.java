package dev.assay.graders.quiz;

import java.util.List;

/** Validation of accepted-answer lists, shared by numeric and short-text questions and by gaps. */
final class AcceptedAnswerRules {

    private AcceptedAnswerRules() {
    }

    static void texts(Violations out, String path, String field, List<AcceptedText> answers) {
        for (int k = 0; k < answers.size(); k++) {
            String at = Violations.at(path, field, k);
            AcceptedText answer = answers.get(k);
            if (answer == null) {
                out.add(at, "must not be null");
                continue;
            }
            if (answer.pattern() == null || answer.pattern().isBlank()) {
                out.add(at + ".pattern", "is required");
            } else if (answer.patternError() != null) {
                out.add(at + ".pattern", "is not a valid regular expression: " + answer.patternError());
            }
            out.fraction(at + ".fraction", answer.fraction());
        }
    }

    static void numbers(Violations out, String path, String field, List<AcceptedNumber> answers) {
        for (int k = 0; k < answers.size(); k++) {
            String at = Violations.at(path, field, k);
            AcceptedNumber answer = answers.get(k);
            if (answer == null) {
                out.add(at, "must not be null");
                continue;
            }
            if (answer.value() != null) {
                value(out, at, answer);
            } else {
                interval(out, at, answer);
            }
            out.fraction(at + ".fraction", answer.fraction());
        }
    }

    /** At least one accepted answer must give full credit, or no learner could earn the question's points. */
    static boolean reachesFullCredit(List<? extends Object> answers) {
        for (Object answer : answers) {
            double fraction = switch (answer) {
                case AcceptedText text -> text.fraction();
                case AcceptedNumber number -> number.fraction();
                case null, default -> 0.0;
            };
            if (fraction >= 1.0 - Scores.EPSILON) {
                return true;
            }
        }
        return false;
    }

    private static void value(Violations out, String at, AcceptedNumber answer) {
        if (!Double.isFinite(answer.value())) {
            out.add(at + ".value", "must be a finite number");
        }
        if (answer.min() != null || answer.max() != null) {
            out.add(at, "give either a value (with a tolerance) or an interval (min/max), not both");
        }
        if (answer.tolerance() != null && answer.relativeTolerance() != null) {
            out.add(at + ".relativeTolerance", "give either tolerance or relativeTolerance, not both");
        }
        nonNegative(out, at + ".tolerance", answer.tolerance());
        nonNegative(out, at + ".relativeTolerance", answer.relativeTolerance());
    }

    private static void interval(Violations out, String at, AcceptedNumber answer) {
        Double min = answer.min();
        Double max = answer.max();
        if (min == null && max == null) {
            out.add(at, "needs a value or an interval (min and/or max)");
            return;
        }
        if (answer.tolerance() != null || answer.relativeTolerance() != null) {
            out.add(at + ".tolerance", "applies only to a value, not to an interval");
        }
        boolean finite = true;
        if (min != null && !Double.isFinite(min)) {
            out.add(at + ".min", "must be a finite number (leave it out for no lower bound)");
            finite = false;
        }
        if (max != null && !Double.isFinite(max)) {
            out.add(at + ".max", "must be a finite number (leave it out for no upper bound)");
            finite = false;
        }
        if (finite && min != null && max != null) {
            if (min > max) {
                out.add(at + ".min", "must not be greater than max");
            } else if (min.equals(max) && !(answer.minInclusive() && answer.maxInclusive())) {
                out.add(at, "is an empty interval: min equals max and an end is exclusive");
            }
        }
    }

    private static void nonNegative(Violations out, String field, Double tolerance) {
        if (tolerance != null && !(tolerance >= 0.0 && Double.isFinite(tolerance))) {
            out.add(field, "must be a finite number >= 0");
        }
    }
}
