package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The quiz as a learner may see it before answering: the per-learner variant's order of questions and choices,
 * and nothing that gives the answer away (no fractions, keys, accepted answers or feedback). Platforms render
 * from this, so the answer key never has to leave Assay.
 */
public final class LearnerView {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LearnerView() {
    }

    /** The variant of {@code quiz} for {@code seed} (e.g. derived from assessment and learner), keys removed. */
    public static ObjectNode of(Quiz quiz, long seed) {
        Quiz variant = quiz.shuffle() ? quiz.variantFor(seed) : quiz;
        ObjectNode root = JSON.objectNode();
        if (quiz.title() != null) {
            root.put("title", quiz.title());
        }
        root.put("maxScore", quiz.maxScore());
        ArrayNode questions = root.putArray("questions");
        for (Question q : variant.questions()) {
            questions.add(question(q, seed));
        }
        return root;
    }

    private static ObjectNode question(Question q, long seed) {
        ObjectNode node = JSON.objectNode().put("id", q.id()).put("type", typeOf(q)).put("prompt", q.prompt())
                .put("points", q.points());
        switch (q) {
            case SingleChoiceQuestion s -> choices(node, s.choices());
            case MultipleResponseQuestion m -> choices(node, m.choices());
            case TrueFalseQuestion t -> {
                // the statement itself is the prompt; true/false is the whole answer space
            }
            case NumericQuestion n -> {
                if (n.unit() != null) {
                    node.put("unit", n.unit());
                }
            }
            case ShortTextQuestion s -> {
                // free text: nothing to show but the prompt
            }
            case MatchingQuestion m -> {
                ArrayNode premises = node.putArray("premises");
                m.premises().forEach(p -> premises.addObject().put("id", p.id()).put("text", p.text()));
                ArrayNode options = node.putArray("options");
                m.options().forEach(o -> options.addObject().put("id", o.id()).put("text", o.text()));
            }
            case OrderingQuestion o -> {
                // The stored order is the key, so learners always get a shuffled order, and never that one.
                ArrayNode items = node.putArray("items");
                o.itemsShuffled(seed).forEach(i -> items.addObject().put("id", i.id()).put("text", i.text()));
            }
            case FillBlanksQuestion f -> {
                node.put("text", f.text());
                ArrayNode gaps = node.putArray("gaps");
                f.gaps().forEach(g -> gaps.add(g.id()));
            }
        }
        return node;
    }

    private static void choices(ObjectNode node, java.util.List<Choice> choices) {
        ArrayNode array = node.putArray("choices");
        choices.forEach(c -> array.addObject().put("id", c.id()).put("text", c.text()));
    }

    private static String typeOf(Question q) {
        return switch (q) {
            case SingleChoiceQuestion s -> "single_choice";
            case MultipleResponseQuestion m -> "multiple_response";
            case TrueFalseQuestion t -> "true_false";
            case NumericQuestion n -> "numeric";
            case ShortTextQuestion s -> "short_text";
            case MatchingQuestion m -> "matching";
            case OrderingQuestion o -> "ordering";
            case FillBlanksQuestion f -> "fill_blanks";
        };
    }
}
