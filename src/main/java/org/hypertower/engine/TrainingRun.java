package org.hypertower.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hypertower.data.DataSplit;
import org.hypertower.model.Network;
import org.hypertower.tower.Tower;
import org.hypertower.tower.TowerSpec;

/**
 * Trains a network with a tower for a number of epochs, reporting every step and epoch to a
 * listener. An epoch walks a seeded permutation of the training examples in batches, dropping a
 * last partial batch, then evaluates the held-out examples.
 *
 * <p>The run ends {@code diverged} at the first step whose loss, or any hyperparameter after
 * whose update, is not finite; {@code stopped} between two steps after {@link #requestStop()};
 * {@code failed} on an error. Every event before the end has been delivered either way.
 */
public final class TrainingRun {

    private final Network network;
    private final DataSplit data;
    private final TowerSpec tower;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final DataType dataType;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile Map<String, Double> finalHyperparameters = Map.of();

    /**
     * @param network the model, not yet initialized
     * @param data the training and evaluation examples
     * @param tower the tower
     * @param epochs the number of epochs
     * @param batchSize the examples per step (capped at the training set's size)
     * @param seed the seed of the initial weights and the batch order
     * @param dataType FLOAT32 or FLOAT64
     */
    public TrainingRun(Network network, DataSplit data, TowerSpec tower, int epochs, int batchSize, long seed,
            DataType dataType) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, not " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        this.network = network;
        this.data = data;
        this.tower = tower;
        this.epochs = epochs;
        this.batchSize = Math.min(batchSize, data.train().size());
        this.seed = seed;
        this.dataType = dataType;
    }

    /** Asks the run to stop before its next step; safe from any thread. */
    public void requestStop() {
        stopRequested.set(true);
    }

    /** Returns every level's effective hyperparameters at the end of the run, by key, bottom level first. */
    public Map<String, Double> finalHyperparameters() {
        return finalHyperparameters;
    }

    /** Runs to the end on the calling thread and returns how it ended (also sent to the listener). */
    public RunEnded run(RunListener listener) {
        long steps = 0;
        RunEnded ended;
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] shape = new long[data.train().exampleShape().length + 1];
            shape[0] = batchSize;
            System.arraycopy(data.train().exampleShape(), 0, shape, 1, shape.length - 1);
            network.initialize(manager, dataType, new Shape(shape), seed);
            try (TowerTrainer trainer = new TowerTrainer(network, tower, manager)) {
                Tower running = trainer.tower();
                int n = data.train().size();
                int perEpoch = n / batchSize;
                listener.started(new RunStarted(tower.toString(), running.hyperparameterKeys(), perEpoch, epochs));
                SplittableRandom order = new SplittableRandom(seed ^ 0x5DEECE66DL);
                ended = null;
                epochs:
                for (int epoch = 0; epoch < epochs; epoch++) {
                    int[] permutation = permutation(n, order);
                    double lossSum = 0;
                    double accuracySum = 0;
                    for (int b = 0; b < perEpoch; b++) {
                        if (stopRequested.get()) {
                            ended = new RunEnded(RunStatus.STOPPED, steps, "Stopped after " + steps + " steps.");
                            break epochs;
                        }
                        int[] rows = new int[batchSize];
                        System.arraycopy(permutation, b * batchSize, rows, 0, batchSize);
                        TowerTrainer.BatchResult result;
                        try (NDScope scope = new NDScope()) {
                            NDList batch = trainer.batch(data.train(), rows);
                            result = trainer.step(batch.get(0), batch.get(1));
                        }
                        if (!Double.isFinite(result.loss())) {
                            ended = new RunEnded(RunStatus.DIVERGED, steps, Divergence.lossMessage(steps, result.loss(),
                                    running));
                            break epochs;
                        }
                        double[] hyper = running.hyperparameterValues();
                        String bad = Divergence.hyperparameterMessage(steps, hyper, running);
                        if (bad != null) {
                            ended = new RunEnded(RunStatus.DIVERGED, steps, bad);
                            break epochs;
                        }
                        listener.step(new StepMetrics(steps, epoch, result.loss(), result.accuracy(), hyper,
                                running.hypergradients()));
                        steps++;
                        lossSum += result.loss();
                        accuracySum += result.accuracy();
                    }
                    TowerTrainer.BatchResult test = trainer.evaluate(data.test(), 1024);
                    listener.epoch(new EpochMetrics(epoch, steps, lossSum / perEpoch, accuracySum / perEpoch, test.loss(),
                            test.accuracy()));
                }
                Map<String, Double> learned = new LinkedHashMap<>();
                double[] values = running.hyperparameterValues();
                for (int i = 0; i < values.length; i++) {
                    learned.put(running.hyperparameterKeys().get(i), values[i]);
                }
                finalHyperparameters = Collections.unmodifiableMap(learned);
                if (ended == null) {
                    ended = new RunEnded(RunStatus.COMPLETED, steps, "Completed " + epochs + " epochs, " + steps + " steps.");
                }
            }
        } catch (RuntimeException e) {
            ended = new RunEnded(RunStatus.FAILED, steps, "The run failed at step " + steps + ": " + e.getMessage());
            listener.ended(ended);
            throw e;
        }
        listener.ended(ended);
        return ended;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
