package org.hypertower.engine;

/**
 * What one training step produced. Arrays are indexed like {@link RunStarted#hyperparameterKeys()}.
 *
 * @param step the 0-based step number over the whole run
 * @param epoch the 0-based epoch the step belongs to
 * @param loss the training loss of the step's batch, computed before the step's update
 * @param accuracy the fraction of the batch classified correctly, before the update
 * @param hyperparameters every level's effective hyperparameters after the step
 * @param hypergradients d(loss)/d(hyperparameter) each received at this step; NaN for the top
 *     level's constants
 */
public record StepMetrics(long step, int epoch, double loss, double accuracy, double[] hyperparameters,
        double[] hypergradients) {}
