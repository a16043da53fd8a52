package org.hypertower.engine;

import java.util.Arrays;
import java.util.Objects;
import org.hypertower.tower.TowerSpec;

/**
 * Everything that defines a training run; the same configuration and seed give the same numbers.
 *
 * @param data which examples to train and evaluate on
 * @param model the model kind: {@code paper-mlp}, {@code mlp}, {@code cnn} or {@code resnet20}
 * @param hidden the hidden layer sizes of the MLPs
 * @param tower the tower
 * @param epochs the number of epochs
 * @param batchSize the number of examples per step
 * @param seed the seed of the split, the initial weights and the batch order
 * @param precision {@code float32} or {@code float64}
 * @param device {@code cpu}, or {@code gpu} when DJL finds a CUDA device
 * @param constrained whether the tower keeps its learned hyperparameters in range (see
 *     {@link org.hypertower.tower.Tower#constrained()}); off by default, as in the reference
 */
public record RunConfig(DataConfig data, String model, int[] hidden, TowerSpec tower, int epochs, int batchSize, long seed,
        String precision, String device, boolean constrained) {

    /** Copies the hidden sizes. */
    public RunConfig {
        hidden = hidden.clone();
    }

    /** A run whose learned hyperparameters move freely, as in the reference. */
    public RunConfig(DataConfig data, String model, int[] hidden, TowerSpec tower, int epochs, int batchSize, long seed,
            String precision, String device) {
        this(data, model, hidden, tower, epochs, batchSize, seed, precision, device, false);
    }

    /** A run on the CPU. */
    public RunConfig(DataConfig data, String model, int[] hidden, TowerSpec tower, int epochs, int batchSize, long seed,
            String precision) {
        this(data, model, hidden, tower, epochs, batchSize, seed, precision, "cpu");
    }

    /** The papers' Iris setting with a labeled fraction. */
    public RunConfig(String dataset, String model, int[] hidden, TowerSpec tower, int epochs, int batchSize, long seed,
            double labeledFraction, String precision) {
        this(new DataConfig(dataset, null, 0, 0, false, false, labeledFraction, 0), model, hidden, tower, epochs, batchSize,
                seed, precision);
    }

    /**
     * Checks every value a run needs (its {@link DataConfig} checked its own), before anything is
     * loaded or written; the messages name the {@code train} option, as users of the command line
     * and of experiments know them.
     *
     * @throws IllegalArgumentException saying, in one sentence, which value is wrong and what to use
     */
    public RunConfig check() {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs + ".");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, not " + batchSize + ".");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("--hidden sizes must be positive, not " + h + ".");
            }
        }
        RunFactory.dataType(precision);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new IllegalArgumentException("Unknown --device '" + device + "'; use cpu or gpu.");
        }
        if (!RunFactory.MODELS.contains(model)) {
            throw new IllegalArgumentException("Unknown --model '" + model + "'; use one of "
                    + String.join(", ", RunFactory.MODELS) + ".");
        }
        if (org.hypertower.data.DatasetId.byName(data.dataset()).isEmpty()) {
            throw new IllegalArgumentException("Unknown --dataset '" + data.dataset() + "'; use one of "
                    + org.hypertower.data.DatasetId.names() + ".");
        }
        return this;
    }

    /** Returns a copy with another batch size (the one a run really used). */
    public RunConfig withBatchSize(int examples) {
        return new RunConfig(data, model, hidden, tower, epochs, examples, seed, precision, device, constrained);
    }

    /** Returns the dataset's name. */
    public String dataset() {
        return data.dataset();
    }

    /** Returns a copy with another tower (for baselines and re-runs). */
    public RunConfig withTower(TowerSpec other) {
        return new RunConfig(data, model, hidden, other, epochs, batchSize, seed, precision, device, constrained);
    }

    /** Returns a copy that keeps learned hyperparameters in range, or not. */
    public RunConfig withConstrained(boolean keepInRange) {
        return new RunConfig(data, model, hidden, tower, epochs, batchSize, seed, precision, device, keepInRange);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunConfig c && data.equals(c.data) && model.equals(c.model) && Arrays.equals(hidden, c.hidden)
                && tower.equals(c.tower) && epochs == c.epochs && batchSize == c.batchSize && seed == c.seed
                && precision.equals(c.precision) && device.equals(c.device) && constrained == c.constrained;
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, model, Arrays.hashCode(hidden), tower, epochs, batchSize, seed, precision, device,
                constrained);
    }

    @Override
    public String toString() {
        return "RunConfig[data=" + data + ", model=" + model + ", hidden=" + Arrays.toString(hidden) + ", tower=" + tower
                + ", epochs=" + epochs + ", batchSize=" + batchSize + ", seed=" + seed + ", precision=" + precision + ", device="
                + device + ", constrained=" + constrained + "]";
    }
}
