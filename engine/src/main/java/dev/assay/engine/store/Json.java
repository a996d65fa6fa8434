package dev.assay.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * The one Jackson mapper of the engine: strict on input, ISO dates on output, and no NUL characters in what it
 * writes.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static {
        // PostgreSQL's jsonb cannot hold U+0000, and every result is stored as jsonb: a program that prints a NUL
        // byte made its result unstorable, so the submission was retried for ever. Input with NUL is refused at the
        // API; what the engine itself writes (program output in feedback and evidence) shows it as U+2400 (␀).
        MAPPER.getFactory().setCharacterEscapes(new NulAsSymbol());
    }

    private static final class NulAsSymbol extends CharacterEscapes {
        private static final int[] ESCAPES = CharacterEscapes.standardAsciiEscapesForJSON();
        private static final SerializedString SYMBOL = new SerializedString("\\u2400");

        static {
            ESCAPES[0] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ESCAPES;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0 ? SYMBOL : null;
        }
    }

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same JSON value in one spelling: object members sorted by name at every depth and numbers in their
     * shortest exact form, so that two requests that mean the same (members in another order, 2 and 2.0) compare
     * equal.
     */
    /**
     * {@code patch} applied to {@code target} as a JSON merge patch (RFC 7396): objects merge member by member, a
     * null removes a member, anything else (arrays too) replaces. {@code target} is left as it was.
     */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : object();
        patch.properties().forEach(member -> {
            if (member.getValue().isNull()) {
                out.remove(member.getKey());
            } else {
                out.set(member.getKey(), mergePatch(out.get(member.getKey()), member.getValue()));
            }
        });
        return out;
    }

    public static JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = object();
            new java.util.TreeMap<>(object.properties().stream().collect(java.util.stream.Collectors.toMap(
                    java.util.Map.Entry::getKey, java.util.Map.Entry::getValue))).forEach((k, v) -> out.set(k, canonical(v)));
            return out;
        }
        if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            com.fasterxml.jackson.databind.node.ArrayNode out = MAPPER.createArrayNode();
            array.forEach(v -> out.add(canonical(v)));
            return out;
        }
        if (node.isNumber()) {
            java.math.BigDecimal d = node.decimalValue().stripTrailingZeros();
            return MAPPER.getNodeFactory().numberNode(d.scale() < 0 ? d.setScale(0) : d);
        }
        return node;
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
