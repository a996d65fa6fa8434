package dev.assay.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.assay.engine.store.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;

/** Turns request bodies into typed values, or into a 400 that names the offending field. */
public final class Bodies {
    private Bodies() {
    }

    public static JsonNode tree(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiProblem.invalid("body", "a JSON object is required");
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && !contentType.toLowerCase().contains("json")) {
            throw new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json", java.util.List.of());
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body.getBytes());
            if (node == null || !node.isObject()) {
                throw ApiProblem.invalid("body", "must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
            int cut = reason.indexOf(" (");
            reason = (cut > 0 ? reason.substring(0, cut) : reason).split("\n", 2)[0];
            throw ApiProblem.invalid("body", "malformed JSON: " + reason
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw ApiProblem.invalid("body", "unreadable body");
        }
    }

    /** True when the request carried no body at all (optional-body endpoints). */
    public static boolean absent(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        return body == null || body.length() == 0;
    }

    public static <T> T read(RoutingContext ctx, Class<T> type) {
        return convert(tree(ctx), type, "");
    }

    /** Binds a JSON tree to a record; {@code prefix} is prepended to field paths of nested values. */
    public static <T> T convert(JsonNode node, Class<T> type, String prefix) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.invalid(path(prefix, e), "unknown field");
        } catch (InvalidFormatException e) {
            throw ApiProblem.invalid(path(prefix, e), "wrong value type, expected " + simpleName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw ApiProblem.invalid(path(prefix, e), "wrong type, expected " + simpleName(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw ApiProblem.invalid(path(prefix, e), "invalid value");
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalid(prefix.isEmpty() ? "body" : prefix, "invalid JSON");
        }
    }

    public static String path(String prefix, JsonMappingException e) {
        StringBuilder sb = new StringBuilder(prefix);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String simpleName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        return "object";
    }
}
