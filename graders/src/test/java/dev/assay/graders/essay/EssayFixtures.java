package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Hand-written essays for unit tests: a school-garden prompt and essays composed from sentence pools. */
final class EssayFixtures {

    static final String PROMPT = "Write a letter to your school board for or against creating a school garden. "
            + "Explain how a garden would affect students, teachers and the school community, and support your "
            + "position with reasons and examples.";

    static final String SOURCE = "Community gardens appeared in many cities during the twentieth century. Gardeners "
            + "share plots, tools and water, and they often say that the greatest harvest is the friendship between "
            + "neighbours who had never spoken before.";

    static final List<String> STRONG = List.of(
            "A school garden gives students a living laboratory where they can observe how plants grow from seed to harvest.",
            "When students plant vegetables themselves, they are far more willing to taste and eat healthy food at lunch.",
            "Caring for a garden teaches responsibility, because the plants depend on regular watering and weeding.",
            "Teachers can connect the garden to science lessons about soil, photosynthesis, insects and the water cycle.",
            "Working together in the garden builds teamwork, since every class shares the beds and the tools.",
            "The harvest could supply the cafeteria with fresh produce and reduce the cost of school meals.",
            "Spending time outdoors lowers stress and helps students concentrate better when they return to the classroom.",
            "Measuring the growth of tomatoes and beans turns mathematics into something practical and visible.",
            "A garden also welcomes parents and neighbours, who can volunteer during weekends and school holidays.",
            "Critics worry about the cost, but seeds, compost and donated tools are inexpensive compared with new textbooks.",
            "Students who struggle in traditional lessons often discover real talents when they work with their hands.",
            "Composting food scraps from the cafeteria would show students how waste can become a valuable resource.");

    static final List<String> WEAK = List.of(
            "Gardens are good.",
            "I like plants and stuff alot.",
            "We should have a garden becuase it is nice.",
            "My friend has a garden at home.",
            "It would be fun to go outside sometimes.",
            "Gardens have flowers in them.");

    static final String OPENING = "Dear members of the school board, I am writing to support a garden at our school.";
    static final String CLOSING = "In conclusion, a school garden would make our school healthier, smarter and more connected.";

    private EssayFixtures() {
    }

    static int scoreFor(int strong) {
        if (strong == 0) {
            return 0;
        }
        if (strong <= 2) {
            return 1;
        }
        if (strong <= 4) {
            return 2;
        }
        return strong <= 7 ? 3 : 4;
    }

    /** An essay with {@code strong} developed sentences and {@code weak} weak ones, in a seeded order. */
    static String essay(int strong, int weak, Random random) {
        List<String> s = new ArrayList<>(STRONG);
        Collections.shuffle(s, random);
        List<String> w = new ArrayList<>(WEAK);
        Collections.shuffle(w, random);
        List<String> body = new ArrayList<>();
        body.addAll(s.subList(0, strong));
        body.addAll(w.subList(0, weak));
        Collections.shuffle(body, random);
        StringBuilder out = new StringBuilder(OPENING);
        for (String sentence : body) {
            out.append(' ').append(sentence);
        }
        if (strong >= 3) {
            out.append("\n\n").append(CLOSING);
        }
        return out.toString();
    }

    static List<Exemplar> exemplars(int count, long seed) {
        Random random = new Random(seed);
        List<Exemplar> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int strong = i % 11;
            int weak = 1 + random.nextInt(4);
            out.add(new Exemplar(essay(strong, weak, random), scoreFor(strong)));
        }
        return out;
    }

    static EssayAssessment assessment() {
        return new EssayAssessment(PROMPT, SOURCE, 0, 4);
    }
}
