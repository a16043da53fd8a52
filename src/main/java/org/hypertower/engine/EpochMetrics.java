package org.hypertower.engine;

/**
 * What one epoch produced.
 *
 * @param epoch the 0-based epoch
 * @param steps the number of steps taken so far in the run
 * @param trainLoss the mean batch loss over the epoch's steps
 * @param trainAccuracy the mean batch accuracy over the epoch's steps
 * @param testLoss the loss on the evaluation examples after the epoch
 * @param testAccuracy the accuracy on the evaluation examples after the epoch
 * @param pseudoLabeled how many unlabeled examples the next epoch trains on with the model's own
 *     labels; 0 when pseudo-labeling is off
 * @param pseudoLabelAccuracy the fraction of those pseudo-labels that are right (NaN when none)
 */
public record EpochMetrics(int epoch, long steps, double trainLoss, double trainAccuracy, double testLoss,
        double testAccuracy, int pseudoLabeled, double pseudoLabelAccuracy) {

    /** Metrics of an epoch without pseudo-labeling. */
    public EpochMetrics(int epoch, long steps, double trainLoss, double trainAccuracy, double testLoss,
            double testAccuracy) {
        this(epoch, steps, trainLoss, trainAccuracy, testLoss, testAccuracy, 0, Double.NaN);
    }
}
