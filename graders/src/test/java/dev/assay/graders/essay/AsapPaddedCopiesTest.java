package dev.assay.graders.essay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copies wrapped in other text: a learner takes another learner's essay and pads it before and after with essays
 * of their own. The copy is then a minority of the text, so the two essays' Jaccard similarity is low, but the
 * other essay is contained whole.
 */
class AsapPaddedCopiesTest {

    /** Part 1's first essays pad the copies; the rest are checked for false matches. */
    private static final int PADDING = 250;

    @Test
    void aCopyPaddedOnBothSidesWithOtherEssaysIsFoundAndEveryMatchShowsItsPassages() {
        List<AsapTsv.Essay> indexed = AsapData.parts(0).stream().filter(e -> e.prompt() == 1).toList();
        List<AsapTsv.Essay> others = AsapData.parts(1).stream().filter(e -> e.prompt() == 1).toList();
        DuplicateIndex index = new DuplicateIndex();
        for (int i = 0; i < indexed.size(); i++) {
            index.add("c/" + i, indexed.get(i).text());
        }
        List<String> missed = new ArrayList<>();
        int cases = 0;
        for (int i = 0; cases < 100 && 2 * i + 1 < PADDING; i++) {
            String copy = indexed.get(i).text();
            String padded = others.get(2 * i).text() + " " + copy + " " + others.get(2 * i + 1).text();
            if (copy.length() < 0.15 * padded.length()) {
                continue; // a copy of a few lines inside a long essay: below what the index is built to find
            }
            cases++;
            String id = "c/" + i;
            if (index.find(padded, null).stream().noneMatch(m -> m.id().equals(id) && m.containment() >= 0.9)) {
                missed.add(id + " (" + copy.length() * 100 / padded.length() + "% of the text)");
            }
        }
        assertThat(cases).isEqualTo(100);
        assertThat(missed).isEmpty();

        int matched = 0;
        for (int i = PADDING; i < others.size(); i++) {
            for (DuplicateIndex.Match m : index.find(others.get(i).text(), null)) {
                matched++;
                assertThat(m.similarity() >= DuplicateIndex.MIN_SIMILARITY
                        || m.containment() >= DuplicateIndex.MIN_CONTAINMENT).isTrue();
                assertThat(m.passages()).isNotEmpty();
                assertThat(m.overlap()).isGreaterThan(0.2);
            }
        }
        // Essays of other learners rarely share whole passages; part 1 holds one that does (half of it is in an
        // essay of part 0), which the index reports.
        assertThat(matched).isLessThanOrEqualTo(2);
    }
}
