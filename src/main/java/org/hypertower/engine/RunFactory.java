package org.hypertower.engine;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.hypertower.data.DataSplit;
import org.hypertower.data.Iris;
import org.hypertower.data.LabeledData;
import org.hypertower.model.Network;
import org.hypertower.model.Networks;

/** Builds runs, datasets and models from their names in a {@link RunConfig}. */
public final class RunFactory {

    /** The dataset names accepted. */
    public static final List<String> DATASETS = List.of("iris");

    /** The model names accepted. */
    public static final List<String> MODELS = List.of("paper-mlp", "mlp");

    private RunFactory() {}

    /**
     * Builds a run from its configuration.
     *
     * @throws IllegalArgumentException naming an unknown dataset, model or precision
     */
    public static TrainingRun create(RunConfig config) {
        DataSplit split = DataSplit.labeledFraction(dataset(config.dataset()), config.labeledFraction(), config.seed());
        Network network = network(config.model(), config.hidden(), split.train().classes());
        return new TrainingRun(network, split, config.tower(), config.epochs(), config.batchSize(), config.seed(),
                dataType(config.precision()));
    }

    /** Loads a dataset by name. */
    public static LabeledData dataset(String name) {
        if (name.equals("iris")) {
            return Iris.load();
        }
        throw new IllegalArgumentException("Unknown dataset '" + name + "'; use one of " + String.join(", ", DATASETS) + ".");
    }

    /** Builds a model by name. */
    public static Network network(String model, int[] hidden, int classes) {
        return switch (model) {
            case "paper-mlp" -> Networks.paperMlp(hidden, classes);
            case "mlp" -> Networks.mlp(hidden, classes);
            default -> throw new IllegalArgumentException(
                    "Unknown model '" + model + "'; use one of " + String.join(", ", MODELS) + ".");
        };
    }

    /** Returns the data type of a precision name. */
    public static DataType dataType(String precision) {
        return switch (precision) {
            case "float32" -> DataType.FLOAT32;
            case "float64" -> DataType.FLOAT64;
            default -> throw new IllegalArgumentException(
                    "Unknown precision '" + precision + "'; use float32 or float64.");
        };
    }
}
