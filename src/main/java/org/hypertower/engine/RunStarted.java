package org.hypertower.engine;

import java.util.List;

/**
 * The shape of a run's events, sent before its first step.
 *
 * @param tower the tower in text form
 * @param hyperparameterKeys {@code LEVEL.NAME} of every learned hyperparameter, bottom level first
 * @param stepsPerEpoch the number of steps in one epoch
 * @param epochs the number of epochs planned
 */
public record RunStarted(String tower, List<String> hyperparameterKeys, int stepsPerEpoch, int epochs) {

    /** Copies the key list. */
    public RunStarted {
        hyperparameterKeys = List.copyOf(hyperparameterKeys);
    }
}
