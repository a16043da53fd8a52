package org.hypertower.ui.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.hypertower.data.DatasetId;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStarted;
import org.hypertower.engine.RunStatus;
import org.hypertower.engine.StepMetrics;
import org.hypertower.engine.TrainingRun;
import org.hypertower.engine.Versions;
import org.hypertower.export.RecordedRun;
import org.hypertower.export.RunFolder;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;

/**
 * Training settings, the runs of this session and the one in progress. Runs execute one at a time
 * on a background thread (DJL allows one gradient collector per process); their events are queued
 * there and applied to the runs' data by {@link #drain()}, which the view calls on the FX thread a
 * few times a second, so the window never waits for training and never gets one update per step.
 */
public final class RunViewModel {

    private static final Logger LOG = Logger.getLogger(RunViewModel.class.getName());

    /** What the training thread is doing. */
    public enum State { IDLE, RUNNING, PAUSED }

    private final ObjectProperty<DatasetId> dataset = new SimpleObjectProperty<>(DatasetId.IRIS);
    private final StringProperty model = new SimpleStringProperty("paper-mlp");
    private final StringProperty hidden = new SimpleStringProperty("8");
    private final IntegerProperty epochs = new SimpleIntegerProperty(100);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(10);
    private final IntegerProperty seed = new SimpleIntegerProperty(0);
    private final DoubleProperty labeledFraction = new SimpleDoubleProperty(0.2);
    private final StringProperty device = new SimpleStringProperty("cpu");
    private final javafx.beans.property.BooleanProperty constrained = new javafx.beans.property.SimpleBooleanProperty();
    private final ObjectProperty<Path> dataDir = new SimpleObjectProperty<>();
    private final ObservableList<RunData> runs = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("Ready.");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final ExecutorService worker;
    private final RunStore store;
    private volatile TrainingRun active;
    private volatile Runnable endWakeUp = () -> { };
    private int queued;

    /**
     * @param store where runs are written as they go
     * @param worker the thread runs execute on (a direct executor in tests)
     */
    public RunViewModel(RunStore store, ExecutorService worker) {
        this.store = store;
        this.worker = worker;
    }

    /** A view-model with its own daemon training thread. */
    public static RunViewModel withBackgroundThread(RunStore store) {
        return new RunViewModel(store, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hypertower-training");
            t.setDaemon(true);
            return t;
        }));
    }

    public ObjectProperty<DatasetId> datasetProperty() {
        return dataset;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty hiddenProperty() {
        return hidden;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    public DoubleProperty labeledFractionProperty() {
        return labeledFraction;
    }

    /** Returns the device, {@code cpu} or {@code gpu} (which falls back to the CPU when DJL finds none). */
    public StringProperty deviceProperty() {
        return device;
    }

    /** Returns whether towers keep their learned hyperparameters in range (off: as in the reference). */
    public javafx.beans.property.BooleanProperty constrainedProperty() {
        return constrained;
    }

    /** Returns the folder datasets are read from; null (the default) searches the usual data folders. */
    public ObjectProperty<Path> dataDirProperty() {
        return dataDir;
    }

    /**
     * Sets what the training thread calls once a run's end is queued, so the view can drain it at
     * once (a stopped run shows as stopped right away) instead of at its next pulse.
     */
    public void setOnEndQueued(Runnable wakeUp) {
        endWakeUp = wakeUp;
    }

    /** Returns where runs are written. */
    public RunStore store() {
        return store;
    }

    /** Returns the runs of this session, oldest first. */
    public ObservableList<RunData> runs() {
        return runs;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Returns a line on the run in progress: step, epoch, speed, time left. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Returns the last message for the user: how a run ended, or what went wrong. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Returns the configuration the settings describe for a tower. */
    public RunConfig config(TowerSpec tower) {
        int[] sizes = java.util.Arrays.stream(hidden.get().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        DataConfig data = new DataConfig(dataset.get().cliName(),
                dataDir.get() == null ? null : dataDir.get().toString(), 0, 0, false, false, labeledFraction.get(), 0);
        return new RunConfig(data, model.get(), sizes, tower, epochs.get(), batchSize.get(), seed.get(), "float32",
                device.get(), constrained.get());
    }

    /** Starts (or queues, when one runs) a run of a tower with the current settings. */
    public RunData start(TowerSpec tower) {
        return submit(config(tower), tower.toString());
    }

    /**
     * Queues the plain optimizer of a run's bottom level with its initial hyperparameters frozen,
     * on the same seed: the baseline the tower is compared with.
     */
    public RunData startBaseline(RunData run) {
        TowerSpec plain = TowerSpec.of(run.config().tower().level(0));
        return submit(run.config().withTower(plain), "baseline " + plain);
    }

    /**
     * Queues the plain optimizer of a run's bottom level at the hyperparameters the tower ended with
     * (the NeurIPS paper's Table 1, column 2).
     *
     * @return the run, or null when a learned value is one no plain optimizer starts from (the
     *     message says which)
     */
    public RunData startAtLearnedValues(RunData run, Map<String, Double> learned) {
        java.util.Optional<TowerSpec> plain = run.config().tower().plainAtLearnedValues(learned);
        if (plain.isEmpty()) {
            message.set(run.name() + " ended with learned values a plain optimizer cannot start from ("
                    + learned.entrySet().stream().filter(e -> e.getKey().startsWith("0.")).map(e -> e.getKey() + "="
                            + org.hypertower.tower.Numbers.format(e.getValue())).collect(java.util.stream.Collectors.joining(", "))
                    + "), so there is nothing to re-run.");
            return null;
        }
        return submit(run.config().withTower(plain.get()), "learned " + plain.get());
    }

    private RunData submit(RunConfig config, String label) {
        Path folder;
        try {
            folder = store.newRunFolder(label);
        } catch (java.io.IOException e) {
            message.set("Cannot create a folder for the run in " + store.root() + ": " + e.getMessage());
            return null;
        }
        RunData data = new RunData((runs.size() + 1) + ": " + label, config, folder);
        runs.add(data);
        queued++;
        state.set(State.RUNNING);
        worker.submit(() -> execute(data));
        return data;
    }

    private void execute(RunData data) {
        Instant started = Instant.now();
        TrainingRun run;
        try {
            run = RunFactory.create(data.config());
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "run could not start", e);
            RunEnded failed = new RunEnded(RunStatus.FAILED, 0, e.getMessage());
            pending.add(() -> finish(data, failed));
            endWakeUp.run();
            return;
        }
        active = run;
        for (String note : run.notes()) {
            pending.add(() -> message.set(note));
        }
        RunEnded ended;
        try (RunFolder folder = RunFolder.open(data.folder(), RunFolder.IfHoldsRun.REFUSE)) {
            long startNanos = System.nanoTime();
            ended = folder.record(run, data.config(), new RunListener() {
                private int stepsPerEpoch;

                @Override
                public void started(RunStarted e) {
                    stepsPerEpoch = e.stepsPerEpoch();
                    pending.add(() -> data.setKeys(e.hyperparameterKeys()));
                }

                @Override
                public void step(StepMetrics m) {
                    pending.add(() -> data.append(m));
                    if (m.step() % 10 == 0) {
                        long total = (long) stepsPerEpoch * data.config().epochs();
                        double seconds = (System.nanoTime() - startNanos) / 1e9;
                        double perStep = seconds / (m.step() + 1);
                        String line = String.format(Locale.ROOT, "step %d of %d, epoch %d of %d, %.0f examples/s, %s left",
                                m.step() + 1, total, m.epoch() + 1, data.config().epochs(),
                                (m.step() + 1) * data.config().batchSize() / seconds,
                                duration(Math.max(0, total - m.step() - 1) * perStep));
                        pending.add(() -> progress.set(line));
                    }
                }

                @Override
                public void epoch(EpochMetrics m) {
                    pending.add(() -> data.append(m));
                }
            });
            if (run.failure() != null) {
                LOG.log(Level.WARNING, "run failed", run.failure());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "run failed", e);
            ended = new RunEnded(RunStatus.FAILED, data.steps(), e.getMessage());
        } finally {
            active = null;
        }
        Map<String, Double> learned = run.finalHyperparameters();
        RunEnded end = ended;
        pending.add(() -> {
            data.learned = learned;
            finish(data, end);
        });
        endWakeUp.run();
    }

    private void finish(RunData data, RunEnded ended) {
        data.end(ended);
        data.bump();
        queued--;
        message.set(data.name() + ": " + ended.status().label() + ". " + ended.message());
        if (queued == 0) {
            state.set(State.IDLE);
            progress.set("Ready.");
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** Applies queued events to the runs' data; call on the FX thread. Returns how many were applied. */
    public int drain() {
        int n = 0;
        Runnable r;
        while ((r = pending.poll()) != null) {
            r.run();
            n++;
        }
        // only the runs that got data: the charts of a run that is not changing cost nothing
        for (RunData run : runs) {
            if (run.changedSinceBump()) {
                run.bump();
            }
        }
        return n;
    }

    /**
     * Reopens a past run from its folder, to look at and compare.
     *
     * @return the run, or null when the folder holds no readable run (the message says why)
     */
    public RunData open(Path folder) {
        try {
            RecordedRun record = RecordedRun.read(folder);
            RunData data = RunData.fromRecord((runs.size() + 1) + ": " + folder.getFileName(), record, folder);
            runs.add(data);
            message.set("Opened " + folder.getFileName() + " (" + record.steps().size() + " steps, " + record.status() + ").");
            return data;
        } catch (org.hypertower.data.DataException e) {
            message.set(e.getMessage());
            return null;
        }
    }

    /** Applies a past run's settings (dataset, model, sizes, epochs, batch, seed, labeled fraction, constrained). */
    public void applySettings(RunConfig config) {
        DatasetId.byName(config.dataset()).ifPresent(dataset::set);
        model.set(config.model());
        hidden.set(java.util.Arrays.stream(config.hidden()).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",")));
        epochs.set(config.epochs());
        batchSize.set(config.batchSize());
        seed.set((int) config.seed());
        labeledFraction.set(config.data().labeledFraction());
        constrained.set(config.constrained());
    }

    /** Pauses or resumes the run in progress. */
    public void togglePause() {
        TrainingRun run = active;
        if (run == null) {
            return;
        }
        boolean pause = !run.isPaused();
        run.setPaused(pause);
        state.set(pause ? State.PAUSED : State.RUNNING);
    }

    /** Stops the run in progress between two steps; it keeps everything it produced. */
    public void stop() {
        TrainingRun run = active;
        if (run != null) {
            run.requestStop();
        }
    }

    /** Stops the run in progress and the training thread (on closing the window). */
    public void shutdown() {
        stop();
        worker.shutdownNow();
    }
}
