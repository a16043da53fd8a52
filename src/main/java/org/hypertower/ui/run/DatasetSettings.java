package org.hypertower.ui.run;

import java.util.ArrayList;
import java.util.List;
import org.hypertower.data.DatasetId;
import org.hypertower.experiment.ExperimentPreset;

/**
 * The settings that belong to a dataset: the model, its hidden sizes, the training length and the
 * limits. Each dataset starts from the papers' settings ({@link ExperimentPreset}: Iris 100 epochs
 * of batch 10 with the paper's MLP; the image datasets a few epochs of batch 128) and keeps what the
 * user changed for it.
 *
 * @param model the model's name
 * @param hidden the hidden layer sizes, comma-separated
 * @param epochs the epochs
 * @param batchSize the batch size
 * @param limit train on the first {@code limit} examples; 0 for all
 * @param testLimit evaluate on the first {@code testLimit} examples; 0 for all
 */
record DatasetSettings(String model, String hidden, int epochs, int batchSize, int limit, int testLimit) {

    /** Returns a dataset's defaults: its paper's preset, or its sibling's (MNIST as Fashion-MNIST, CIFAR-10 as CIFAR-100). */
    static DatasetSettings defaults(DatasetId id) {
        ExperimentPreset preset = switch (id) {
            case IRIS -> ExperimentPreset.IRIS;
            case MNIST, FASHION_MNIST -> ExperimentPreset.FASHION_MNIST;
            case CIFAR10, CIFAR100 -> ExperimentPreset.CIFAR100;
        };
        return new DatasetSettings(preset.model(), preset.hidden(), preset.epochs(), preset.batchSize(), 0, 0);
    }

    /** Returns what differs from the settings before, e.g. {@code epochs 2000 → 5, batch 10 → 128}; empty when nothing. */
    List<String> changesFrom(DatasetSettings before) {
        List<String> out = new ArrayList<>();
        if (!model.equals(before.model)) {
            out.add("model " + before.model + " → " + model);
        }
        if (!hidden.equals(before.hidden) && usesHidden(model)) {
            out.add("hidden " + before.hidden + " → " + hidden);
        }
        if (epochs != before.epochs) {
            out.add("epochs " + before.epochs + " → " + epochs);
        }
        if (batchSize != before.batchSize) {
            out.add("batch " + before.batchSize + " → " + batchSize);
        }
        if (limit != before.limit) {
            out.add("limit " + examples(before.limit) + " → " + examples(limit));
        }
        if (testLimit != before.testLimit) {
            out.add("test limit " + examples(before.testLimit) + " → " + examples(testLimit));
        }
        return out;
    }

    /** Returns whether a model has hidden layers to size (the convolutional ones do not). */
    static boolean usesHidden(String model) {
        return model.contains("mlp");
    }

    private static String examples(int limit) {
        return limit == 0 ? "all" : Integer.toString(limit);
    }
}
