package dev.assay.engine.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.Json;
import dev.assay.graders.Violation;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns request bodies into JSON objects, or into a 4xx that names the offending field. */
final class Bodies {
    // Duplicate keys and trailing data are rejected: whichever copy a lenient parser kept, the client meant another.
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Bodies() {
    }

    /** The body, which must be a JSON object. */
    static ObjectNode object(RoutingContext ctx) {
        ObjectNode node = optionalObject(ctx);
        if (node == null) {
            throw ApiProblem.invalid("body", "a JSON object is required");
        }
        return node;
    }

    /** The body as a JSON object, or null when the request has none (for endpoints whose body is optional). */
    static ObjectNode optionalObject(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && !isJson(contentType)) {
            throw unsupportedMediaType(contentType, "application/json");
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            return null;
        }
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw ApiProblem.invalid("body", "must be a JSON object, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<Violation> unstorable = new ArrayList<>();
        requireStorable(node, "", unstorable);
        if (!unstorable.isEmpty()) {
            throw ApiProblem.invalid(unstorable);
        }
        return (ObjectNode) node;
    }

    /** 415 naming Content-Type and the types the endpoint reads ({@code accepted}, in words). */
    static ApiProblem unsupportedMediaType(String contentType, String accepted) {
        return new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                contentType.isBlank() ? "send the body as " + accepted + " and say so in Content-Type (it was empty)"
                        : "send the body as " + accepted + ", not " + contentType,
                List.of(new Violation("Content-Type", "must be " + accepted)));
    }

    /** The media type alone, in lower case: {@code Text/CSV; charset=utf-8} is {@code text/csv}. */
    static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /** A form or multipart body, which no endpoint reads (and which Vert.x would otherwise decode as a form). */
    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = mediaType(contentType);
        return type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }

    private static JsonNode parse(Buffer body) {
        try {
            return READER.readTree(body.getBytes());
        } catch (MismatchedInputException e) {
            // With the features above, the only mismatch a tree read reports is a repeated key.
            String field = e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext()) : "";
            throw ApiProblem.invalid(field.isEmpty() ? "body" : field, "appears more than once");
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
            int cut = reason.indexOf(" (");
            reason = (cut > 0 ? reason.substring(0, cut) : reason).split("\n", 2)[0];
            // The parser's advice is for Java programmers ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`").
            int advice = reason.indexOf(": enable ");
            reason = advice > 0 ? reason.substring(0, advice) : reason;
            throw ApiProblem.invalid("body", "malformed JSON: " + reason
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw ApiProblem.invalid("body", "unreadable body");
        }
    }

    /**
     * Finds what JSON can carry but the store cannot: PostgreSQL text and jsonb have no U+0000, and a number
     * too large for a double would be written back as the string "Infinity". Found here, each is a 400 naming its
     * field (all of them, up to {@link #MAX_UNSTORABLE}) instead of a failed insert.
     */
    private static void requireStorable(JsonNode node, String path, List<Violation> out) {
        if (out.size() >= MAX_UNSTORABLE) {
            return;
        }
        String bad = node.isTextual() ? unstorable(node.textValue()) : null;
        if (bad != null) {
            out.add(new Violation(fieldOrBody(path), "must not contain " + bad));
        }
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            out.add(new Violation(fieldOrBody(path), "is out of range (not a finite double)"));
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorable(node.get(i), path + "[" + i + "]", out);
            }
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String field = join(path, entry.getKey());
            String badName = unstorable(entry.getKey());
            if (badName != null) {
                out.add(new Violation(fieldOrBody(path), "field names must not contain " + badName));
            } else {
                requireStorable(entry.getValue(), field, out);
            }
        }
    }

    /** Unstorable values reported at once: enough for a client to see a pattern, few enough to read. */
    private static final int MAX_UNSTORABLE = 20;

    /**
     * A JSON string escape can also carry half of a surrogate pair ("\\ud800"), which is not a character: encoded
     * for the store it becomes "?", so two different learner ids would silently become one.
     */
    private static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "the character U+0000";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "an unpaired surrogate (\\u" + Integer.toHexString(c) + "), which is not a character";
                }
            }
        }
        return null;
    }

    static String join(String path, String field) {
        return path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
    }

    private static String fieldOrBody(String path) {
        return path.isEmpty() ? "body" : path;
    }

    private static String path(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return "";
        }
        String parent = path(context.getParent());
        if (context.inArray()) {
            return parent + "[" + Math.max(0, context.getCurrentIndex()) + "]";
        }
        return context.getCurrentName() == null ? parent : join(parent, context.getCurrentName());
    }
}
