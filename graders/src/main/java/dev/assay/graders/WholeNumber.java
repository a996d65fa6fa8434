package dev.assay.graders;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a JSON whole number the way JSON Schema's {@code integer} does: {@code 2} and {@code 2.0} are the same
 * number (JSON does not tell them apart, and many clients write every number as a double), {@code 2.5} is not one.
 */
public final class WholeNumber {
    private WholeNumber() {
    }

    /** {@code node}'s value when it is a number with no fractional part within {@code int}'s range, otherwise null. */
    public static Integer of(JsonNode node) {
        if (node == null || !node.isNumber() || !node.canConvertToInt()) {
            return null;
        }
        if (!node.isIntegralNumber() && node.doubleValue() != Math.rint(node.doubleValue())) {
            return null;
        }
        return node.intValue();
    }

    /** Whether {@code node} is a number with no fractional part, whatever its size. */
    public static boolean isWhole(JsonNode node) {
        return node != null && node.isNumber()
                && (node.isIntegralNumber() || node.doubleValue() == Math.rint(node.doubleValue()));
    }
}
