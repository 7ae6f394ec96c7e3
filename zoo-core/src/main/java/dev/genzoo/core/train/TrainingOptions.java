package dev.genzoo.core.train;

/**
 * How to train a zoo model on an image data set.
 *
 * @param epochs    passes over the data, >= 1
 * @param batchSize examples per step, >= 1
 * @param seed      seed of shuffling and noise (initialisation is the config's seed)
 * @param limit     use only the first {@code limit} examples; 0 for all
 */
public record TrainingOptions(int epochs, int batchSize, long seed, int limit) {
    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, found " + batchSize);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = all), found " + limit);
        }
    }

    /** {@code epochs} epochs of batch 128, seed 42, all data. */
    public static TrainingOptions epochs(int epochs) {
        return new TrainingOptions(epochs, 128, 42, 0);
    }

    public TrainingOptions withBatchSize(int b) {
        return new TrainingOptions(epochs, b, seed, limit);
    }

    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(epochs, batchSize, s, limit);
    }

    public TrainingOptions withLimit(int l) {
        return new TrainingOptions(epochs, batchSize, seed, l);
    }
}
