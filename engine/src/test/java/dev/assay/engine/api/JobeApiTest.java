package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Jobe's REST API as Moodle's CodeRunner calls it, over real HTTP on loopback, with programs run in the node's real
 * bubblewrap sandbox: languages, runs with every outcome a question author meets, the file cache, the X-API-KEY
 * header, and refusals that name the field.
 */
class JobeApiTest {
    static final String BASE = "/jobe/index.php/restapi";
    static TestNode node;
    Api api;
    /** The same platform, calling as CodeRunner does: the API key in X-API-KEY, no Authorization header. */
    Api jobe;
    String key;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @BeforeEach
    void platform() throws Exception {
        api = node.newPlatform("jobe");
        api.requireSandbox();
        key = api.token();
        jobe = api.as(null);
    }

    private Api.Response call(String method, String path, Object body) {
        HttpRequest.Builder b = jobe.request(path).header("X-API-KEY", key).header("Content-Type", "application/json");
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : dev.assay.engine.store.Json.write(body));
        return jobe.send(b.method(method, publisher).build());
    }

    private JsonNode run(Map<String, Object> spec) {
        Api.Response r = call("POST", BASE + "/runs", Map.of("run_spec", spec));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("run_id").isNull()).isTrue();
        return r.json();
    }

    private List<String> languages() {
        List<String> ids = new ArrayList<>();
        call("GET", BASE + "/languages", null).json().forEach(l -> ids.add(l.get(0).asText()));
        return ids;
    }

    @Test
    void languagesNeedThePlatformsKey() {
        Api.Response listed = call("GET", BASE + "/languages", null);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().isArray()).isTrue();
        assertThat(listed.json()).allSatisfy(pair -> {
            assertThat(pair).hasSize(2);
            assertThat(pair.get(1).asText()).isNotBlank();
        });
        assertThat(languages()).contains("python3");
        // The bearer form works too; no key, a wrong key or a learner token does not.
        assertThat(api.get(BASE + "/languages").status()).isEqualTo(200);
        assertThat(jobe.get(BASE + "/languages").status()).isEqualTo(401);
        assertThat(jobe.send(jobe.request(BASE + "/languages").header("X-API-KEY", "wrong").GET().build()).status())
                .isEqualTo(401);
        Api learner = api.as(api.post("/v1/learner-tokens", Map.of("learnerId", "ada")).json().get("token").asText());
        assertThat(learner.get(BASE + "/languages").status()).isEqualTo(403);
        // X-API-KEY is Jobe's header: the rest of the API still wants the bearer form.
        assertThat(jobe.send(jobe.request("/v1/courses").header("X-API-KEY", key).GET().build()).status()).isEqualTo(401);
    }

    @Test
    void aPythonProgramReadsItsInput() {
        JsonNode result = run(Map.of("language_id", "python3", "sourcecode", "name = input()\nprint('Hello', name)\n",
                "input", "Ada\n"));
        assertThat(result.get("outcome").asInt()).isEqualTo(15);
        assertThat(result.get("stdout").asText()).isEqualTo("Hello Ada\n");
        assertThat(result.get("stderr").asText()).isEmpty();
        assertThat(result.get("cmpinfo").asText()).isEmpty();
    }

    @Test
    void failuresGetJobesOutcomeCodes() {
        JsonNode syntax = run(Map.of("language_id", "python3", "sourcecode", "print('unclosed'\n"));
        assertThat(syntax.get("outcome").asInt()).isEqualTo(11);
        assertThat(syntax.get("cmpinfo").asText()).contains("SyntaxError");

        JsonNode raised = run(Map.of("language_id", "python3", "sourcecode", "raise ValueError('no')\n"));
        assertThat(raised.get("outcome").asInt()).isEqualTo(12);
        assertThat(raised.get("stderr").asText()).contains("ValueError: no");

        JsonNode looping = run(Map.of("language_id", "Python3", "sourcecode", "while True:\n    pass\n",
                "parameters", Map.of("cputime", "1")));
        assertThat(looping.get("outcome").asInt()).isEqualTo(13);

        JsonNode greedy = run(Map.of("language_id", "python3", "sourcecode", "x = bytearray(400 * 1024 * 1024)\n",
                "parameters", Map.of("memorylimit", 64)));
        assertThat(greedy.get("outcome").asInt()).isEqualTo(17);

        // Output that is not UTF-8 comes back with its bytes spelt out, as Jobe does, not replaced.
        JsonNode binary = run(Map.of("language_id", "python3",
                "sourcecode", "import sys\nsys.stdout.buffer.write(b'ok\\xff\\n')\n"));
        assertThat(binary.get("outcome").asInt()).isEqualTo(15);
        assertThat(binary.get("stdout").asText()).isEqualTo("ok\\xff\n");
    }

    @Test
    void javaAndCRunUnderTheirUsualNames() {
        List<String> offered = languages();
        assumeThat(offered).as("this machine's toolchains").contains("java", "c");
        JsonNode java = run(Map.of("language_id", "java", "sourcecode",
                "public class Greeter {\n  public static void main(String[] a) {\n"
                        + "    System.out.println(new java.util.Scanner(System.in).nextInt() * 2);\n  }\n}\n",
                "input", "21\n", "sourcefilename", "prog.java"));
        assertThat(java.get("outcome").asInt()).as(java.toString()).isEqualTo(15);
        assertThat(java.get("stdout").asText()).isEqualTo("42\n");

        JsonNode broken = run(Map.of("language_id", "c", "sourcecode", "int main(void) { return undeclared; }\n"));
        assertThat(broken.get("outcome").asInt()).isEqualTo(11);
        assertThat(broken.get("cmpinfo").asText()).contains("undeclared");
    }

    @Test
    void supportFilesComeFromThePlatformsCache() throws Exception {
        String id = "a1b2c3d4e5f6";
        assertThat(call("HEAD", BASE + "/files/" + id, null).status()).isEqualTo(404);
        Map<String, Object> spec = Map.of("language_id", "python3",
                "sourcecode", "print(sum(int(x) for x in open('data.txt').read().split()))\n",
                "file_list", List.of(List.of(id, "data.txt")));
        Api.Response missing = call("POST", BASE + "/runs", Map.of("run_spec", spec));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/errors/0/field").asText()).isEqualTo("run_spec.file_list[0]");

        String contents = Base64.getEncoder().encodeToString("1 2 3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(call("PUT", BASE + "/files/" + id, Map.of("file_contents", contents)).status()).isEqualTo(204);
        assertThat(call("HEAD", BASE + "/files/" + id, null).status()).isEqualTo(204);
        JsonNode summed = run(spec);
        assertThat(summed.get("outcome").asInt()).as(summed.toString()).isEqualTo(15);
        assertThat(summed.get("stdout").asText()).isEqualTo("6\n");

        // Another platform's cache is its own.
        Api other = node.newPlatform("jobe-other");
        assertThat(other.send(other.request(BASE + "/files/" + id).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build()).status()).isEqualTo(404);
    }

    @Test
    void badRequestsNameTheField() {
        assertThat(field(call("POST", BASE + "/runs", Map.of("spec", Map.of())))).isEqualTo("run_spec");
        assertThat(field(call("POST", BASE + "/runs", Map.of("run_spec",
                Map.of("language_id", "cobol", "sourcecode", "x"))))).isEqualTo("run_spec.language_id");
        assertThat(field(call("POST", BASE + "/runs", Map.of("run_spec",
                Map.of("language_id", "python3"))))).isEqualTo("run_spec.sourcecode");
        assertThat(field(call("POST", BASE + "/runs", Map.of("run_spec", Map.of("language_id", "python3",
                "sourcecode", "x", "parameters", Map.of("cputime", 1000)))))).isEqualTo("run_spec.parameters.cputime");
        assertThat(field(call("POST", BASE + "/runs", Map.of("run_spec", Map.of("language_id", "python3",
                "sourcecode", "x", "sourcefilename", "../../etc/passwd"))))).isEqualTo("run_spec.sourcefilename");
        assertThat(field(call("POST", BASE + "/runs", Map.of("run_spec", Map.of("language_id", "python3",
                "sourcecode", "x", "file_list", List.of(List.of("short", "a.txt"))))))).isEqualTo("run_spec.file_list[0]");
        assertThat(field(call("POST", BASE + "/runs", "{\"run_spec\": {"))).isEqualTo("body");
        assertThat(field(call("PUT", BASE + "/files/a1b2c3d4e5f6", Map.of("file_contents", "not base64!"))))
                .isEqualTo("file_contents");
        assertThat(field(call("PUT", BASE + "/files/short", Map.of("file_contents", "")))).isEqualTo("fileId");
        assertThat(call("DELETE", BASE + "/files/a1b2c3d4e5f6", null).status()).isEqualTo(405);
    }

    private static String field(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        return r.json().at("/errors/0/field").asText();
    }
}
