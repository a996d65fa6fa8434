package dev.assay.graders.code;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;

/**
 * A staff-provided file of a code assessment.
 *
 * @param path    relative path in the program's directory (see {@link Workspace#pathProblem})
 * @param role    {@link Role#STARTER}: the template learners start from (their file of the same path replaces it);
 *                {@link Role#SUPPORT}: always present as written here (learners cannot replace it), compiled with
 *                the learner's sources when it is a source file of the language
 */
public record CodeFile(String path, String content, Role role) {

    public CodeFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(role, "role");
    }

    public enum Role {
        STARTER("starter"),
        SUPPORT("support");

        private final String id;

        Role(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }
    }
}
