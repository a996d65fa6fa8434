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
}
