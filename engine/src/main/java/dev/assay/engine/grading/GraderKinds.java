package dev.assay.engine.grading;

import java.util.List;
import java.util.Optional;

/** The kinds this node can grade, by name. */
public record GraderKinds(QuizGrading quiz, CodeGrading code, EssayGrading essay, UploadGrading upload) {

    public List<GraderKind> all() {
        return List.of(quiz, code, essay, upload);
    }

    public List<String> names() {
        return all().stream().map(GraderKind::name).toList();
    }

    public Optional<GraderKind> byName(String name) {
        return all().stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public GraderKind of(String name) {
        return byName(name).orElseThrow(() -> new IllegalStateException("no grader for kind " + name));
    }
}
