package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample quiz and answers also shown in the module README. */
final class Samples {

    private Samples() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream("/quiz/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode resource(String resource) {
        try {
            return QuizCodec.mapper().readTree(bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return QuizCodec.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Quiz quiz() {
        return QuizCodec.readQuiz(bytes("sample-quiz.json"));
    }
}
