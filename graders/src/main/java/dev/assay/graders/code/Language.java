package dev.assay.graders.code;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** The languages the code grader knows; {@link Languages#available()} says which of them this machine can run. */
public enum Language {
    PYTHON3("python3", "Python 3", "main.py"),
    JAVA("java", "Java", "Main.java"),
    C("c", "C", "main.c"),
    CPP("cpp", "C++", "main.cpp"),
    JAVASCRIPT("javascript", "JavaScript (Node.js)", "main.js");

    private final String id;
    private final String displayName;
    private final String defaultMainFile;

    Language(String id, String displayName, String defaultMainFile) {
        this.id = id;
        this.displayName = displayName;
        this.defaultMainFile = defaultMainFile;
    }

    /** The name used in JSON ({@code "language": "python3"}). */
    @JsonValue
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The file a single {@code source} is stored as when the assessment names no {@code main}. */
    public String defaultMainFile() {
        return defaultMainFile;
    }

    /** Whether a submitted or support file with this name is a source file of the language. */
    public boolean isSource(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        return switch (this) {
            case PYTHON3 -> name.endsWith(".py");
            case JAVA -> name.endsWith(".java");
            case C -> name.endsWith(".c");
            case CPP -> name.endsWith(".cpp") || name.endsWith(".cc") || name.endsWith(".cxx");
            case JAVASCRIPT -> name.endsWith(".js") || name.endsWith(".mjs") || name.endsWith(".cjs");
        };
    }

    public static Optional<Language> fromId(String id) {
        for (Language language : values()) {
            if (language.id.equals(id)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /** The JSON names, for error messages. */
    public static String ids() {
        StringBuilder ids = new StringBuilder();
        for (Language language : values()) {
            if (!ids.isEmpty()) {
                ids.append(", ");
            }
            ids.append(language.id);
        }
        return ids.toString();
    }
}
