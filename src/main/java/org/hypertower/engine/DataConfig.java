package org.hypertower.engine;

/**
 * Which examples a run trains and evaluates on.
 *
 * @param dataset the dataset's command-line name, e.g. {@code iris} or {@code cifar100}
 * @param dataDir the folder holding the dataset's files, or null for the default search path
 * @param limit train on the first {@code limit} training examples; 0 for all
 * @param testLimit evaluate on the first {@code testLimit} test examples; 0 for all
 * @param normalize standardize each channel with the training set's mean and deviation
 * @param coarseLabels CIFAR-100's 20 coarse classes instead of the 100 fine ones
 * @param labeledFraction Iris: the fraction of rows trained on (stratified, seeded); the rest are
 *     evaluated
 * @param pseudoLabelThreshold Iris: after each epoch, train also on unlabeled rows the model
 *     classifies with at least this probability, labeled with its prediction; 0 turns it off
 */
public record DataConfig(String dataset, String dataDir, int limit, int testLimit, boolean normalize,
        boolean coarseLabels, double labeledFraction, double pseudoLabelThreshold) {

    /** Checks the values; the messages name the {@code train} options. */
    public DataConfig {
        if (limit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("--limit and --test-limit must not be negative (0 means all), not "
                    + Math.min(limit, testLimit) + ".");
        }
        if (!(labeledFraction > 0 && labeledFraction < 1)) {
            throw new IllegalArgumentException(
                    "--labeled-fraction must be between 0 and 1 (exclusive), not " + labeledFraction + ".");
        }
        if (!(pseudoLabelThreshold >= 0 && pseudoLabelThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "--pseudo-label-threshold must be between 0 (off) and 1, not " + pseudoLabelThreshold + ".");
        }
    }

    /** Returns the papers' Iris setting: a seeded, stratified labeled fraction, nothing else. */
    public static DataConfig iris(double labeledFraction) {
        return new DataConfig("iris", null, 0, 0, false, false, labeledFraction, 0);
    }

    /** Returns a dataset with every default: all examples, no normalization, fine labels. */
    public static DataConfig of(String dataset) {
        return new DataConfig(dataset, null, 0, 0, false, false, 0.2, 0);
    }

    /** Returns whether pseudo-labeling is on. */
    public boolean pseudoLabeling() {
        return pseudoLabelThreshold > 0;
    }
}
