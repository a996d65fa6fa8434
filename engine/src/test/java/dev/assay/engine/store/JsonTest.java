package dev.assay.engine.store;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {
    @Test
    void nulCharactersAreWrittenAsTheirSymbolAndEverythingElseAsItIs() {
        String written = Json.write(Map.of("out", "5\u0000\n\t\u0001é\\u0000"));
        // The NUL becomes its symbol; a learner's literal backslash-u0000 text stays text.
        assertThat(written).isEqualTo("{\"out\":\"5\\u2400\\n\\t\\u0001é\\\\u0000\"}");
        assertThat(Json.parse(written).get("out").asText()).isEqualTo("5\u2400\n\t\u0001é\\u0000");
        assertThat(Json.write(Json.parse("{\"a\":\"x\\u0000y\"}"))).isEqualTo("{\"a\":\"x\\u2400y\"}");
    }

    @Test
    void theCanonicalFormIgnoresMemberOrderAndNumberSpelling() {
        var a = Json.parse("{\"q6\": {\"fr\": \"paris\", \"de\": \"berlin\"}, \"n\": [2, 0.50, 1e2]}");
        var b = Json.parse("{\"n\": [2.0, 0.5, 100], \"q6\": {\"de\": \"berlin\", \"fr\": \"paris\"}}");
        assertThat(Json.write(Json.canonical(a))).isEqualTo(Json.write(Json.canonical(b)))
                .isEqualTo("{\"n\":[2,0.5,100],\"q6\":{\"de\":\"berlin\",\"fr\":\"paris\"}}");
        var c = Json.parse("{\"q6\": {\"fr\": \"paris\", \"de\": \"bonn\"}, \"n\": [2, 0.50, 1e2]}");
        assertThat(Json.write(Json.canonical(c))).isNotEqualTo(Json.write(Json.canonical(a)));
    }
}
