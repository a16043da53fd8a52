package org.hypertower.engine;

import java.util.Arrays;
import org.hypertower.tower.TowerSpec;

/**
 * Everything that defines a training run; the same configuration and seed give the same numbers.
 *
 * @param dataset the dataset name, e.g. {@code iris}
 * @param model the model kind, e.g. {@code paper-mlp} or {@code mlp}
 * @param hidden the hidden layer sizes
 * @param tower the tower
 * @param epochs the number of epochs
 * @param batchSize the number of examples per step
 * @param seed the seed of the split, the initial weights and the batch order
 * @param labeledFraction the fraction of examples trained on, the rest evaluated (Iris)
 * @param precision {@code float32} or {@code float64}
 */
public record RunConfig(
        String dataset,
        String model,
        int[] hidden,
        TowerSpec tower,
        int epochs,
        int batchSize,
        long seed,
        double labeledFraction,
        String precision) {

    /** Copies the hidden sizes. */
    public RunConfig {
        hidden = hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunConfig c && dataset.equals(c.dataset) && model.equals(c.model)
                && Arrays.equals(hidden, c.hidden) && tower.equals(c.tower) && epochs == c.epochs
                && batchSize == c.batchSize && seed == c.seed && labeledFraction == c.labeledFraction
                && precision.equals(c.precision);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(dataset, model, Arrays.hashCode(hidden), tower, epochs, batchSize, seed,
                labeledFraction, precision);
    }

    @Override
    public String toString() {
        return "RunConfig[dataset=" + dataset + ", model=" + model + ", hidden=" + Arrays.toString(hidden) + ", tower="
                + tower + ", epochs=" + epochs + ", batchSize=" + batchSize + ", seed=" + seed + ", labeledFraction="
                + labeledFraction + ", precision=" + precision + "]";
    }
}
