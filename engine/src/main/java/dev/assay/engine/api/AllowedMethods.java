package dev.assay.engine.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each path of the API accepts, for the {@code Allow} header a 405 must carry (RFC 9110, 15.5.6).
 * Vert.x adds that header only when it writes the 405 itself, and the API writes every error as problem+json.
 * Routes for every method (body limits, authentication) say nothing about a path and are left out; a regex route
 * counts when it is named by its own pattern ({@link #postWithRegex}).
 */
final class AllowedMethods {

    private record Entry(Pattern path, Set<HttpMethod> methods) {
    }

    private final List<Entry> entries;

    private AllowedMethods(List<Entry> entries) {
        this.entries = entries;
    }

    /** Reads the router's routes; call it once every route is mounted. */
    static AllowedMethods of(Router router) {
        List<Entry> entries = new ArrayList<>();
        for (Route r : router.getRoutes()) {
            Set<HttpMethod> methods = r.methods();
            if (methods == null || methods.isEmpty()) {
                continue;
            }
            // A template with parameters is a regex route inside Vert.x too, but it keeps its path.
            String pattern = r.getPath() != null ? template(r.getPath()) : r.isRegexPath() ? r.getName() : null;
            if (pattern != null) {
                entries.add(new Entry(Pattern.compile(pattern), methods));
            }
        }
        return new AllowedMethods(entries);
    }

    /** A POST route on a regex path, named by the regex so that {@link #of} can read it (Vert.x has no getter). */
    static Route postWithRegex(Router router, String regex) {
        return router.postWithRegex(regex).setName(regex);
    }

    private static String template(String path) {
        if (path == null) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            segments.add(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
        }
        return String.join("/", segments);
    }

    /**
     * The {@code Allow} value for a path: its methods in alphabetical order (HEAD wherever GET is, but for the event
     * stream), or null when no route serves it. A trailing slash is ignored, as the routes ignore it.
     */
    String header(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Set<String> names = new TreeSet<>();
        for (Entry e : entries) {
            if (e.path().matcher(p).matches()) {
                e.methods().forEach(m -> names.add(m.name()));
            }
        }
        if (names.contains("GET") && headLikeGet(p)) {
            names.add("HEAD");
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    /**
     * Whether HEAD is served as GET on this path: everywhere but the learner event stream, which never ends, and
     * Jobe's file cache, where HEAD is a call of its own (is the file cached?).
     */
    static boolean headLikeGet(String path) {
        return !path.endsWith("/events") && !path.endsWith("/events/") && !path.startsWith(JobeRoutes.BASE + "/files/");
    }
}
