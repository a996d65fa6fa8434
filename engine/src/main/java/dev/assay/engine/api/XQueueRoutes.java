package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.grading.GraderKind;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.XQueueStore;
import dev.assay.graders.Violation;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * XQueue's LMS interface, so that an Open edX LMS can send {@code coderesponse} problems to Assay as if it were its
 * XQueue server ({@code XQUEUE_INTERFACE.url} set to the node): {@code POST /xqueue/login/} (the LMS's django_auth;
 * the password is the platform's API key), {@code POST /xqueue/submit/} (form fields {@code xqueue_header} and
 * {@code xqueue_body}; {@code grader_payload} names the Assay assessment), and the result posted back to the LMS's
 * callback URL by {@code XQueueRelay}. Replies are XQueue's {@code {"return_code": 0, "content": ...}}; a call
 * without a session gets XQueue's {@code login_required} (the LMS then logs in and sends again), and a request
 * Assay cannot take is a 4xx problem+json naming the field.
 */
final class XQueueRoutes {
    static final String SESSION_COOKIE = "assay_xqueue_session";
    private static final int MAX_LMS_KEY = SubmissionRoutes.MAX_KEY - XQueueStore.KEY_PREFIX.length();

    private XQueueRoutes() {
    }

    static void mount(Router router, Services s) {
        BodyHandler forms = BodyHandler.create(false).setBodyLimit(s.config().bodyLimitBytes()).setMergeFormAttributes(false);
        router.route("/xqueue/*").handler(forms);
        router.post("/xqueue/login").handler(Reply.handler(ctx -> {
            String password = ctx.request().getFormAttribute("password");
            if (password == null || password.isBlank()) {
                throw ApiProblem.invalid("password", "is required: the platform's API key");
            }
            return s.authenticator().authenticate(password).compose(principal -> {
                if (!(principal.orElse(null) instanceof Principal.Platform platform)) {
                    throw ApiProblem.unauthorized("Incorrect login credentials: the password must be the platform's API key");
                }
                return s.xqueue().createSession(platform.platformId()).map(token -> {
                    ctx.response().addCookie(Cookie.cookie(SESSION_COOKIE, token).setHttpOnly(true).setPath("/xqueue")
                            .setMaxAge(24 * 3600));
                    return Reply.ok(reply(true, "Logged in"));
                });
            });
        }));
        // Staff: where an LMS submission's result stands (the platform's API key, like the rest of /v1).
        router.get("/v1/xqueue/submissions/:lmsKey").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String lmsKey = Params.pathId(ctx, "lmsKey");
            return s.xqueue().callback(platformId, lmsKey).compose(found -> {
                var callback = found.orElseThrow(() -> new ApiProblem(404, "not-found", "Not found",
                        "no XQueue submission has lms_key '" + lmsKey + "'", List.of(new Violation("lmsKey", "does not exist"))));
                return s.submissions().byKey(platformId, XQueueStore.KEY_PREFIX + lmsKey).map(submission -> Reply.ok(
                        Json.object().put("lmsKey", callback.lmsKey()).put("queueName", callback.queueName())
                                .put("submissionId", submission.map(r -> r.id().toString()).orElse(null))
                                .put("status", callback.status()).put("attempts", callback.attempts())
                                .put("lastError", callback.lastError())
                                .put("deliveredAt", callback.deliveredAt() == null ? null
                                        : callback.deliveredAt().toInstant().toString())
                                .put("createdAt", callback.createdAt().toInstant().toString())));
            });
        }));
        router.get("/xqueue/status").handler(Reply.handler(ctx ->
                Future.succeededFuture(Reply.ok(reply(true, "OK")))));
        router.post("/xqueue/submit").handler(Reply.handler(ctx -> platform(ctx, s).compose(platform -> {
            if (platform.isEmpty()) {
                // XQueue's handshake, not an error: the LMS logs in on this answer and sends again.
                return Future.succeededFuture(Reply.ok(reply(false, "login_required")));
            }
            return submit(ctx, s, platform.get());
        })));
    }

    private static ObjectNode reply(boolean success, String content) {
        return Json.object().put("return_code", success ? 0 : 1).put("content", content);
    }

    /** The platform of the session cookie, or of a Basic (password) or Bearer API key; empty when none is given. */
    private static Future<Optional<Principal.Platform>> platform(RoutingContext ctx, Services s) {
        String authorization = ctx.request().getHeader("Authorization");
        String key = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.unauthorized("the Basic credentials are not base64");
            }
            key = decoded.substring(decoded.indexOf(':') + 1);
        } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).trim();
        }
        if (key != null) {
            return s.authenticator().authenticate(key).map(p -> {
                if (p.orElse(null) instanceof Principal.Platform platform) {
                    return Optional.of(platform);
                }
                throw ApiProblem.unauthorized("the credential is not a platform API key");
            });
        }
        Cookie session = ctx.request().getCookie(SESSION_COOKIE);
        return session == null ? Future.succeededFuture(Optional.empty()) : s.xqueue().sessionPlatform(session.getValue())
                .map(found -> found.map(p -> new Principal.Platform(p.getKey(), p.getValue())));
    }

    /** What an LMS submission names: where the result goes, and what to grade for whom. */
    private record LmsSubmission(String header, String callbackUrl, String lmsKey, String queueName, String learnerId,
                                 String response, UUID assessmentId) {
    }

    private static Future<Reply> submit(RoutingContext ctx, Services s, Principal.Platform platform) {
        LmsSubmission sub = read(ctx);
        return s.assessments().get(platform.platformId(), sub.assessmentId()).compose(found -> {
            var assessment = found.orElseThrow(() -> new ApiProblem(404, "not-found", "Not found", "assessment '"
                    + sub.assessmentId() + "' named by grader_payload does not exist",
                    List.of(new Violation("xqueue_body.grader_payload", "names no assessment of this platform"))));
            ObjectNode work = work(s.kinds().of(assessment.kind()), sub.response());
            // The callback first: once the submission is stored, the result has somewhere to go.
            return s.xqueue().register(platform.platformId(), sub.lmsKey(), sub.queueName(), sub.header(), sub.callbackUrl())
                    .compose(v -> SubmissionRoutes.submitFor(s, platform, sub.assessmentId(), sub.learnerId(), work,
                                    XQueueStore.KEY_PREFIX + sub.lmsKey())
                            // Refused (a deadline, answers that do not fit): no result will come for this callback.
                            .recover(e -> s.xqueue().abandon(platform.platformId(), sub.lmsKey(),
                                            "the submission was refused: " + e.getMessage())
                                    .transform(ignored -> Future.failedFuture(e))))
                    .compose(stored -> s.xqueue().pending(platform.platformId(), sub.queueName()))
                    .map(queued -> Reply.ok(reply(true, Long.toString(queued))));
        });
    }

    /** The submission as the assessment's kind takes it: code's source, an essay's or upload's text, quiz answers. */
    private static ObjectNode work(GraderKind kind, String response) {
        List<String> takes = kind.responseFields();
        if (takes.contains("source")) {
            return Json.object().put("source", response);
        }
        if (takes.contains("text")) {
            return Json.object().put("text", response);
        }
        JsonNode answers = parseOrNull(response);
        if (!(answers instanceof ObjectNode object)) {
            throw ApiProblem.invalid("xqueue_body.student_response", "must be a JSON object of answers for a quiz");
        }
        return Json.object().set("answers", object);
    }

    private static LmsSubmission read(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            // The LMS sends a multipart form only with files (a filesubmission problem): refused, not silently graded
            // without them.
            throw ApiProblem.invalid("xqueue_files", "file submissions are not taken; send the answer as "
                    + "student_response (a textbox coderesponse)");
        }
        List<Violation> errors = new ArrayList<>();
        String headerText = ctx.request().getFormAttribute("xqueue_header");
        String bodyText = ctx.request().getFormAttribute("xqueue_body");
        JsonNode header = json(headerText, "xqueue_header", errors);
        JsonNode body = json(bodyText, "xqueue_body", errors);
        Params.check(errors);
        String callback = text(header, "lms_callback_url", "xqueue_header", errors);
        if (callback != null && !httpUrl(callback)) {
            errors.add(new Violation("xqueue_header.lms_callback_url", "must be an absolute http or https URL"));
        }
        String lmsKey = text(header, "lms_key", "xqueue_header", errors);
        if (lmsKey != null && lmsKey.length() > MAX_LMS_KEY) {
            errors.add(new Violation("xqueue_header.lms_key", "must be at most " + MAX_LMS_KEY + " characters"));
        }
        String queue = text(header, "queue_name", "xqueue_header", errors);
        String response = text(body, "student_response", "xqueue_body", errors);
        // student_info and grader_payload are JSON the LMS sends as strings; objects are taken too.
        JsonNode info = embedded(body.get("student_info"));
        String learner = info == null ? null : info.path("anonymous_student_id").asText(null);
        if (learner == null || learner.isBlank()) {
            errors.add(new Violation("xqueue_body.student_info", "must carry anonymous_student_id"));
        } else {
            Params.externalId(learner, "xqueue_body.student_info.anonymous_student_id", errors);
        }
        UUID assessment = assessment(body.get("grader_payload"));
        if (assessment == null) {
            errors.add(new Violation("xqueue_body.grader_payload",
                    "must name an Assay assessment: {\"assessment\": \"<assessment id>\"} or the id itself"));
        }
        Params.check(errors);
        return new LmsSubmission(headerText, callback, lmsKey, queue, learner, response, assessment);
    }

    private static JsonNode json(String text, String field, List<Violation> errors) {
        if (text == null) {
            errors.add(new Violation(field, "is required (a form field holding JSON)"));
            return null;
        }
        JsonNode node = parseOrNull(text);
        if (node == null || !node.isObject()) {
            errors.add(new Violation(field, "must be a JSON object"));
        }
        return node;
    }

    private static String text(JsonNode node, String name, String parent, List<Violation> errors) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            errors.add(new Violation(parent + "." + name, "is required: a string"));
            return null;
        }
        return value.textValue();
    }

    private static JsonNode embedded(JsonNode value) {
        return value != null && value.isTextual() ? parseOrNull(value.textValue()) : value;
    }

    private static UUID assessment(JsonNode payload) {
        JsonNode parsed = embedded(payload);
        String id = parsed != null && parsed.isObject() ? parsed.path("assessment").asText(null)
                : payload != null && payload.isTextual() ? payload.textValue().trim() : null;
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return Json.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
