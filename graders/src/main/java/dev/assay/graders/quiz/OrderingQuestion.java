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
     * The items in a presentation order reproducible from {@code seed}, never the correct order when there are three
     * or more: a learner shown the key could submit it untouched. The other orders are equally likely. Two items are
     * shuffled plainly: the only order other than the key is its reverse, so avoiding the key would always show the
     * reverse and give the answer away to anyone who knows the rule, while a plain shuffle tells nothing (submitting
     * what is shown is then right half the time, as guessing is).
     */
    public List<OrderItem> itemsShuffled(long seed) {
        List<OrderItem> shuffled = new ArrayList<>(items);
        SeededShuffle shuffle = new SeededShuffle(seed, id);
        if (items.size() == 2) {
            shuffle.shuffle(shuffled);
        } else {
            shuffle.shuffleAvoiding(shuffled, items::equals);
        }
        return List.copyOf(shuffled);
    }
}
