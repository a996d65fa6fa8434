package dev.assay.graders.quiz;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A learner's answer to one question, typed by the kind of question it answers. */
public sealed interface Answer {

    /** For {@code single_choice}. */
    record Single(String choiceId) implements Answer {
        public Single {
            Objects.requireNonNull(choiceId, "choiceId");
        }
    }

    /** For {@code multiple_response}; an empty set is an answer ("none of these"). */
    record Multiple(Set<String> choiceIds) implements Answer {
        public Multiple {
            choiceIds = Set.copyOf(choiceIds);
        }
    }

    /** For {@code true_false}. */
    record TrueFalse(boolean value) implements Answer {
    }

    /** For {@code numeric}. */
    record Numeric(double value) implements Answer {
    }

    /** For {@code short_text}. */
    record Text(String text) implements Answer {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** For {@code matching}: premise id to option id. */
    record Pairs(Map<String, String> pairs) implements Answer {
        public Pairs {
            pairs = Map.copyOf(pairs);
        }
    }

    /** For {@code ordering}: item ids in the learner's order. */
    record Sequence(List<String> itemIds) implements Answer {
        public Sequence {
            itemIds = List.copyOf(itemIds);
        }
    }

    /** For {@code fill_blanks}: gap id to the learner's text. */
    record Blanks(Map<String, String> texts) implements Answer {
        public Blanks {
            texts = Map.copyOf(texts);
        }
    }
}
