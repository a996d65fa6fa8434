package dev.assay.engine.api;

import dev.assay.graders.Violation;

import java.util.List;

/**
 * A failure the caller can act on, rendered as RFC 9457 problem+json. Every 4xx the API sends is one of these,
 * so clients can rely on {@code type}, {@code status} and, for input errors, the {@code errors[].field} list.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final List<Violation> errors;
    private final int retryAfterSeconds;

    public ApiProblem(int status, String type, String title, String detail, List<Violation> errors) {
        this(status, type, title, detail, errors, 0);
    }

    private ApiProblem(int status, String type, String title, String detail, List<Violation> errors, int retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfter;
    }

    /** 429: the caller should come back after {@code seconds}; nothing was stored. */
    public static ApiProblem busy(String detail, int seconds) {
        return new ApiProblem(429, "busy", "Too many submissions waiting", detail, List.of(), seconds);
    }

    /**
     * 503: the peer-review configuration kept changing under the request (staff replacing it repeatedly); nothing
     * was leased, and asking again after {@code seconds} reads the settled configuration.
     */
    public static ApiProblem configChanging(String detail, int seconds) {
        return new ApiProblem(503, "config-changing", "Configuration changing", detail, List.of(), seconds);
    }

    /** 503: the store cannot be reached just now; the request changed nothing and may be sent again. */
    public static ApiProblem storeUnavailable(String detail, int seconds) {
        return new ApiProblem(503, "store-unavailable", "Store unavailable", detail, List.of(), seconds);
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiProblem invalid(List<Violation> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid; see errors";
        return new ApiProblem(400, "validation", "Invalid request", detail, errors);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    public static ApiProblem unprocessable(List<Violation> errors) {
        ApiProblem base = invalid(errors);
        return new ApiProblem(422, "unprocessable", "Request does not fit the assessment", base.getMessage(), errors);
    }

    /** 404 naming the id that matched nothing ({@code assessmentId}, {@code submissionId}, ...; {@code version}). */
    public static ApiProblem notFound(String what, String id) {
        String field = what.equals("version") ? "version" : what + "Id";
        String detail = what + " '" + id + "' does not exist";
        return new ApiProblem(404, "not-found", "Not found", detail, List.of(new Violation(field, "does not exist")));
    }

    /** 401: the credential (the Authorization header, or a learner token's access_token) is missing or wrong. */
    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Unauthorized", detail, List.of(new Violation("Authorization", detail)));
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail, List.of(new Violation("Authorization", detail)));
    }

    /** "an essay assessment", "a quiz assessment": a kind of assessment as a 409's detail names it. */
    static String kindPhrase(String kind) {
        boolean vowel = !kind.isEmpty() && "aeiou".indexOf(Character.toLowerCase(kind.charAt(0))) >= 0;
        return (vowel ? "an " : "a ") + kind + " assessment";
    }

    /** 409 whose cause is the state of one field (a rubric in use, attempts used up, the assessment's kind). */
    public static ApiProblem conflict(String field, String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail, List.of(new Violation(field, detail)));
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<Violation> errors() {
        return errors;
    }
}
