package dev.assay.graders.quiz;

import java.util.ArrayList;
import java.util.List;

/**
 * The learner puts the items in order.
 *
 * @param items in the correct order; this list is the answer key, so it must be shown to learners
 *              shuffled (see {@link #itemsShuffled(long)}) and is never reordered by {@link Quiz#variantFor(long)}
 */
public record OrderingQuestion(String id, String prompt, Double points, String generalFeedback,
                               List<OrderItem> items, OrderingMode mode) implements Question {

    public OrderingQuestion {
        points = Defaults.points(points);
        items = Defaults.list(items);
        mode = mode == null ? OrderingMode.RELATIVE : mode;
    }

    /**
     * The items in a presentation order reproducible from {@code seed}, never the correct order (when there are two
     * or more): a learner shown the key could submit it untouched. The other orders are equally likely; with two
     * items that is always the reverse, so a two-item question cannot hide its answer from a learner who knows this.
     */
    public List<OrderItem> itemsShuffled(long seed) {
        List<OrderItem> shuffled = new ArrayList<>(items);
        new SeededShuffle(seed, id).shuffleAvoiding(shuffled, items::equals);
        return List.copyOf(shuffled);
    }
}
