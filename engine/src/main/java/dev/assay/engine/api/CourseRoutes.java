package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.CourseStore.CourseRow;
import dev.assay.engine.store.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;


/** Courses: the platform names them with its own ids and upserts them with PUT. */
final class CourseRoutes {
    static final int MAX_TITLE = 500;

    private CourseRoutes() {
    }

    static void mount(Router router, Services s) {
        router.put("/v1/courses/:courseId").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            Fields body = Fields.of(ctx, "title");
            String courseId = ctx.pathParam("courseId");
            Params.externalId(courseId, "courseId", body.errors());
            String title = body.text("title", true);
            Params.maxLength(title, "title", MAX_TITLE, body.errors());
            body.check();
            return s.courses().upsert(platform.platformId(), courseId, title).map(c -> Reply.ok(view(c)));
        }));
        router.get("/v1/courses/:courseId").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            String courseId = Params.existingId(ctx, "courseId", "course");
            return s.courses().get(platform.platformId(), courseId)
                    .map(c -> Reply.ok(view(c.orElseThrow(() -> ApiProblem.notFound("course", courseId)))));
        }));
        router.get("/v1/courses").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            int limit = Params.limit(ctx);
            String after = Params.queryId(ctx, "after");
            return s.courses().list(platform.platformId(), after, limit).map(rows -> Reply.page(rows, limit,
                    CourseRoutes::view, last -> "/v1/courses?limit=" + limit + "&after=" + Params.segment(last.id())));
        }));
    }

    static Future<Void> requireCourse(Services s, java.util.UUID platformId, String courseId) {
        return s.courses().get(platformId, courseId).compose(c -> c.isPresent()
                ? Future.succeededFuture()
                : Future.failedFuture(ApiProblem.notFound("course", courseId)));
    }

    static JsonNode view(CourseRow c) {
        return Json.object().put("id", c.id()).put("title", c.title()).put("createdAt", c.createdAt().toString());
    }
}
