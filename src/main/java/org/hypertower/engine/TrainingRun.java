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
import org.hypertower.data.LabeledData;
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
 *
 * <p>While it trains or is paused, any learned hyperparameter can be set by hand from any thread
 * ({@link #intervene}); the training thread applies it between two steps, at once when paused.
 *
 * <p>With pseudo-labeling on (a semi-supervised setting beyond the papers), after each epoch the
 * held-out examples the model classifies with at least the threshold's probability join the next
 * epoch's training examples, labeled with the model's prediction; how many and how many of those
 * labels are right is reported with the epoch.
 */
public final class TrainingRun {

    /** Examples per batch when the test split is evaluated. */
    static final int EVAL_BATCH = 512;

    private final Network network;
    private final DataSplit data;
    private final TowerSpec tower;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final DataType dataType;
    private final double pseudoLabelThreshold;
    private final ai.djl.Device device;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** Why the run was asked to stop; set before {@link #stopRequested}, so whoever sees the flag sees it. */
    private final java.util.concurrent.atomic.AtomicReference<String> stopReason =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Throwable failure;
    private final Object pauseLock = new Object();
    private boolean paused;
    private volatile Map<String, Double> finalHyperparameters = Map.of();
    private volatile Throughput throughput = new Throughput(0, 0, 0);
    private final boolean constrained;
    /** The tower while the run trains, null before and after: what interventions are checked against. */
    private volatile Tower training;
    /** Interventions asked for and not yet applied; guarded by {@link #pauseLock}. */
    private final java.util.ArrayDeque<Request> requests = new java.util.ArrayDeque<>();

    private record Request(String key, double value) {}

    /**
     * @param network the model, not yet initialized
     * @param data the training and evaluation examples
     * @param tower the tower
     * @param epochs the number of epochs
     * @param batchSize the examples per step (capped at the training set's size)
     * @param seed the seed of the initial weights and the batch order
     * @param dataType FLOAT32 or FLOAT64
     * @param pseudoLabelThreshold 0 for none, else the probability above which held-out examples
     *     are pseudo-labeled
     * @param device where the arrays live
     * @param constrained whether the tower keeps its learned hyperparameters in range
     */
    public TrainingRun(Network network, DataSplit data, TowerSpec tower, int epochs, int batchSize, long seed,
            DataType dataType, double pseudoLabelThreshold, ai.djl.Device device, boolean constrained) {
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
        this.batchSize = batchSize;
        this.seed = seed;
        this.dataType = dataType;
        this.pseudoLabelThreshold = pseudoLabelThreshold;
        this.device = device;
        this.constrained = constrained;
    }

    /** A run on the CPU without pseudo-labeling. */
    public TrainingRun(Network network, DataSplit data, TowerSpec tower, int epochs, int batchSize, long seed,
            DataType dataType) {
        this(network, data, tower, epochs, batchSize, seed, dataType, 0, ai.djl.Device.cpu(), false);
    }

    private final java.util.List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The path this run's level 0 follows, or null; set before the run starts. */
    private volatile Schedule schedule;

    /**
     * Makes this run follow a path: before every step, level 0's learned hyperparameters are set to
     * the path's values for that step (see {@link Schedule}); past the path's last step they hold
     * its last values, which a note says. Call before {@link #run}, on a run whose tower is the
     * path's layer alone.
     *
     * @throws IllegalArgumentException when the tower is not the path's layer alone, or a value of
     *     the path is one the layer cannot hold (one sentence, see {@link Schedule#check()})
     */
    public void follow(Schedule path) {
        if (tower.height() != 1 || !tower.level(0).equals(path.layer())) {
            throw new IllegalArgumentException("A run that follows a schedule trains its layer alone (" + path.layer()
                    + "), not " + tower + ".");
        }
        path.check();
        String outside = path.outOfDefinition();
        if (outside != null) {
            addNote(outside);
        }
        long planned = plannedSteps();
        if (planned > path.steps()) {
            double[] last = path.at(path.steps() - 1);
            StringBuilder values = new StringBuilder();
            for (int k = 0; k < last.length; k++) {
                values.append(k == 0 ? "" : ", ").append(path.names().get(k)).append(" = ")
                        .append(org.hypertower.tower.Numbers.format(last[k]));
            }
            addNote("The schedule has " + path.steps() + " steps and this run takes " + planned + ": steps "
                    + path.steps() + " to " + (planned - 1) + " hold its last values (" + values + ").");
        }
        schedule = path;
    }

    /** Returns the path this run follows, or null. */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * Returns how many steps the run takes if it is not stopped and does not diverge: its epochs
     * times the whole batches of its training examples (more with pseudo-labels, which add examples).
     */
    public long plannedSteps() {
        return (long) epochs * (data.train().size() / batchSize());
    }

    /** Adds a sentence for the user about how the run was set up (e.g. a device fallback). */
    public void addNote(String note) {
        notes.add(note);
    }

    /** Returns the notes for the user about how the run was set up. */
    public java.util.List<String> notes() {
        return java.util.List.copyOf(notes);
    }

    /** Asks the run to stop before its next step; safe from any thread. A paused run stops too. */
    public void requestStop() {
        requestStop("Stopped");
    }

    /**
     * Asks the run to stop before its next step, or during its evaluation; safe from any thread. A
     * paused run stops too.
     *
     * @param reason the start of the run's final message, e.g. {@code Stopped by SIGINT (Ctrl-C)};
     *     the number of steps follows it
     */
    public void requestStop(String reason) {
        stopReason.compareAndSet(null, reason);
        stopRequested.set(true);
        setPaused(false);
    }

    /** Returns whether a stop was requested. */
    public boolean stopRequested() {
        return stopRequested.get();
    }

    /** Returns what ended a failed run (for the log), or null. */
    public Throwable failure() {
        return failure;
    }

    /** Pauses the run before its next step, or lets it go on; safe from any thread. */
    public void setPaused(boolean pause) {
        synchronized (pauseLock) {
            paused = pause;
            pauseLock.notifyAll();
        }
    }

    /** Returns whether the run is paused. */
    public boolean isPaused() {
        synchronized (pauseLock) {
            return paused;
        }
    }

    /**
     * Slows the run to at most a number of steps per second, from any thread, e.g. to talk over a
     * demo; 0 (the default) runs at full speed. A pause or a stop still takes effect at once.
     */
    public void setPace(double stepsPerSecond) {
        if (!(stepsPerSecond >= 0) || Double.isInfinite(stepsPerSecond)) {
            throw new IllegalArgumentException("A pace is a number of steps per second >= 0, not " + stepsPerSecond + ".");
        }
        synchronized (pauseLock) {
            pace = stepsPerSecond;
            pauseLock.notifyAll();
        }
    }

    /** Returns the pace in steps per second, 0 for full speed. */
    public double pace() {
        synchronized (pauseLock) {
            return pace;
        }
    }

    private double pace;
    private long lastStepNanos;

    /**
     * Waits while paused, and long enough after the last step to keep to the pace; returns at once
     * on a stop. Interventions asked for meanwhile are applied as they come, outside the lock.
     */
    private void awaitResume(Tower tower, long steps, RunListener listener) {
        while (true) {
            applyInterventions(tower, steps, listener);
            synchronized (pauseLock) {
                if (!requests.isEmpty()) {
                    continue;
                }
                if (stopRequested.get()) {
                    return;
                }
                long due = pace > 0 ? lastStepNanos + (long) (1e9 / pace) : 0;
                long wait = paused ? 0 : (due - System.nanoTime()) / 1_000_000;
                if (!paused && (pace == 0 || wait <= 0)) {
                    lastStepNanos = System.nanoTime();
                    return;
                }
                try {
                    pauseLock.wait(Math.max(0, paused ? 0 : Math.max(1, wait)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested.set(true);
                    return;
                }
            }
        }
    }

    /**
     * Sets a learned hyperparameter of any level to a new effective value, from any thread, while
     * the run trains or is paused. It is checked here, then applied by the training thread before
     * its next step (at once when paused), stored in the form the level above optimizes, and told
     * to the listener as an {@link Intervention}. A refused value changes nothing.
     *
     * @param key the hyperparameter's key as {@code steps.csv} has it, e.g. {@code 0.alpha}
     * @param value the new effective value
     * @throws IllegalArgumentException one sentence naming the key and the values it admits
     * @throws IllegalStateException when the run is not training (not started yet, or ended)
     */
    public void intervene(String key, double value) {
        Tower tower = training;
        if (tower == null || stopRequested.get()) {
            throw new IllegalStateException("The run is not training now, so " + key + " cannot be set; start a run "
                    + "first.");
        }
        tower.checkSettable(key, value);
        synchronized (pauseLock) {
            requests.add(new Request(key, value));
            pauseLock.notifyAll();
        }
    }

    /** Applies the interventions asked for, on the training thread, between two steps. */
    private void applyInterventions(Tower tower, long steps, RunListener listener) {
        while (true) {
            Request r;
            synchronized (pauseLock) {
                r = requests.poll();
            }
            if (r == null) {
                return;
            }
            double old = tower.set(r.key(), r.value());
            double now = tower.hyperparameterValues()[tower.hyperparameterKeys().indexOf(r.key())];
            listener.intervened(new Intervention(steps, r.key(), old, now));
        }
    }

    /** Returns the examples per step: the batch size asked for, or all training examples when there are fewer. */
    public int batchSize() {
        return Math.min(batchSize, data.train().size());
    }

    /** Returns every level's effective hyperparameters at the end of the run, by key, bottom level first. */
    public Map<String, Double> finalHyperparameters() {
        return finalHyperparameters;
    }

    /** PyTorch's intra-op threads asked for (0: as the training thread has them), then those it computed with. */
    private volatile int threads;

    /**
     * Makes the run compute with {@code threads} PyTorch threads, set on its training thread as it
     * starts and set back as it ends (see {@link IntraOpThreads}); {@link RunFactory} sets its
     * default. Call before {@link #run}.
     *
     * @param threads at least 1
     */
    public void useThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a run needs at least one thread, not " + threads);
        }
        this.threads = threads;
    }

    /**
     * Returns PyTorch's intra-op threads the run computes with once it has started, the count asked
     * for before (0 when none was asked for, or the engine is not PyTorch).
     */
    public int threads() {
        return threads;
    }

    /** Returns how fast batches were made and trained on. */
    public Throughput throughput() {
        return throughput;
    }

    /**
     * Where a run's time went.
     *
     * @param examples the training examples stepped over
     * @param loaderSeconds the time spent making batches: copying the training examples onto the
     *     engine (once, and once per epoch that adds pseudo-labeled ones), then gathering each batch
     * @param stepSeconds the time spent in training steps
     */
    public record Throughput(long examples, double loaderSeconds, double stepSeconds) {

        /** Returns examples per second of the batch loader alone. */
        public double loaderExamplesPerSecond() {
            return examples / loaderSeconds;
        }

        /** Returns examples per second of the training steps alone. */
        public double stepExamplesPerSecond() {
            return examples / stepSeconds;
        }
    }

    /** Returns an error's first line, at most a few hundred characters (libtorch's messages carry whole traces). */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "an unexpected " + e.getClass().getSimpleName() + " (set HYPERTOWER_DEBUG=1 to see where)";
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl).strip();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    private RunEnded stopped(long steps) {
        String reason = stopReason.get();
        return new RunEnded(RunStatus.STOPPED, steps, (reason != null ? reason : "Stopped") + " after " + steps + " steps.");
    }

    /**
     * Runs to the end on the calling thread and returns how it ended (also sent to the listener).
     * An error, the listener's included, ends the run {@code failed} with a message saying why
     * ({@link #failure()} keeps the error); memory running out says how big the model and the data
     * are and what to change.
     */
    public RunEnded run(RunListener listener) {
        long steps = 0;
        long examples = 0;
        long loaderNanos = 0;
        long stepNanos = 0;
        RunEnded ended = null;
        LabeledData labeled = data.train();
        int batch = Math.min(batchSize, labeled.size());
        // PyTorch keeps its thread count per thread: this one's, as the run found it and leaves it
        int threadsBefore = 0;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            threadsBefore = IntraOpThreads.ofThisThread();
            threads = threads > 0 ? IntraOpThreads.useOnThisThread(threads) : threadsBefore;
            // the weights and the order come from this run's own seeded generators; the engine's
            // generator is seeded too, so that nothing drawn from it depends on an earlier run in
            // the same process (a persistent worker's)
            manager.getEngine().setRandomSeed((int) (seed ^ (seed >>> 32)));
            long[] shape = new long[labeled.exampleShape().length + 1];
            shape[0] = batch;
            System.arraycopy(labeled.exampleShape(), 0, shape, 1, shape.length - 1);
            network.initialize(manager, dataType, new Shape(shape), seed);
            try (TowerTrainer trainer = new TowerTrainer(network, tower, manager, constrained);
                    ResidentData labeledResident = trainer.resident(labeled);
                    ResidentData testResident = trainer.resident(data.test())) {
                loaderNanos += labeledResident.copyNanos();
                Tower<?> running = trainer.tower();
                listener.started(new RunStarted(tower.toString(), running.hyperparameterKeys(), labeled.size() / batch,
                        epochs));
                training = running;
                SplittableRandom order = batchOrder(seed);
                // the epoch's training examples: the labeled ones, or those and the pseudo-labeled
                // (each such set replaces the last, and the run's manager frees the one left)
                ResidentData train = labeledResident;
                epochs:
                for (int epoch = 0; epoch < epochs; epoch++) {
                    int n = train.size();
                    int perEpoch = n / batch;
                    int[] permutation = permutation(n, order);
                    double lossSum = 0;
                    double accuracySum = 0;
                    for (int b = 0; b < perEpoch; b++) {
                        awaitResume(running, steps, listener);
                        if (stopRequested.get()) {
                            ended = stopped(steps);
                            break epochs;
                        }
                        Schedule path = schedule;
                        if (path != null) {
                            path.apply(running, steps);
                        }
                        int[] rows = new int[batch];
                        System.arraycopy(permutation, b * batch, rows, 0, batch);
                        TowerTrainer.BatchResult result;
                        try (NDScope scope = new NDScope()) {
                            long t0 = System.nanoTime();
                            NDList arrays = train.batch(rows);
                            long t1 = System.nanoTime();
                            result = trainer.step(arrays.get(0), arrays.get(1));
                            loaderNanos += t1 - t0;
                            stepNanos += System.nanoTime() - t1;
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
                        examples += batch;
                        lossSum += result.loss();
                        accuracySum += result.accuracy();
                    }
                    TowerTrainer.BatchResult test = trainer.evaluate(testResident, EVAL_BATCH, stopRequested::get);
                    if (test == null) {
                        ended = stopped(steps);
                        break;
                    }
                    int pseudoLabeled = 0;
                    double pseudoAccuracy = Double.NaN;
                    if (pseudoLabelThreshold > 0) {
                        PseudoLabels pseudo = pseudoLabels(trainer, testResident);
                        pseudoLabeled = pseudo.examples().size();
                        pseudoAccuracy = pseudo.accuracy();
                        if (train != labeledResident) {
                            train.close();
                        }
                        train = pseudoLabeled == 0 ? labeledResident
                                : trainer.resident(labeled.concat(pseudo.examples()));
                        loaderNanos += train == labeledResident ? 0 : train.copyNanos();
                    }
                    listener.epoch(new EpochMetrics(epoch, steps, lossSum / perEpoch, accuracySum / perEpoch, test.loss(),
                            test.accuracy(), pseudoLabeled, pseudoAccuracy));
                }
                Map<String, Double> learned = new LinkedHashMap<>();
                double[] values = running.hyperparameterValues();
                for (int i = 0; i < values.length; i++) {
                    learned.put(running.hyperparameterKeys().get(i), values[i]);
                }
                finalHyperparameters = Collections.unmodifiableMap(learned);
                if (ended == null) {
                    ended = new RunEnded(RunStatus.COMPLETED, steps, "Completed " + epochs + " epochs, " + steps + " steps."
                            + (running.clamps() > 0 ? " " + running.clamps() + " updates of learned hyperparameters were "
                                    + "projected back into range." : ""));
                }
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            failure = e;
            ended = new RunEnded(RunStatus.FAILED, steps, "The run failed at step " + steps + ": "
                    + (Memory.isOutOfMemory(e) ? Memory.advice(e, network, data.train()) : describe(e)));
        } finally {
            training = null;
            synchronized (pauseLock) {
                requests.clear();
            }
            if (threadsBefore > 0 && threadsBefore != threads) {
                IntraOpThreads.useOnThisThread(threadsBefore);
            }
            throughput = new Throughput(examples, loaderNanos / 1e9, stepNanos / 1e9);
        }
        listener.ended(ended);
        return ended;
    }

    /**
     * Held-out examples the model classified confidently, labeled with its prediction.
     *
     * @param examples the examples with their pseudo-labels
     * @param accuracy the fraction of pseudo-labels equal to the true label (NaN when none)
     */
    private record PseudoLabels(LabeledData examples, double accuracy) {}

    private PseudoLabels pseudoLabels(TowerTrainer trainer, ResidentData test) {
        LabeledData pool = test.data();
        TowerTrainer.Predictions p = trainer.predict(test, EVAL_BATCH);
        int[] rows = java.util.stream.IntStream.range(0, pool.size())
                .filter(i -> p.confidence()[i] >= pseudoLabelThreshold).toArray();
        int[] guessed = new int[rows.length];
        int right = 0;
        for (int k = 0; k < rows.length; k++) {
            guessed[k] = p.classes()[rows[k]];
            if (guessed[k] == pool.labels()[rows[k]]) {
                right++;
            }
        }
        double accuracy = rows.length == 0 ? Double.NaN : right / (double) rows.length;
        return new PseudoLabels(pool.subset(rows).withLabels(guessed), accuracy);
    }

    /** Returns the generator of a run's batch order: each epoch draws its {@link #permutation} from it. */
    static SplittableRandom batchOrder(long seed) {
        return new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** Returns an epoch's order of the examples {@code 0..n-1}; its batches are consecutive slices of it. */
    static int[] permutation(int n, SplittableRandom random) {
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
