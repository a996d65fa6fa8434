package dev.assay.graders.code;

import java.util.Objects;

/**
 * Tests that score all or nothing: a test naming this group keeps its points only if every test of the group
 * passes.
 *
 * @param title optional, shown to learners
 */
public record TestGroup(String id, String title) {

    public TestGroup {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
    }
}
