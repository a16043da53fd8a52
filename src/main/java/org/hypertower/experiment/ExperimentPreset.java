package org.hypertower.experiment;

import java.util.Locale;

/**
 * The seed paper's settings as starting points for an experiment: the dataset, model and training
 * length every run of it gets. Iris uses the train command's default of 20% labeled rows.
 *
 * @see ExperimentPlan
 */
public enum ExperimentPreset {
    /** Iris with 20% labels, the paper's MLP (Fig. 9/10). */
    IRIS("iris", "paper-mlp", "8", 100, 10),
    /** CIFAR-100 with ResNet-20 (Fig. 7/8). */
    CIFAR100("cifar100", "resnet20", "8", 10, 128),
    /** Fashion-MNIST with an MLP of 128 hidden units: the offline stand-in for MNIST. */
    FASHION_MNIST("fashion-mnist", "mlp", "128", 5, 128);

    private final String dataset;
    private final String model;
    private final String hidden;
    private final int epochs;
    private final int batchSize;

    ExperimentPreset(String dataset, String model, String hidden, int epochs, int batchSize) {
        this.dataset = dataset;
        this.model = model;
        this.hidden = hidden;
        this.epochs = epochs;
        this.batchSize = batchSize;
    }

    public String dataset() {
        return dataset;
    }

    public String model() {
        return model;
    }

    /** Returns the hidden layer sizes, comma-separated (ignored by convolutional models). */
    public String hidden() {
        return hidden;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Returns its name on the command line: iris, cifar100 or fashion-mnist. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns the preset with a command-line name.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static ExperimentPreset byCliName(String name) {
        for (ExperimentPreset p : values()) {
            if (p.cliName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown preset '" + name + "'; use iris, cifar100 or fashion-mnist.");
    }

    @Override
    public String toString() {
        return switch (this) {
            case IRIS -> "Iris, 20% labels, paper MLP";
            case CIFAR100 -> "CIFAR-100, ResNet-20";
            case FASHION_MNIST -> "Fashion-MNIST, MLP 128";
        };
    }
}
