package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.node.Services;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The unauthenticated operational endpoints: the API description, health and Prometheus metrics. */
class OpsEndpointsTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    static TestNode node;
    static Api api;
    static Api anonymous;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("ops");
        anonymous = api.as(null);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void openApiDocumentIsServedWithoutCredentials() {
        Api.Response r = anonymous.get("/v1/openapi.json");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode doc = r.json();
        assertThat(doc.path("openapi").asText()).matches("3\\.\\d+\\.\\d+");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.at("/components/securitySchemes/platformKey/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/components/schemas/Question/discriminator/propertyName").asText()).isEqualTo("type");
        assertThat(doc.at("/components/schemas/Question/oneOf")).hasSize(8);
    }

    @Test
    void everyMountedRouteIsDocumentedAndNothingElse() throws Exception {
        JsonNode doc = anonymous.get("/v1/openapi.json").json();
        Set<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        assertThat(documented).isEqualTo(mountedRoutes());
    }

    @Test
    void codeLimitsAreDocumentedAsTheyAreValidated() {
        JsonNode limits = anonymous.get("/v1/openapi.json").json()
                .at("/components/schemas/CodeDefinition/properties/limits/properties");
        dev.assay.graders.code.Limits d = dev.assay.graders.code.Limits.DEFAULT;
        // field -> {type, minimum, maximum, default}, from the validation in graders' Limits
        Map<String, List<Object>> expected = Map.of(
                "cpuSeconds", List.of("integer", 1, dev.assay.graders.code.Limits.MAX_CPU_SECONDS, d.cpuSeconds()),
                "wallSeconds", List.of("number", 0.1, dev.assay.graders.code.Limits.MAX_WALL_SECONDS, d.wallSeconds()),
                "memoryMb", List.of("integer", 16, dev.assay.graders.code.Limits.MAX_MEMORY_MB, d.memoryMb()),
                "outputKb", List.of("integer", 1, dev.assay.graders.code.Limits.MAX_OUTPUT_KB, d.outputKb()),
                "fileSizeKb", List.of("integer", 1, dev.assay.graders.code.Limits.MAX_FILE_SIZE_KB, d.fileSizeKb()),
                "processes", List.of("integer", 1, dev.assay.graders.code.Limits.MAX_PROCESSES, d.processes()));
        assertThat(limits.properties().stream().map(Map.Entry::getKey).toList()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((field, want) -> {
            JsonNode schema = limits.get(field);
            assertThat(schema.path("type").asText()).as(field).isEqualTo(want.get(0));
            assertThat(schema.path("minimum").asDouble()).as(field).isEqualTo(((Number) want.get(1)).doubleValue());
            assertThat(schema.path("maximum").asDouble()).as(field).isEqualTo(((Number) want.get(2)).doubleValue());
            assertThat(schema.path("default").asDouble()).as(field).isEqualTo(((Number) want.get(3)).doubleValue());
            assertThat(schema.has("exclusiveMinimum")).as(field).isFalse();
            assertThat(schema.path("description").asText()).as(field).isNotBlank();
        });
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        JsonNode doc = anonymous.get("/v1/openapi.json").json();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);

        assertThat(refs).isNotEmpty();
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
    }

    @Test
    void everyRouteReasonIsDocumented() {
        JsonNode doc = anonymous.get("/v1/openapi.json").json();
        Set<String> documented = new TreeSet<>();
        doc.at("/components/schemas/RoutedResult/properties/reasons/items/enum").forEach(r -> documented.add(r.asText()));

        Set<String> reasons = new TreeSet<>();
        for (dev.assay.graders.essay.RouteReason r : dev.assay.graders.essay.RouteReason.values()) {
            reasons.add(r.jsonName());
        }
        reasons.add(dev.assay.graders.code.CodeVerdict.CHECKER_ERROR_REASON); // code whose staff checker failed
        assertThat(documented).isEqualTo(reasons);
    }

    @Test
    void liveness() {
        Api.Response r = anonymous.get("/health/live");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void readinessReportsStoreAndClusterUp() {
        Api.Response r = anonymous.get("/health/ready");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("UP");
        assertThat(r.json().at("/checks/store/status").asText()).isEqualTo("UP");
        assertThat(r.json().at("/checks/cluster/status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsExposeHttpRequestsQueueDepthAndQuizGradingTime() {
        String quiz = Quizzes.createQuiz(api, "ops-1", Quizzes.twoQuestions(true));
        Api.Response submitted = api.post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "ola", "answers", Map.of("q1", "a", "q2", true)));
        assertThat(submitted.status()).isEqualTo(201);

        Api.Response r = anonymous.get("/metrics");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        String text = r.body();
        assertThat(sample(text, "vertx_http_server_requests_total", "code=\"201\",method=\"POST\"")).isGreaterThanOrEqualTo(1);
        assertThat(text).contains("vertx_http_server_response_time_seconds_count{");
        assertThat(text).containsPattern("(?m)^assay_grading_queue_depth \\d");
        assertThat(sample(text, "assay_grading_seconds_count", "grader=\"quiz\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theQueueDepthIsReadFromTheStoreAtEachScrape() throws Exception {
        // Found in QA: each node refreshed the gauge from its own sweep, every few seconds, so two nodes of one
        // cluster scraped together reported different depths. Work put in the store just now (a submission another
        // node accepted, in effect) is counted by the next scrape, not the next sweep.
        String quiz = Quizzes.createQuiz(api, "ops-depth", Quizzes.twoQuestions(true));
        var pg = node.pg();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            try (var insert = c.prepareStatement("""
                    INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash,
                                            response, status, submitted_version)
                    SELECT gen_random_uuid(), platform_id, id, course_id, 'depth-' || g, '\\x00', '{}', 'accepted', 1
                    FROM assessments, generate_series(1, 3) g WHERE id = ?::uuid""")) {
                insert.setString(1, quiz);
                assertThat(insert.executeUpdate()).isEqualTo(3);
            }
            long stored;
            try (var count = c.createStatement().executeQuery("""
                    SELECT (SELECT count(*) FROM submissions WHERE graded_version IS NULL)
                         + (SELECT count(*) FROM regrade_items WHERE NOT done)""")) {
                count.next();
                stored = count.getLong(1);
            }
            try {
                String text = anonymous.get("/metrics").body();
                Matcher m = Pattern.compile("(?m)^assay_grading_queue_depth (\\S+)$").matcher(text);
                assertThat(m.find()).isTrue();
                assertThat(Double.parseDouble(m.group(1))).isEqualTo((double) stored).isGreaterThanOrEqualTo(3.0);
            } finally {
                try (var delete = c.prepareStatement("""
                        WITH mine AS (SELECT id FROM submissions WHERE assessment_id = ?::uuid AND learner_id LIKE 'depth-%'),
                             queued AS (DELETE FROM peer_queue WHERE submission_id IN (SELECT id FROM mine))
                        DELETE FROM submissions WHERE id IN (SELECT id FROM mine)""")) {
                    delete.setString(1, quiz);
                    delete.executeUpdate();
                }
            }
        }
    }

    /** The value of the sample with this name whose labels include {@code labels}, or -1. */
    private static double sample(String prometheusText, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(prometheusText);
        while (m.find()) {
            if (m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    /**
     * The router mounts the learner routes first, for speed (Vert.x matches paths in mount order); that is safe only
     * while no request could be served by two routes. Each route's path, its parameters filled in, must match no
     * other route of a method it shares.
     */
    @Test
    void noTwoRoutesServeTheSameRequest() throws Exception {
        record Mounted(Set<io.vertx.core.http.HttpMethod> methods, Pattern path, String sample) {
        }
        List<Mounted> routes = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            for (Route route : ApiVerticle.router(routingOnlyServices(vertx)).getRoutes()) {
                if (route.methods() == null || route.methods().isEmpty()) {
                    continue;
                }
                if (route.getPath() != null) {
                    String regex = String.join("/", java.util.Arrays.stream(route.getPath().split("/", -1))
                            .map(seg -> seg.startsWith(":") ? "[^/]+" : Pattern.quote(seg)).toList());
                    routes.add(new Mounted(route.methods(), Pattern.compile(regex), route.getPath().replaceAll(":\\w+", "p1")));
                } else if (route.isRegexPath() && route.getName() != null) {
                    routes.add(new Mounted(route.methods(), Pattern.compile(route.getName()),
                            route.getName().replaceAll("\\(\\?<\\w+>\\[\\^/]\\+\\)", "p1")));
                }
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        assertThat(routes).extracting(Mounted::sample).contains("/v1/assessments/p1/reviews:next", "/v1/submissions/p1");
        List<String> overlaps = new ArrayList<>();
        for (Mounted a : routes) {
            for (Mounted b : routes) {
                if (a != b && a.methods().stream().anyMatch(b.methods()::contains) && b.path().matcher(a.sample()).matches()) {
                    overlaps.add(a.methods() + " " + a.sample() + " also matches " + b.path());
                }
            }
        }
        assertThat(overlaps).isEmpty();
    }

    /** "METHOD /path/{param}" for every route with a method that the API router mounts (not the /v1/* filters). */
    private static Set<String> mountedRoutes() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Set<String> mounted = new TreeSet<>();
            for (Route route : ApiVerticle.router(routingOnlyServices(vertx)).getRoutes()) {
                if (route.methods() == null || route.getPath() == null) {
                    continue;
                }
                String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
                route.methods().forEach(m -> mounted.add(m.name() + " " + path));
            }
            assertThat(mounted).contains("POST /v1/assessments/{id}/submissions", "GET /metrics");
            return mounted;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Services with only what mounting needs (Vert.x and the config); the rest is used when a request is served.
     * Built reflectively so that this test does not break whenever the node gains a service.
     */
    private static Services routingOnlyServices(Vertx vertx) throws Exception {
        Constructor<?> constructor = Services.class.getDeclaredConstructors()[0];
        Object[] args = new Object[constructor.getParameterCount()];
        Class<?>[] types = constructor.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            if (types[i] == Vertx.class) {
                args[i] = vertx;
            } else if (types[i] == NodeConfig.class) {
                args[i] = NodeConfig.defaults();
            }
        }
        return (Services) constructor.newInstance(args);
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, out));
        }
    }

    /** Clients that offer an h2c upgrade (Java's default client does) get every large reply, over HTTP/1.1. */
    @Test
    void clientsOfferingH2cUpgradeAlwaysGetTheDocument() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 40; i++) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(node.baseUrl() + "/v1/openapi.json")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
            assertThat(response.body()).startsWith("{");
        }
    }
}
