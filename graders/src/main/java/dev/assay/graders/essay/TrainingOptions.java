package dev.assay.graders.essay;

/**
 * Hyper-parameters of {@link EssayModel#train}. The defaults were tuned on ASAP-AES parts 0-2.
 *
 * @param folds        cross-validation folds (also used to calibrate rounding and confidence)
 * @param seed         seed of the fold assignment (training is deterministic for a seed)
 * @param lambda       ridge penalty
 * @param denseWeight  scale of the standardised hand-crafted features relative to the n-gram blocks
 * @param unigramWeight weight of the word-unigram block
 * @param bigramWeight weight of the word-bigram block
 * @param charWeight   weight of the character 3-5-gram block (0, the default, leaves the block out: on ASAP-AES it
 *                     did not improve QWK and tripled training time)
 */
public record TrainingOptions(int folds, long seed, double lambda, double denseWeight, double unigramWeight,
                              double bigramWeight, double charWeight) {

    public TrainingOptions {
        if (folds < 2 || folds > 20) {
            throw new IllegalArgumentException("folds must be 2..20");
        }
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be positive");
        }
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(5, 42, 10.0, 0.35, 1.0, 1.0, 0.0);
    }

    public TrainingOptions withLambda(double value) {
        return new TrainingOptions(folds, seed, value, denseWeight, unigramWeight, bigramWeight, charWeight);
    }

    public TrainingOptions withDenseWeight(double value) {
        return new TrainingOptions(folds, seed, lambda, value, unigramWeight, bigramWeight, charWeight);
    }

    public TrainingOptions withBlockWeights(double unigram, double bigram, double chars) {
        return new TrainingOptions(folds, seed, lambda, denseWeight, unigram, bigram, chars);
    }

    float[] blockWeights() {
        return new float[] {(float) unigramWeight, (float) bigramWeight, (float) charWeight};
    }
}
