package org.hypertower.engine;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hypertower.data.DataException;
import org.hypertower.data.DataLocator;
import org.hypertower.data.DataSplit;
import org.hypertower.data.DatasetId;
import org.hypertower.data.ImageDatasets;
import org.hypertower.data.Iris;
import org.hypertower.data.LabeledData;
import org.hypertower.data.Normalization;
import org.hypertower.model.Network;
import org.hypertower.model.Networks;
import org.hypertower.model.ResNet20;

/** Builds runs, datasets and models from their names in a {@link RunConfig}. */
public final class RunFactory {

    /** The model names accepted. */
    public static final List<String> MODELS = List.of("paper-mlp", "mlp", "cnn", "resnet20");

    private RunFactory() {}

    /**
     * Builds a run from its configuration.
     *
     * @throws IllegalArgumentException naming an unknown dataset, model or precision
     * @throws DataException when the data cannot be found or read
     */
    public static TrainingRun create(RunConfig config) {
        DataConfig d = config.data();
        DataSplit split = split(d, config.seed());
        Network network = network(config.model(), config.hidden(), split.train().classes(), split.train().exampleShape());
        ai.djl.Device device = device(config.device());
        TrainingRun run = new TrainingRun(network, split, config.tower(), config.epochs(), config.batchSize(), config.seed(),
                dataType(config.precision()), d.pseudoLabelThreshold(), device, config.constrained());
        if (config.device().equals("gpu") && !device.isGpu()) {
            run.addNote("DJL finds no CUDA GPU on this machine (Hypertower ships the CPU build of PyTorch), so this run "
                    + "trains on the CPU; see the README's GPU section.");
        }
        return run;
    }

    /** Returns whether DJL finds a CUDA device. */
    public static boolean gpuAvailable() {
        return ai.djl.engine.Engine.getInstance().getGpuCount() > 0;
    }

    /**
     * Returns the device of a name; {@code gpu} falls back to the CPU when DJL finds no CUDA device.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static ai.djl.Device device(String name) {
        return switch (name) {
            case "cpu" -> ai.djl.Device.cpu();
            case "gpu" -> gpuAvailable() ? ai.djl.Device.gpu() : ai.djl.Device.cpu();
            default -> throw new IllegalArgumentException("Unknown device '" + name + "'; use cpu or gpu.");
        };
    }

    /** Returns the dataset of a name. */
    public static DatasetId datasetId(String name) {
        return DatasetId.byName(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown dataset '" + name + "'; use one of " + DatasetId.names() + "."));
    }

    /**
     * Loads the training and evaluation examples a data configuration describes: Iris split by its
     * labeled fraction, the image datasets by their official split; then the limits and the
     * normalization (statistics of the training examples, applied to both).
     */
    public static DataSplit split(DataConfig d, long seed) {
        DatasetId id = datasetId(d.dataset());
        DataSplit split;
        if (id == DatasetId.IRIS) {
            if (d.coarseLabels()) {
                throw new DataException("Coarse labels exist only for CIFAR-100, not Iris.");
            }
            split = DataSplit.labeledFraction(Iris.load(), d.labeledFraction(), seed);
        } else {
            if (d.pseudoLabeling()) {
                throw new DataException("Pseudo-labeling is the Iris semi-supervised setting; " + id.title()
                        + " trains on its labeled training set.");
            }
            DataLocator locator = new DataLocator(Optional.ofNullable(d.dataDir()).map(Path::of));
            split = ImageDatasets.load(id, locator, d.coarseLabels());
        }
        LabeledData train = d.limit() > 0 ? split.train().limit(d.limit()) : split.train();
        LabeledData test = d.testLimit() > 0 ? split.test().limit(d.testLimit()) : split.test();
        if (d.normalize()) {
            Normalization n = Normalization.of(train);
            train = train.withNormalization(n);
            test = test.withNormalization(n);
        }
        return new DataSplit(train, test);
    }

    /**
     * Builds a model by name for examples of a shape.
     *
     * @throws IllegalArgumentException for an unknown model, or an image model on vector data
     */
    public static Network network(String model, int[] hidden, int classes, long[] exampleShape) {
        boolean image = exampleShape.length == 3;
        return switch (model) {
            case "paper-mlp" -> Networks.paperMlp(hidden, classes);
            case "mlp" -> Networks.mlp(hidden, classes);
            case "cnn", "resnet20" -> {
                if (!image) {
                    throw new IllegalArgumentException("The " + model + " model needs images (channels x height x width); "
                            + "this dataset has " + exampleShape[0] + " features per example: use paper-mlp or mlp.");
                }
                yield model.equals("cnn") ? Networks.cnn(classes) : ResNet20.build(classes);
            }
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
