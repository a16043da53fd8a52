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
        return create(config, DatasetCache.none());
    }

    /**
     * Builds a run from its configuration, taking its dataset from a cache when it holds it (a
     * persistent worker's); the run is the same as with a fresh read. It computes with the PyTorch
     * threads {@link IntraOpThreads#choose} gives its model ({@link TrainingRun#useThreads} changes them).
     *
     * @throws IllegalArgumentException naming an unknown dataset, model or precision
     * @throws DataException when the data cannot be found or read
     */
    public static TrainingRun create(RunConfig config, DatasetCache cache) {
        config.check();
        DataConfig d = config.data();
        DataSplit split = split(d, config.seed(), cache);
        Network network = checkedNetwork(config, split.train(), Runtime.getRuntime().maxMemory(),
                "HYPERTOWER_JAVA_OPTS=-Xmx8g");
        ai.djl.Device device = device(config.device());
        TrainingRun run = new TrainingRun(network, split, config.tower(), config.epochs(), config.batchSize(), config.seed(),
                dataType(config.precision()), d.pseudoLabelThreshold(), device, config.constrained());
        run.useThreads(IntraOpThreads.choose(0, config.model()));
        if (config.batchSize() > split.train().size()) {
            run.addNote("The batch size " + config.batchSize() + " is more than the " + split.train().size()
                    + " training examples, so each step uses all " + split.train().size() + ".");
        }
        if (config.device().equals("gpu") && !device.isGpu()) {
            run.addNote("DJL finds no CUDA GPU on this machine (Hypertower ships the CPU build of PyTorch), so this run "
                    + "trains on the CPU; see the README's GPU section.");
        }
        return run;
    }

    /**
     * Checks, without loading the engine or training, that a run of a configuration can start:
     * its values, its data (read in full, so a corrupt file is found now) and its model on that
     * data, within this machine's memory.
     *
     * @throws IllegalArgumentException or {@link DataException} saying what is wrong, in one sentence
     */
    public static void check(RunConfig config) {
        check(config, Runtime.getRuntime().maxMemory(), "HYPERTOWER_JAVA_OPTS=-Xmx8g");
    }

    /**
     * Checks a run for a JVM with another heap than this one's (an experiment's worker).
     *
     * @param heapBytes the heap of the JVM that will train it
     * @param heapAdvice how to give that JVM more, e.g. {@code HYPERTOWER_WORKER_JAVA_OPTS=-Xmx8g}
     */
    public static void check(RunConfig config, long heapBytes, String heapAdvice) {
        config.check();
        checkedNetwork(config, split(config.data(), config.seed()).train(), heapBytes, heapAdvice);
    }

    private static Network checkedNetwork(RunConfig config, LabeledData train, long heapBytes, String heapAdvice) {
        // building the blocks allocates nothing; it refuses a model that does not suit the data
        Network network = network(config.model(), config.hidden(), train.classes(), train.exampleShape());
        requireFits(config, train, heapBytes, heapAdvice);
        return network;
    }

    /**
     * Refuses a model too big for this machine before anything is allocated: its weights, held a
     * few times over while training, must fit in memory, and its largest layer must fit in Java's
     * heap while it is initialized.
     */
    static void requireFits(RunConfig config, LabeledData train, long heap, String heapAdvice) {
        int bytesPer = dataType(config.precision()).getNumOfBytes();
        long[] counts = parameterCounts(config.model(), config.hidden(), train.classes(), train.exampleShape());
        long total = 0;
        long largest = 0;
        for (long c : counts) {
            total = saturatedAdd(total, c);
            largest = Math.max(largest, c);
        }
        String what = "The model (" + config.model() + (config.model().endsWith("mlp") ? " with hidden sizes "
                + java.util.Arrays.toString(config.hidden()).replaceAll("[\\[\\] ]", "") : "") + ") has "
                + String.format(java.util.Locale.ROOT, "%,d", total) + " trainable parameters";
        long need = saturatedMultiply(saturatedMultiply(total, bytesPer), Memory.COPIES);
        if (need > Memory.ANY_MACHINE_BYTES && need > Memory.physicalBytes()) {
            throw new IllegalArgumentException(what + ": training it takes about " + Memory.bytes(need) + " in "
                    + config.precision() + ", more than this machine's " + Memory.bytes(Memory.physicalBytes())
                    + "; use smaller --hidden sizes.");
        }
        if (largest > Integer.MAX_VALUE - 8 || saturatedMultiply(largest, Double.BYTES * 2) > heap) {
            throw new IllegalArgumentException(what + ": its largest layer (" + String.format(java.util.Locale.ROOT, "%,d",
                    largest) + " weights) does not fit in Java's heap (" + Memory.bytes(heap) + ") while it is "
                    + "initialized; use smaller --hidden sizes, or give Java more, e.g. " + heapAdvice + ".");
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatedMultiply(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }

    /**
     * Returns how many trainable scalars each layer of a model has (weights and biases of a layer
     * together), computed from the architecture without building it.
     */
    public static long[] parameterCounts(String model, int[] hidden, int classes, long[] exampleShape) {
        java.util.List<Long> layers = new java.util.ArrayList<>();
        switch (model) {
            case "paper-mlp", "mlp" -> {
                long in = 1;
                for (long d : exampleShape) {
                    in *= d;
                }
                for (int units : hidden) {
                    layers.add(saturatedMultiply(in + 1, units));
                    in = units;
                }
                layers.add(saturatedMultiply(in + 1, classes));
            }
            case "cnn" -> {
                long channels = exampleShape[0];
                layers.add(32 * channels * 9 + 32);
                layers.add(64L * 32 * 9 + 64);
                long height = exampleShape[1] / 2 / 2;
                long width = exampleShape[2] / 2 / 2;
                layers.add((64 * height * width + 1) * classes);
            }
            case "resnet20" -> {
                long in = exampleShape[0];
                layers.add(16 * in * 9 + 2 * 16);
                in = 16;
                for (int stage = 0; stage < 3; stage++) {
                    long filters = 16L << stage;
                    for (int b = 0; b < 3; b++) {
                        layers.add(filters * in * 9 + 2 * filters);
                        layers.add(filters * filters * 9 + 2 * filters);
                        in = filters;
                    }
                }
                layers.add((in + 1) * classes);
            }
            default -> throw new IllegalArgumentException(
                    "Unknown model '" + model + "'; use one of " + String.join(", ", MODELS) + ".");
        }
        return layers.stream().mapToLong(Long::longValue).toArray();
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
        return split(d, seed, DatasetCache.none());
    }

    private static DataSplit split(DataConfig d, long seed, DatasetCache cache) {
        DatasetId id = datasetId(d.dataset());
        DataSplit split;
        if (id == DatasetId.IRIS) {
            if (d.coarseLabels()) {
                throw new DataException("--coarse-labels is for CIFAR-100's 20 coarse classes, not Iris; leave it out.");
            }
            LabeledData iris = cache.get(new DatasetCache.Key(d.dataset(), null, false), LabeledData.class, Iris::load);
            split = DataSplit.labeledFraction(iris, d.labeledFraction(), seed);
        } else {
            if (d.pseudoLabeling()) {
                throw new DataException("Pseudo-labeling is the Iris semi-supervised setting; " + id.title()
                        + " trains on its labeled training set.");
            }
            DataLocator locator = new DataLocator(Optional.ofNullable(d.dataDir()).map(Path::of));
            split = cache.get(new DatasetCache.Key(d.dataset(), d.dataDir(), d.coarseLabels()), DataSplit.class,
                    () -> ImageDatasets.load(id, locator, d.coarseLabels()));
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
                    "Unknown --precision '" + precision + "'; use float32 or float64.");
        };
    }
}
