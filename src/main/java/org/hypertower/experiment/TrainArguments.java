package org.hypertower.experiment;

import java.util.Arrays;
import java.util.List;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.RunConfig;
import org.hypertower.tower.TowerSpec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of {@code hypertower train} that say how to train (everything but the tower, the
 * seed and where the files go), in one place: the {@code train} command declares them through
 * this class, and experiments, which pass them to every worker as text, read them back with
 * {@link #parse} to check them before any worker starts. Each option may be given once.
 */
public final class TrainArguments {

    @Option(names = "--dataset", defaultValue = "iris",
            description = "iris, mnist, fashion-mnist, cifar10 or cifar100 (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder holding the dataset's files (what its archive extracts to); default: the per-user "
                    + "data folder, then system folders such as /usr/share/datasets.")
    String dataDir;

    @Option(names = "--model", defaultValue = "paper-mlp",
            description = "paper-mlp (the papers' tanh MLP with log_softmax), mlp (ReLU, logits), cnn (two conv + "
                    + "pool blocks) or resnet20 (default: ${DEFAULT-VALUE}).")
    String model;

    private int[] hidden = {8};
    private boolean hiddenGiven;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", description = "Examples per step (default: 10 for iris, 128 otherwise).")
    Integer batchSize;

    @Option(names = "--labeled-fraction", defaultValue = "0.2",
            description = "Iris: the fraction of rows trained on (stratified, seeded); the rest are evaluated "
                    + "(default: ${DEFAULT-VALUE}, as in the papers).")
    double labeledFraction;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Train on the first N training examples only, for quick demos (default: all).")
    int limit;

    @Option(names = "--test-limit", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on the first N test examples only (default: all).")
    int testLimit;

    @Option(names = "--normalize", description = "Standardize each channel with the training set's mean and deviation "
            + "(default: off; pixels are scaled to [0, 1] as torchvision's ToTensor does).")
    boolean normalize;

    @Option(names = "--coarse-labels", description = "CIFAR-100: the 20 coarse classes instead of the 100 fine ones.")
    boolean coarseLabels;

    @Option(names = "--pseudo-label-threshold", defaultValue = "0", paramLabel = "P",
            description = "Iris: after each epoch also train on unlabeled rows classified with probability >= P, with "
                    + "the predicted label; reported separately in epochs.csv (default: 0, off).")
    double pseudoLabelThreshold;

    @Option(names = "--precision", defaultValue = "float32", description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--device", defaultValue = "cpu",
            description = "cpu, or gpu when DJL finds a CUDA device (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--constrained",
            description = "Keep every learned hyperparameter in its range (alpha, wd >= 0; mu in [0, 0.999]; dp in [0, 1]) by "
                    + "projecting each update of the level above back into it. Off by default, as in the reference, "
                    + "where a learning rate may turn negative.")
    boolean constrained;

    /** Sets the hidden sizes from {@code 8} or {@code 128,64}; once only, so a second --hidden is not silently added. */
    @Option(names = "--hidden", paramLabel = "N[,N...]", description = "Hidden layer sizes (default: 8).")
    void hidden(String sizes) {
        if (hiddenGiven) {
            throw new IllegalArgumentException("--hidden is given twice; give every size once, e.g. --hidden 8,16.");
        }
        hiddenGiven = true;
        try {
            hidden = Arrays.stream(sizes.split(",", -1)).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--hidden takes whole numbers separated by commas, e.g. 8 or 128,64, not '"
                    + sizes + "'.");
        }
    }

    /** Returns the hidden layer sizes. */
    public int[] hidden() {
        return hidden.clone();
    }

    /** Returns the dataset's name. */
    public String dataset() {
        return dataset;
    }

    /**
     * Returns the configuration of a run with these options, checked (see {@link RunConfig#check()}).
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public RunConfig toConfig(TowerSpec tower, long seed) {
        if (dataDir != null && dataDir.isBlank()) {
            throw new IllegalArgumentException("--data-dir is empty; give the folder that holds the dataset's files, or "
                    + "leave the option out.");
        }
        int batch = batchSize != null ? batchSize : dataset.equals("iris") ? 10 : 128;
        return new RunConfig(new DataConfig(dataset, dataDir, limit, testLimit, normalize, coarseLabels, labeledFraction,
                pseudoLabelThreshold), model, hidden, tower, epochs, batch, seed, precision, device, constrained).check();
    }

    /**
     * Returns the configuration of a run that takes its settings from another run's, except for the
     * options given explicitly here, which win (e.g. {@code train --follow RUN_DIR --seed 2}).
     *
     * @param base the other run's configuration
     * @param given whether an option (by its name, e.g. {@code --dataset}) was given explicitly
     * @param tower the tower of the new run
     * @param seed the seed of the new run
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public RunConfig toConfig(RunConfig base, java.util.function.Predicate<String> given, TowerSpec tower, long seed) {
        DataConfig d = base.data();
        if (given.test("--data-dir") && dataDir != null && dataDir.isBlank()) {
            throw new IllegalArgumentException("--data-dir is empty; give the folder that holds the dataset's files, or "
                    + "leave the option out.");
        }
        DataConfig data = new DataConfig(given.test("--dataset") ? dataset : d.dataset(),
                given.test("--data-dir") ? dataDir : d.dataDir(), given.test("--limit") ? limit : d.limit(),
                given.test("--test-limit") ? testLimit : d.testLimit(), given.test("--normalize") ? normalize : d.normalize(),
                given.test("--coarse-labels") ? coarseLabels : d.coarseLabels(),
                given.test("--labeled-fraction") ? labeledFraction : d.labeledFraction(),
                given.test("--pseudo-label-threshold") ? pseudoLabelThreshold : d.pseudoLabelThreshold());
        return new RunConfig(data, given.test("--model") ? model : base.model(), hiddenGiven ? hidden : base.hidden(), tower,
                given.test("--epochs") ? epochs : base.epochs(), given.test("--batch-size") ? batchSize : base.batchSize(),
                seed, given.test("--precision") ? precision : base.precision(),
                given.test("--device") ? device : base.device(),
                given.test("--constrained") ? constrained : base.constrained()).check();
    }

    /**
     * Reads the options back from their text, as a worker's {@code train} will.
     *
     * @throws IllegalArgumentException naming the option that is wrong or unknown, in one sentence
     */
    public static TrainArguments parse(List<String> arguments) {
        TrainArguments options = new TrainArguments();
        try {
            new CommandLine(options).parseArgs(arguments.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(cause instanceof IllegalArgumentException ? cause.getMessage()
                    : sentence(e.getMessage()), e);
        }
        return options;
    }

    private static String sentence(String message) {
        String m = message.strip();
        return m.endsWith(".") ? m : m + ".";
    }
}
