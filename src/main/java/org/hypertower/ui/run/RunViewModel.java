package org.hypertower.ui.run;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.hypertower.data.DatasetId;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.ThreadNiceness;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RecordedRun;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;

/**
 * Training settings, the runs of this session and the one in progress. Runs execute one at a time
 * on a background thread ({@code RunWorker}; DJL allows one gradient collector per process); their
 * events are queued there and applied to the runs' data by {@link #drain()}, which the view calls
 * on the FX thread a few times a second, so the window never waits for training and never gets one
 * update per step.
 *
 * <p>The settings belong to the dataset: choosing one sets the model, hidden sizes, epochs, batch and
 * limits it had when it was last left, or its defaults the first time ({@link DatasetSettings}), and
 * the message says what changed. A run on a dataset that is not on this machine is refused (see
 * {@link #setDatasetCheck}).
 */
public final class RunViewModel {

    /** What the training thread is doing. */
    public enum State { IDLE, RUNNING, PAUSED }

    private final ObjectProperty<DatasetId> dataset = new SimpleObjectProperty<>(DatasetId.IRIS);
    private final StringProperty model = new SimpleStringProperty("paper-mlp");
    private final StringProperty hidden = new SimpleStringProperty("8");
    private final IntegerProperty epochs = new SimpleIntegerProperty(100);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(10);
    private final IntegerProperty limit = new SimpleIntegerProperty(0);
    private final IntegerProperty testLimit = new SimpleIntegerProperty(0);
    private final IntegerProperty seed = new SimpleIntegerProperty(0);
    private final DoubleProperty labeledFraction = new SimpleDoubleProperty(0.2);
    private final StringProperty device = new SimpleStringProperty("cpu");
    private final BooleanProperty constrained = new SimpleBooleanProperty();
    private final ObjectProperty<Path> dataDir = new SimpleObjectProperty<>();
    private final ObservableList<RunData> runs = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("Ready.");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper();
    private final Map<DatasetId, DatasetSettings> left = new EnumMap<>(DatasetId.class);
    private Function<DatasetId, String> whyMissing = id -> null;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<RunData> training = new ReadOnlyObjectWrapper<>();
    private final InterventionModel intervention;
    private final RunWorker worker;
    private final RunStore store;
    private final CompareActions compare = new CompareActions(runs);
    private final BooleanProperty lookingElsewhere = new SimpleBooleanProperty();
    private final DoubleProperty pace = new SimpleDoubleProperty();
    private Consumer<RunNotice> onNotice = notice -> { };
    private int queued;

    /**
     * @param store where runs are written as they go
     * @param worker the thread runs execute on (a direct executor in tests)
     */
    public RunViewModel(RunStore store, ExecutorService worker) {
        this.store = store;
        this.worker = new RunWorker(worker, new RunWorker.Outcome() {
            @Override
            public void note(String text) {
                message.set(text);
            }

            @Override
            public void progress(String line, double done) {
                progress.set(line);
                fraction.set(done);
            }

            @Override
            public void ended(RunData run, RunEnded ended) {
                finish(run, ended);
            }

            @Override
            public void skipped(RunData run) {
                settle();
            }

            @Override
            public void training(RunData run) {
                training.set(run);
            }
        });
        this.intervention = new InterventionModel(this);
        dataset.addListener((obs, old, now) -> switchDataset(old, now));
        pace.addListener((obs, old, now) -> applyPace(old.doubleValue(), now.doubleValue()));
    }

    /** A view-model with its own daemon training thread. */
    public static RunViewModel withBackgroundThread(RunStore store) {
        return withBackgroundThread(store, Integer.getInteger("hypertower.training.nice", TRAINING_NICENESS));
    }

    /**
     * The nice value of the training thread (0 normal, 19 lowest): below the window's, so the window
     * answers at once, and still a fair share of a busy machine. {@code -Dhypertower.training.nice=0}
     * trains at the window's priority.
     */
    public static final int TRAINING_NICENESS = 5;

    /** Returns a view-model that trains on one background thread of the given nice value (where the system allows it). */
    public static RunViewModel withBackgroundThread(RunStore store, int nice) {
        return new RunViewModel(store, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                // on a two-core machine the FX thread otherwise waits behind training (and the JIT
                // compiler) for 100 ms and more at a run's start (measured with bench --ui)
                if (nice > 0) {
                    ThreadNiceness.setForThisThread(nice);
                }
                r.run();
            }, "hypertower-training");
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

    /** Returns how many training examples a run trains on, the first ones; 0 for all ({@code --limit}). */
    public IntegerProperty limitProperty() {
        return limit;
    }

    /** Returns how many test examples a run evaluates on, the first ones; 0 for all ({@code --test-limit}). */
    public IntegerProperty testLimitProperty() {
        return testLimit;
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
    public BooleanProperty constrainedProperty() {
        return constrained;
    }

    /**
     * Returns the pace of training in steps per second, 0 (the default) for full speed: applied to
     * the run in progress at once and to every run that starts later, e.g. to talk over a demo. A
     * pause or a stop still acts at once. A negative or infinite pace is refused (it goes back to
     * what it was and the message says so).
     */
    public DoubleProperty paceProperty() {
        return pace;
    }

    private void applyPace(double old, double now) {
        if (!(now >= 0) || Double.isInfinite(now)) {
            message.set("A pace is a number of steps per second, 0 or more (0 for full speed); "
                    + org.hypertower.tower.Numbers.format(now) + " is not, so the pace stays as it was.");
            pace.set(old);
            return;
        }
        worker.setPace(now);
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
        worker.setOnEndQueued(wakeUp);
    }

    /** Returns where runs are written. */
    public RunStore store() {
        return store;
    }

    /** Returns the runs of this session, oldest first. */
    public ObservableList<RunData> runs() {
        return runs;
    }

    /** Returns the model of the Compare menu: the run it acts on and what each action says. */
    public CompareActions compare() {
        return compare;
    }

    /**
     * Returns whether the user looks elsewhere (the window is not focused, or another tab is shown);
     * a run that completes, diverges or fails meanwhile is announced by a {@link RunNotice}.
     */
    public BooleanProperty lookingElsewhereProperty() {
        return lookingElsewhere;
    }

    /** Sets what hears a {@link RunNotice} (the view shows it as a notification). */
    public void setOnNotice(Consumer<RunNotice> listener) {
        onNotice = listener == null ? notice -> { } : listener;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Returns a line on the run in progress: step, epoch, speed, time left. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the progress says while PyTorch loads and no run trains. */
    public static final String ENGINE_LOADING = "Loading PyTorch in the background; Start works now and the run "
            + "begins once it is loaded.";

    /**
     * Says, while no run trains, whether PyTorch is still loading in the background (a run started
     * meanwhile waits for it on the training thread); call on the FX thread.
     */
    public void setEngineLoading(boolean loading) {
        engineLoading = loading;
        if (state.get() == State.IDLE) {
            progress.set(loading ? ENGINE_LOADING : "Ready.");
        }
    }

    private boolean engineLoading;

    /**
     * Returns how far the run in progress has come, 0 to 1; -1 while it is being set up (before its
     * first steps); 0 when none runs.
     */
    public ReadOnlyDoubleProperty progressFractionProperty() {
        return fraction.getReadOnlyProperty();
    }

    /**
     * Sets what tells whether a dataset is on this machine: a sentence saying it is not and what to
     * do, or null when it is. Runs on a missing dataset are refused with that sentence.
     */
    public void setDatasetCheck(Function<DatasetId, String> check) {
        whyMissing = check == null ? id -> null : check;
    }

    /** Returns the last message for the user: how a run ended, or what went wrong. */
    /** Tells the user one sentence in the status bar (e.g. why a typed value was not taken). */
    public void say(String sentence) {
        message.set(sentence);
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Returns the configuration the settings describe for a tower. */
    public RunConfig config(TowerSpec tower) {
        int[] sizes;
        try {
            sizes = java.util.Arrays.stream(hidden.get().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The hidden sizes are whole numbers separated by commas, e.g. 128 or "
                    + "256,128; '" + hidden.get() + "' is not.", e);
        }
        DataConfig data = new DataConfig(dataset.get().cliName(),
                dataDir.get() == null ? null : dataDir.get().toString(), limit.get(), testLimit.get(), false, false,
                labeledFraction.get(), 0);
        return new RunConfig(data, model.get(), sizes, tower, epochs.get(), batchSize.get(), seed.get(), "float32",
                device.get(), constrained.get());
    }

    /**
     * Starts (or queues, when one runs) a run of a tower with the current settings.
     *
     * @return the run, or null when its dataset is not on this machine or a setting is not valid (the
     *     message says which)
     */
    public RunData start(TowerSpec tower) {
        String missing = whyMissing.apply(dataset.get());
        if (missing != null) {
            message.set(missing);
            return null;
        }
        RunConfig config;
        try {
            config = config(tower);
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return null;
        }
        return submit(config, RunKind.TOWER);
    }

    private DatasetSettings settings() {
        return new DatasetSettings(model.get(), hidden.get(), epochs.get(), batchSize.get(), limit.get(), testLimit.get());
    }

    /** Keeps the settings of the dataset left, gives the chosen one its own, and says what changed. */
    private void switchDataset(DatasetId old, DatasetId now) {
        DatasetSettings before = settings();
        if (old != null) {
            left.put(old, before);
        }
        if (now == null) {
            return;
        }
        DatasetSettings kept = left.get(now);
        DatasetSettings next = kept != null ? kept : DatasetSettings.defaults(now);
        model.set(next.model());
        hidden.set(next.hidden());
        epochs.set(next.epochs());
        batchSize.set(next.batchSize());
        limit.set(next.limit());
        testLimit.set(next.testLimit());
        List<String> changes = next.changesFrom(before);
        String settings = changes.isEmpty() ? now.title() + ": the settings stay as they were."
                : now.title() + ": " + String.join(", ", changes) + (kept != null ? " (as you left them)." : " (its defaults).");
        String missing = whyMissing.apply(now);
        message.set(missing == null ? settings : missing + " " + settings);
    }

    /** Runs the baseline of the run the Compare menu acts on (see {@link CompareActions#targetProperty()}). */
    public RunData startBaseline() {
        RunData target = compare.targetProperty().get();
        if (target == null) {
            message.set("There is no run to compare with yet: start one first.");
            return null;
        }
        return startBaseline(target);
    }

    /** Re-runs the run the Compare menu acts on at its learned values (see {@link CompareActions#targetProperty()}). */
    public RunData startAtLearnedValues() {
        RunData target = compare.targetProperty().get();
        if (target == null) {
            message.set("There is no run to re-run yet: start a tower first.");
            return null;
        }
        return startAtLearnedValues(target, target.learned());
    }

    /**
     * Queues the plain optimizer of a run's bottom level with its initial hyperparameters frozen,
     * on the same seed: the baseline the tower is compared with.
     *
     * @return the run, or null when the run is a plain optimizer already (the message says so)
     */
    public RunData startBaseline(RunData run) {
        String refusal = CompareActions.whyNoBaseline(run);
        if (refusal != null) {
            message.set(refusal);
            return null;
        }
        TowerSpec plain = TowerSpec.of(run.config().tower().level(0));
        return submit(run.config().withTower(plain), RunKind.BASELINE);
    }

    /**
     * Queues the plain optimizer of a run's bottom level at the hyperparameters the tower ended with
     * (the NeurIPS paper's Table 1, column 2).
     *
     * @return the run, or null when the run learned nothing to re-run at (a baseline, a plain
     *     optimizer, a run still going) or a learned value is one no plain optimizer starts from
     *     (the message says which)
     */
    public RunData startAtLearnedValues(RunData run, Map<String, Double> learned) {
        String refusal = CompareActions.whyNoReRun(run);
        if (refusal != null) {
            message.set(refusal);
            return null;
        }
        java.util.Optional<TowerSpec> plain = run.config().tower().plainAtLearnedValues(learned);
        if (plain.isEmpty()) {
            message.set(run.name() + " ended with learned values a plain optimizer cannot start from ("
                    + learned.entrySet().stream().filter(e -> e.getKey().startsWith("0.")).map(e -> e.getKey() + "="
                            + org.hypertower.tower.Numbers.format(e.getValue())).collect(java.util.stream.Collectors.joining(", "))
                    + "), so there is nothing to re-run.");
            return null;
        }
        return submit(run.config().withTower(plain.get()), RunKind.LEARNED_RERUN);
    }

    /** Follows the learned path of the run the Compare menu acts on (see {@link CompareActions#targetProperty()}). */
    public RunData startFollowing() {
        RunData target = compare.targetProperty().get();
        if (target == null) {
            message.set("There is no path to follow yet: start a tower first.");
            return null;
        }
        return startFollowing(target);
    }

    /**
     * Queues a tower run's bottom optimizer alone, its learned hyperparameters set before every step to
     * the values the tower used at that step (as {@code train --follow} does), on the same seed and data.
     *
     * @return the run, or null when the run has no path to follow (a plain optimizer, a run still
     *     going, a folder whose steps cannot be read; the message says which)
     */
    public RunData startFollowing(RunData run) {
        String refusal = CompareActions.whyNoPath(run);
        if (refusal != null) {
            message.set(refusal);
            return null;
        }
        org.hypertower.engine.Schedule path;
        try {
            path = org.hypertower.export.LearnedSchedule.read(run.folder()).schedule();
            path.check();
        } catch (RuntimeException e) {
            message.set(e.getMessage());
            return null;
        }
        return submit(run.config().withTower(TowerSpec.of(path.layer())), RunKind.FOLLOW, path);
    }

    private RunData submit(RunConfig config, RunKind kind) {
        return submit(config, kind, null);
    }

    private RunData submit(RunConfig config, RunKind kind, org.hypertower.engine.Schedule schedule) {
        Path folder;
        try {
            folder = store.newRunFolder(kind.folderLabel() + config.tower());
        } catch (java.io.IOException e) {
            message.set("Cannot create a folder for the run in " + store.root() + ": " + e.getMessage());
            return null;
        }
        RunData data = new RunData(uniqueName(RunText.name(kind, config)), kind, config, folder, schedule);
        join(data);
        queued++;
        state.set(State.RUNNING);
        worker.submit(data);
        return data;
    }

    /** Adds a run to the list with the first colour no run in the list has. */
    private void join(RunData data) {
        java.util.BitSet taken = new java.util.BitSet();
        runs.forEach(r -> taken.set(r.colorSlot()));
        data.setColorSlot(taken.nextClearBit(0));
        runs.add(data);
    }

    /** Returns a name no run in the list has: the name, else the name with (2), (3), ... */
    private String uniqueName(String name) {
        String candidate = name;
        for (int n = 2; ; n++) {
            String taken = candidate;
            if (runs.stream().noneMatch(r -> r.name().equals(taken))) {
                return candidate;
            }
            candidate = name + " (" + n + ")";
        }
    }

    private void finish(RunData data, RunEnded ended) {
        if (training.get() == data) {
            training.set(null);
        }
        data.end(ended);
        data.bump();
        message.set(data.name() + ": " + ended.status().label() + ". " + ended.message());
        if (ended.status() != RunStatus.STOPPED && lookingElsewhere.get() && runs.contains(data)) {
            List<EpochMetrics> epochs = data.epochs();
            String accuracy = epochs.isEmpty() ? ""
                    : "Test accuracy " + RunText.percent(epochs.get(epochs.size() - 1).testAccuracy()) + ". ";
            onNotice.accept(new RunNotice(data, ended.status(), "Run " + ended.status().label(),
                    data.name() + "\n" + accuracy + ended.message()));
        }
        settle();
    }

    /** Counts a queued run off; the last one leaves the model idle. */
    private void settle() {
        queued--;
        if (queued == 0) {
            state.set(State.IDLE);
            progress.set(engineLoading ? ENGINE_LOADING : "Ready.");
            fraction.set(0);
        }
    }

    /** Applies queued events to the runs' data; call on the FX thread. Returns how many were applied. */
    public int drain() {
        int n = worker.drain();
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
            RunKind kind = RunKind.ofFolderName(folder.getFileName().toString());
            RunData data = RunData.fromRecord(uniqueName(RunText.name(kind, record.config())), kind, record, folder);
            join(data);
            message.set("Opened " + folder.getFileName() + " (" + record.steps().size() + " steps, " + record.status() + ").");
            return data;
        } catch (org.hypertower.data.DataException e) {
            message.set(e.getMessage());
            return null;
        }
    }

    /** Applies a past run's settings (dataset, model, sizes, epochs, batch, limits, seed, labeled fraction, constrained). */
    public void applySettings(RunConfig config) {
        DatasetId.byName(config.dataset()).ifPresent(dataset::set);
        model.set(config.model());
        hidden.set(java.util.Arrays.stream(config.hidden()).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",")));
        epochs.set(config.epochs());
        batchSize.set(config.batchSize());
        limit.set(config.data().limit());
        testLimit.set(config.data().testLimit());
        seed.set((int) config.seed());
        labeledFraction.set(config.data().labeledFraction());
        constrained.set(config.constrained());
    }

    /** Pauses or resumes the run in progress. */
    public void togglePause() {
        Boolean paused = worker.togglePause();
        if (paused != null) {
            state.set(paused ? State.PAUSED : State.RUNNING);
        }
    }

    /** Returns the run training now (running or paused), whose hyperparameters can be set; null when none. */
    public ReadOnlyObjectProperty<RunData> trainingProperty() {
        return training.getReadOnlyProperty();
    }

    /** Returns the model of the band that sets a learned hyperparameter of the run training now. */
    public InterventionModel intervention() {
        return intervention;
    }

    /**
     * Sets a learned hyperparameter of the run training now to a new effective value, applied before
     * its next step (at once when paused), marked on its charts and written to its files. A value the
     * hyperparameter does not admit changes nothing, and the message says why in one sentence.
     *
     * @param key its key, e.g. {@code 0.alpha}
     * @return whether it was taken
     */
    public boolean intervene(String key, double value) {
        RunData run = training.get();
        try {
            worker.intervene(key, value);
        } catch (IllegalArgumentException | IllegalStateException e) {
            message.set(e.getMessage());
            return false;
        }
        message.set((run == null ? "" : run.name() + ": ") + key + " set to " + RunText.shortNumber(value, 4)
                + (state.get() == State.PAUSED ? "; the run uses it when it resumes." : " from the next step on."));
        return true;
    }

    /** Stops the run in progress between two steps; it keeps everything it produced. */
    public void stop() {
        worker.stop();
    }

    /**
     * Removes a run from the list; its files stay where they are. A run that has not started yet is
     * cancelled; one in progress is refused (the message says to stop it first).
     *
     * @return whether the run was removed
     */
    public boolean remove(RunData run) {
        if (!runs.contains(run)) {
            return false;
        }
        if (!run.hasEnded()) {
            if (!run.cancel()) {
                message.set(run.name() + " is still running and cannot be removed; stop it first, then remove it.");
                return false;
            }
            runs.remove(run);
            message.set("Removed " + run.name() + " before it started; nothing was written.");
            return true;
        }
        runs.remove(run);
        message.set("Removed " + run.name() + " from the list; its files stay in " + run.folder() + ".");
        return true;
    }

    /**
     * Removes every run that has ended from the list; their files stay where they are.
     *
     * @return how many were removed
     */
    public int clearFinished() {
        List<RunData> ended = runs.stream().filter(RunData::hasEnded).toList();
        runs.removeAll(ended);
        boolean going = !runs.isEmpty();
        message.set(ended.isEmpty() ? "No run has ended yet, so there is nothing to clear" + (going ? "; stop a run to clear it."
                : ".") : "Cleared " + ended.size() + (ended.size() == 1 ? " finished run" : " finished runs")
                        + " from the list; their files stay on disk" + (going ? ", and the run still going stays." : "."));
        return ended.size();
    }

    /**
     * Stops the run in progress, cancels the queued ones, and waits until the run has written its
     * files ({@code run.json} as {@code stopped}); on closing the window. A run whose step does not
     * end within 20 s is recorded as stopped at its last recorded step. Call on the
     * FX thread: the events left are applied before it returns.
     */
    public void shutdown() {
        onNotice = notice -> { }; // nobody is looking any more
        worker.shutdown(STOP_WAIT);
        drain();
    }

    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(20);
}
