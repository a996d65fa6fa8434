package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Hand-written short stories whose sentences have a real order: each story walks through the same ten steps
 * (a dog is lost, searched for, found, brought home), each step written in one of several ways, so the exemplars
 * teach where sentences go and which ones follow which. Stories that skip steps score lower.
 */
final class StoryFixtures {

    static final String PROMPT = "Write a true story about a time when you or someone you know had to be patient.";

    private static final List<List<String>> STEPS = List.of(
            List.of("Last summer my little brother and I lost our dog Max at the lake.",
                    "One windy afternoon in July our old dog Max ran away from the campsite.",
                    "I still remember the evening our puppy Max disappeared during a storm."),
            List.of("We called his name until our voices were hoarse, but he did not come back.",
                    "We shouted for him along the shore for an hour, and nothing answered.",
                    "My brother whistled for him again and again, yet the woods stayed silent."),
            List.of("Our mother said that we had to be patient and wait until morning.",
                    "Dad told us that searching in the dark would only get us lost too, so we waited.",
                    "The ranger explained that lost dogs often come back on their own if you wait."),
            List.of("That night I could not sleep, and I kept looking out of the tent window.",
                    "Waiting was the hardest part, because every noise sounded like his paws.",
                    "I lay awake for hours, counting the minutes and listening to the rain."),
            List.of("At sunrise we made posters with his picture and pinned them to every tree.",
                    "Early the next morning we printed flyers and knocked on the doors of every cabin.",
                    "When the sky got light, we walked the trails again with a bag of his favourite treats."),
            List.of("A fisherman told us he had seen a muddy brown dog near the old boat house.",
                    "Around noon a girl on a bicycle said a dog was sleeping under the pier.",
                    "Then a phone call came from a family who had found a tired dog in their garden."),
            List.of("We ran there as fast as we could, and my heart was pounding.",
                    "My brother was so excited that he forgot his shoes and ran barefoot.",
                    "We hurried down the path, hoping that it was really him."),
            List.of("There he was, wet and shivering, but wagging his tail when he saw us.",
                    "Max jumped into my arms and licked my face as if nothing had happened.",
                    "He limped towards us slowly, and then he barked the way he always does."),
            List.of("We wrapped him in a towel and carried him back to the campsite.",
                    "Mom gave him warm water and a blanket, and he fell asleep right away.",
                    "We thanked everyone who had helped and took him home to rest."),
            List.of("Since that day I know that being patient is hard, but it is worth it.",
                    "In the end, waiting calmly helped us more than panicking would have.",
                    "That weekend taught me that patience can bring back what you think is lost."));

    private StoryFixtures() {
    }

    static int steps() {
        return STEPS.size();
    }

    /** A story with the first step, the last step and {@code middle} of the steps between, in order. */
    static String story(int middle, Random random) {
        List<Integer> between = new ArrayList<>();
        for (int k = 1; k < STEPS.size() - 1; k++) {
            between.add(k);
        }
        Collections.shuffle(between, random);
        List<Integer> chosen = new ArrayList<>(between.subList(0, middle));
        chosen.add(0);
        chosen.add(STEPS.size() - 1);
        Collections.sort(chosen);
        StringBuilder out = new StringBuilder();
        for (int k : chosen) {
            List<String> ways = STEPS.get(k);
            out.append(ways.get(random.nextInt(ways.size()))).append(' ');
        }
        return out.toString().trim();
    }

    /** Scored exemplars: more steps told, higher score (0-4). */
    static List<Exemplar> exemplars(int count, long seed) {
        Random random = new Random(seed);
        List<Exemplar> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int middle = 2 + random.nextInt(STEPS.size() - 3);
            out.add(new Exemplar(story(middle, random), (int) Math.round((middle - 2) * 4.0 / (STEPS.size() - 4))));
        }
        return out;
    }

    /** The story's sentences in another random order. */
    static String shuffled(String story, Random random) {
        List<String> sentences = ValidityCases.sentences(story);
        return String.join(" ", ValidityCases.shuffle(sentences, random));
    }
}
