package dev.assay.graders.quiz;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Turns Jackson's binding errors into violations with {@code questions[2].choices[1].fraction}-style paths. */
final class JsonErrors {

    private static final String QUESTION_TYPES = "single_choice, multiple_response, true_false, numeric, "
            + "short_text, matching, ordering, fill_blanks";

    private JsonErrors() {
    }

    static Violation toViolation(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return new Violation("", "is not well-formed JSON: " + e.getOriginalMessage());
        }
        String path = path(mapping.getPath());
        return switch (mapping) {
            case UnrecognizedPropertyException unknown ->
                    new Violation(path, "is not a known property (known: " + known(unknown.getKnownPropertyIds()) + ")");
            case InvalidTypeIdException badType -> new Violation(join(path, "type"), badType.getTypeId() == null
                    ? "is required (one of " + QUESTION_TYPES + ")"
                    : "'" + badType.getTypeId() + "' is not a question type (one of " + QUESTION_TYPES + ")");
            case MismatchedInputException mismatch -> new Violation(path, "must be " + describe(mismatch.getTargetType()));
            default -> new Violation(path, mapping.getOriginalMessage());
        };
    }

    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String known(Collection<Object> ids) {
        List<String> names = new ArrayList<>();
        for (Object id : ids) {
            names.add(String.valueOf(id));
        }
        names.sort(null);
        return String.join(", ", names);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == int.class || type == long.class) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + enumNames(type);
        }
        return "an object";
    }

    private static String enumNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (var field : type.getFields()) {
            JsonProperty property = field.getAnnotation(JsonProperty.class);
            if (field.isEnumConstant()) {
                names.add(property != null ? property.value() : field.getName());
            }
        }
        return String.join(", ", names);
    }
}
