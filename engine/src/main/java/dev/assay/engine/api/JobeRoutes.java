package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.assay.engine.grading.CodeGrading;
import dev.assay.engine.jobe.JobeLanguage;
import dev.assay.engine.jobe.JobeResult;
import dev.assay.engine.jobe.JobeRun;
import dev.assay.engine.node.Services;
import dev.assay.engine.node.VirtualThreads;
import dev.assay.engine.store.Json;
import dev.assay.graders.Violation;
import dev.assay.graders.code.LanguageUnavailableException;
import dev.assay.graders.code.Languages;
import dev.assay.graders.code.ProgramRun;
import dev.assay.graders.code.SandboxUnavailableException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobe's REST API (the remote sandbox Moodle's CodeRunner calls), served by Assay's sandbox, so that a Moodle site
 * can point CodeRunner at an Assay node: {@code GET languages}, {@code POST runs} (compile and run one program on
 * one input, synchronously), and the file cache ({@code PUT}/{@code HEAD files/{id}}). The platform's API key goes in
 * Jobe's {@code X-API-KEY} header (or as a bearer token). Errors are problem+json like the rest of the API; Jobe
 * clients show the body of a non-200 answer as its message.
 */
final class JobeRoutes {
    static final String BASE = "/jobe/index.php/restapi";
    /** How long a run waits for one of this node's sandboxes before it is answered as an overload (Jobe's 21). */
    static final Duration SANDBOX_WAIT = Duration.ofSeconds(10);

    private JobeRoutes() {
    }

    static void mount(Router router, Services s) {
        router.get(BASE + "/languages").handler(Reply.handler(ctx -> {
            Auth.platform(ctx);
            ArrayNode languages = Json.MAPPER.createArrayNode();
            if (s.kinds().code().sandbox().available()) {
                Languages.available().forEach(l -> JobeLanguage.of(l.language())
                        .ifPresent(j -> languages.addArray().add(j.id()).add(l.version())));
            }
            return Future.succeededFuture(Reply.ok(languages));
        }));
        router.post(BASE + "/runs").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            JobeRun run = JobeRun.read(Bodies.object(ctx)); // 400 naming every bad field
            CodeGrading code = s.kinds().code();
            if (!code.sandbox().available()) {
                throw new ApiProblem(503, "grader-unavailable", "Sandbox unavailable",
                        "code runs are unavailable on this node: " + code.sandbox().reason(), List.of());
            }
            String main = run.sourceFileName() != null ? run.sourceFileName()
                    : ProgramRun.defaultFileName(run.language().language(), run.source());
            if (run.files().containsValue(main)) {
                throw ApiProblem.invalid("run_spec.file_list", "names the source file '" + main + "' again");
            }
            return s.jobeFiles().take(platformId, run.files().keySet()).compose(found -> {
                List<Violation> missing = new ArrayList<>();
                Map<String, byte[]> files = new LinkedHashMap<>();
                files.put(main, run.source().getBytes(StandardCharsets.UTF_8));
                int i = 0;
                for (Map.Entry<String, String> file : run.files().entrySet()) {
                    byte[] contents = found.get(file.getKey());
                    if (contents == null) {
                        missing.add(new Violation("run_spec.file_list[" + i + "]", "file '" + file.getKey()
                                + "' is not in the cache: PUT it to " + BASE + "/files/" + file.getKey()));
                    }
                    files.put(file.getValue(), contents);
                    i++;
                }
                if (!missing.isEmpty()) {
                    // Jobe's 404 for a file not cached: clients upload it and run again.
                    return Future.failedFuture(new ApiProblem(404, "not-found", "File not cached",
                            missing.get(0).field() + ": " + missing.get(0).message(), missing));
                }
                return runOffTheEventLoop(s.vertx(), code, run, files, main);
            }).map(result -> Reply.ok(result.map(JobeResult::of).orElseGet(JobeResult::overloaded)));
        }));
        router.put(BASE + "/files/:fileId").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String id = fileId(ctx.pathParam("fileId"));
            Fields body = Fields.of(ctx, "file_contents");
            String encoded = body.text("file_contents", true);
            body.check();
            byte[] contents;
            try {
                contents = Base64.getMimeDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("file_contents", "must be base64: " + e.getMessage());
            }
            return s.jobeFiles().put(platformId, id, contents).map(v -> Reply.noContent());
        }));
        router.head(BASE + "/files/:fileId").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String id = fileId(ctx.pathParam("fileId"));
            return s.jobeFiles().exists(platformId, id).map(found -> {
                if (!found) {
                    throw ApiProblem.notFound("file", id);
                }
                return Reply.noContent();
            });
        }));
    }

    private static String fileId(String raw) {
        if (!JobeRun.FILE_ID.matcher(raw).matches()) {
            throw ApiProblem.invalid("fileId", "must be 8 to 64 letters and digits");
        }
        return raw;
    }

    /** A run may wait for a sandbox and then for the program: a virtual thread's job, not the event loop's. */
    private static Future<Optional<ProgramRun.Result>> runOffTheEventLoop(io.vertx.core.Vertx vertx, CodeGrading code,
                                                                        JobeRun run, Map<String, byte[]> files,
                                                                        String main) {
        return VirtualThreads.run(vertx, "jobe-run", () -> code.runProgram(
                        run.language().language(), files, main, run.input().getBytes(StandardCharsets.UTF_8),
                        run.limits(), SANDBOX_WAIT))
                .recover(e -> Future.failedFuture(switch (e) {
                    case LanguageUnavailableException u -> ApiProblem.invalid("run_spec.language_id", "'"
                            + run.language().id() + "' is not installed on this node (GET " + BASE + "/languages lists what is)");
                    // The node is stopping (its sandboxes were shut down) or has none: another node can take the run.
                    case SandboxUnavailableException u -> unavailable(u);
                    case CodeGrading.UnavailableException u -> unavailable(u);
                    default -> e;
                }));
    }

    private static ApiProblem unavailable(Exception e) {
        return new ApiProblem(503, "grader-unavailable", "Sandbox unavailable", e.getMessage(), List.of());
    }
}
