package dev.assay.graders.code;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a code assessment back to the JSON {@link CodeCodec} reads: the stored, canonical form of a definition. */
final class CodeWriter {
    private CodeWriter() {
    }

    /** The definition as JSON, readable back by {@link CodeCodec#readAssessment(JsonNode)} to an equal assessment. */
    static ObjectNode write(CodeAssessment assessment, ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("language", assessment.language().id());
        if (assessment.main() != null) {
            json.put("main", assessment.main());
        }
        if (!assessment.files().isEmpty()) {
            ArrayNode files = json.putArray("files");
            for (CodeFile file : assessment.files()) {
                files.addObject().put("path", file.path()).put("content", file.content()).put("role", file.role().id());
            }
        }
        Limits limits = assessment.limits();
        json.putObject("limits").put("cpuSeconds", limits.cpuSeconds()).put("wallSeconds", limits.wallSeconds())
                .put("memoryMb", limits.memoryMb()).put("outputKb", limits.outputKb())
                .put("fileSizeKb", limits.fileSizeKb()).put("processes", limits.processes());
        if (!assessment.groups().isEmpty()) {
            ArrayNode groups = json.putArray("groups");
            for (TestGroup group : assessment.groups()) {
                ObjectNode node = groups.addObject().put("id", group.id());
                if (!group.title().isEmpty()) {
                    node.put("title", group.title());
                }
            }
        }
        ArrayNode tests = json.putArray("tests");
        for (TestCase test : assessment.tests()) {
            ObjectNode node = tests.addObject().put("id", test.id());
            if (!test.title().isEmpty()) {
                node.put("title", test.title());
            }
            node.put("stdin", test.stdin());
            if (!test.args().isEmpty()) {
                ArrayNode args = node.putArray("args");
                test.args().forEach(args::add);
            }
            if (test.expected() != null) {
                node.put("expected", test.expected());
            }
            node.set("checker", writeChecker(test.checker(), mapper));
            node.put("points", test.points());
            node.put("visibility", test.visible() ? "visible" : "hidden");
            if (test.group() != null) {
                node.put("group", test.group());
            }
        }
        return json;
    }

    private static ObjectNode writeChecker(Checker checker, ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode().put("type", checker.type());
        switch (checker) {
            case Checker.Tokens tokens -> node.put("ignoreCase", tokens.ignoreCase());
            case Checker.FloatTolerance tolerance -> node.put("absolute", tolerance.absolute())
                    .put("relative", tolerance.relative());
            case Checker.Regex regex -> node.put("pattern", regex.pattern()).put("ignoreCase", regex.ignoreCase());
            case Checker.Program program -> node.put("language", program.language().id()).put("source", program.source());
            default -> {
                // exact, trailing_whitespace: the type says it all
            }
        }
        return node;
    }
}
