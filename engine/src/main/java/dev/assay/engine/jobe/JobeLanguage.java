package dev.assay.engine.jobe;

import dev.assay.graders.code.Language;

import java.util.Arrays;
import java.util.Optional;

/** The Jobe names of the languages Assay runs ({@code nodejs} is what Jobe calls JavaScript). */
public enum JobeLanguage {
    C("c", Language.C),
    CPP("cpp", Language.CPP),
    JAVA("java", Language.JAVA),
    NODEJS("nodejs", Language.JAVASCRIPT),
    PYTHON3("python3", Language.PYTHON3);

    private final String id;
    private final Language language;

    JobeLanguage(String id, Language language) {
        this.id = id;
        this.language = language;
    }

    public String id() {
        return id;
    }

    public Language language() {
        return language;
    }

    /** Jobe matches language ids without regard to case ({@code Python3} works too). */
    public static Optional<JobeLanguage> fromId(String id) {
        return Arrays.stream(values()).filter(l -> l.id.equalsIgnoreCase(id)).findFirst();
    }

    public static Optional<JobeLanguage> of(Language language) {
        return Arrays.stream(values()).filter(l -> l.language == language).findFirst();
    }
}
