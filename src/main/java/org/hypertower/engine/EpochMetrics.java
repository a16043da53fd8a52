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
 */
public record EpochMetrics(int epoch, long steps, double trainLoss, double trainAccuracy, double testLoss,
        double testAccuracy) {}
