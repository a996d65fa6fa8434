package dev.assay.engine.programs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProgramCodecTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static List<String> fields(String body) throws Exception {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> ProgramCodec.read(json(body), "p"));
        assertThat(e).as(body).isNotNull();
        return e.violations().stream().map(Violation::field).toList();
    }

    @Test
    void readsDefaultsAndRoundTrips() throws Exception {
        Program p = ProgramCodec.read(json("""
                {"title": "Data Science", "kind": "specialization", "courses": ["a", "b", "c"], "required": ["c"]}"""), "ds");
        assertThat(p.minPassed()).isEqualTo(3);
        assertThat(p.required()).containsExactly("c");
        assertThat(p.kind()).isEqualTo(Program.Kind.SPECIALIZATION);
        String stored = ProgramCodec.toJson(p).toString();
        assertThat(ProgramCodec.fromStored("ds", stored)).isEqualTo(p);
        Program micro = ProgramCodec.read(json("""
                {"title": "SQL", "kind": "micro_credential", "courses": ["a", "b"], "minPassed": 1}"""), "sql");
        assertThat(micro.minPassed()).isEqualTo(1);
        assertThat(micro.required()).isEmpty();
    }

    @Test
    void namesEveryBadField() throws Exception {
        assertThat(fields("{}")).containsExactly("title", "kind", "courses");
        assertThat(fields("""
                {"title": "x", "kind": "badge", "courses": ["a", "a", 3], "minPased": 2}"""))
                .containsExactly("minPased", "kind", "courses[1]", "courses[2]");
        assertThat(fields("""
                {"title": "x", "kind": "specialization", "courses": ["a", "b"], "required": ["z"]}"""))
                .containsExactly("required[0]");
        assertThat(fields("""
                {"title": "x", "kind": "specialization", "courses": ["a", "b"], "minPassed": 3}"""))
                .containsExactly("minPassed");
        assertThat(fields("""
                {"title": "x", "kind": "specialization", "courses": ["a", "b"], "required": ["a", "b"], "minPassed": 1}"""))
                .containsExactly("minPassed");
        assertThat(fields("""
                {"title": "x", "kind": "specialization", "courses": []}""")).containsExactly("courses");
        assertThat(fields("""
                {"title": "x", "kind": "specialization", "courses": ["a"], "minPassed": 1.5}""")).containsExactly("minPassed");
        assertThat(fields("[1]")).containsExactly("body");
    }

    @Test
    void unknownCoursesAreNamedByTheirPlace() throws Exception {
        Program p = ProgramCodec.read(json("""
                {"title": "x", "kind": "specialization", "courses": ["a", "b", "c"]}"""), "p");
        assertThat(ProgramCodec.unknownCourses(p, Set.of("a", "c"))).extracting(Violation::field)
                .containsExactly("courses[1]");
    }
}
