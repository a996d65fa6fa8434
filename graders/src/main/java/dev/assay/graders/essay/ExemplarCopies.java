package dev.assay.graders.essay;

import java.util.List;

/**
 * The exemplars a model was trained on, as a near-duplicate index. An essay that copies one (a sample answer staff
 * published, say) would otherwise be scored as staff scored the original, so the grader routes it instead. Like
 * the course's index it ignores the prompt's and source's shingles (quoting them is not copying), and it finds
 * candidates through MinHash LSH, so the check costs the same for 50 exemplars or 5,000.
 *
 * <p>Stored with the model: signatures (so that loading a model does not analyse its exemplars again) and texts (so
 * that a match shows the copied passages). Models stored before format 3 have none, and this check then finds
 * nothing.
 */
final class ExemplarCopies {

    final String[] texts;
    final double[] scores;
    final DuplicateIndex.Signature[] signatures;
    private final DuplicateIndex index;

    /**
     * @param quotableShingles the prompt's and source's shingles ({@link PromptProfile#quotableShingles})
     * @param signatures       each exemplar's signature under an index ignoring {@code quotableShingles}
     */
    ExemplarCopies(LongIntMap quotableShingles, String[] texts, double[] scores, DuplicateIndex.Signature[] signatures) {
        this.texts = texts;
        this.scores = scores;
        this.signatures = signatures;
        this.index = new DuplicateIndex(quotableShingles, true, null);
        for (int i = 0; i < texts.length; i++) {
            index.add(Integer.toString(i), signatures[i], texts[i]);
        }
    }

    /** No exemplars to compare with (a model stored before format 3). */
    static ExemplarCopies none() {
        return new ExemplarCopies(new LongIntMap(16), new String[0], new double[0], new DuplicateIndex.Signature[0]);
    }

    /** @param analysed the exemplars' texts, analysed; {@code scores} their (overall) staff scores */
    static ExemplarCopies build(LongIntMap quotableShingles, List<Exemplar> exemplars, List<EssayText> analysed,
                                double[] scores) {
        DuplicateIndex signer = new DuplicateIndex(quotableShingles, false, null);
        int n = exemplars.size();
        String[] texts = new String[n];
        DuplicateIndex.Signature[] signatures = new DuplicateIndex.Signature[n];
        for (int i = 0; i < n; i++) {
            texts[i] = exemplars.get(i).text();
            signatures[i] = signer.signature(analysed.get(i));
        }
        return new ExemplarCopies(quotableShingles, texts, scores.clone(), signatures);
    }

    boolean isEmpty() {
        return texts.length == 0;
    }

    /** The exemplars this essay nearly duplicates, most similar first (at most 5); ids are exemplar indices. */
    List<DuplicateIndex.Match> find(EssayText essay) {
        return isEmpty() ? List.of() : index.find(essay, null);
    }

    /** The exemplar's position in the list the model was trained on. */
    static int position(DuplicateIndex.Match match) {
        return Integer.parseInt(match.id());
    }
}
