package org.hypertower.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hypertower.data.DatasetId;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.TrainingRun;
import org.hypertower.engine.Versions;
import org.hypertower.export.RunManifest;
import org.hypertower.export.RunRecorder;
import org.hypertower.tower.TowerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hypertower train}: trains a model with a tower and writes the run's files. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a model with a tower. Writes DIR/steps.csv, DIR/epochs.csv and DIR/run.json "
                + "(configuration, status, final losses and accuracies, learned hyperparameters).")
final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

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

    @Option(names = "--tower", required = true, paramLabel = "SPEC",
            description = "The tower, bottom level first, e.g. 'adam(alpha=0.01) / sgd(alpha=1e-5)'.")
    TowerSpec tower;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", description = "Examples per step (default: 10 for iris, 128 otherwise).")
    Integer batchSize;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of split, weights and order (default: ${DEFAULT-VALUE}).")
    long seed;

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

    @Option(names = "--hidden", defaultValue = "8", split = ",", paramLabel = "N[,N...]",
            description = "Hidden layer sizes (default: ${DEFAULT-VALUE}).")
    int[] hidden;

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

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the run's files.")
    Path out;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        validate();
        int batch = batchSize != null ? batchSize : dataset.equals("iris") ? 10 : 128;
        DataConfig data = new DataConfig(dataset, dataDir, limit, testLimit, normalize, coarseLabels, labeledFraction,
                pseudoLabelThreshold);
        RunConfig config = new RunConfig(data, model, hidden, tower, epochs, batch, seed, precision, device, constrained);
        TrainingRun run = RunFactory.create(config);
        run.notes().forEach(n -> spec.commandLine().getErr().println("hypertower: " + n));
        PrintWriter stdout = spec.commandLine().getOut();
        Instant started = Instant.now();
        RunEnded ended;
        EpochMetrics last;
        RunManifest.writeStarted(out.resolve("run.json"), config, started, Versions.all());
        try (RunRecorder recorder = new RunRecorder(out)) {
            RunListener progress = new RunListener() {
                @Override
                public void epoch(EpochMetrics m) {
                    recorder.epoch(m);
                    if (!quiet) {
                        stdout.printf(Locale.ROOT, "epoch %d  train loss %.4f acc %.3f  test loss %.4f acc %.3f%n",
                                m.epoch() + 1, m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy());
                        stdout.flush();
                    }
                }

                @Override
                public void started(org.hypertower.engine.RunStarted e) {
                    recorder.started(e);
                }

                @Override
                public void step(org.hypertower.engine.StepMetrics m) {
                    recorder.step(m);
                }

                @Override
                public void ended(RunEnded e) {
                    recorder.ended(e);
                }
            };
            Thread hook = new Thread(run::requestStop);
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                ended = run.run(progress);
            } finally {
                removeHook(hook);
            }
            last = recorder.lastEpoch();
        }
        RunManifest.write(out.resolve("run.json"), config, ended, last, run.finalHyperparameters(), run.throughput(),
                started, Versions.all());
        stdout.println(ended.status().label() + ": " + ended.message());
        if (last != null) {
            stdout.printf(Locale.ROOT, "final test accuracy %.4f, test loss %.4f%n", last.testAccuracy(), last.testLoss());
        }
        TrainingRun.Throughput speed = run.throughput();
        if (speed.examples() > 0) {
            stdout.printf(Locale.ROOT, "throughput: loader %.0f examples/s, training steps %.0f examples/s%n",
                    speed.loaderExamplesPerSecond(), speed.stepExamplesPerSecond());
        }
        stdout.println("wrote " + out.resolve("steps.csv") + ", epochs.csv, run.json");
        stdout.flush();
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting; the hook has already asked the run to stop
        }
    }

    private void validate() {
        if (epochs < 1) {
            throw new UsageException("--epochs must be at least 1, not " + epochs + ".");
        }
        if (batchSize != null && batchSize < 1) {
            throw new UsageException("--batch-size must be at least 1, not " + batchSize + ".");
        }
        if (limit < 0 || testLimit < 0) {
            throw new UsageException("--limit and --test-limit must not be negative.");
        }
        if (!(pseudoLabelThreshold >= 0 && pseudoLabelThreshold <= 1)) {
            throw new UsageException("--pseudo-label-threshold must be between 0 (off) and 1, not " + pseudoLabelThreshold
                    + ".");
        }
        if (!(labeledFraction > 0 && labeledFraction < 1)) {
            throw new UsageException("--labeled-fraction must be between 0 and 1 (exclusive), not " + labeledFraction + ".");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new UsageException("--hidden sizes must be positive, not " + h + ".");
            }
        }
        RunFactory.dataType(precision);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new UsageException("Unknown --device '" + device + "'; use cpu or gpu.");
        }
        if (!RunFactory.MODELS.contains(model)) {
            throw new UsageException("Unknown --model '" + model + "'; use one of " + String.join(", ", RunFactory.MODELS) + ".");
        }
        if (DatasetId.byName(dataset).isEmpty()) {
            throw new UsageException("Unknown --dataset '" + dataset + "'; use one of " + DatasetId.names() + ".");
        }
    }
}
