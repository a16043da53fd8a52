package org.hypertower.ui.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.StepMetrics;

/**
 * Everything one run has produced so far, kept on the FX thread for the charts: compact arrays
 * that grow, so 100,000 steps cost a few megabytes. {@link #versionProperty()} changes once per
 * batch of appended events, and only for a run that got any, which is when its chart lines grow.
 */
public final class RunData {

    private final String name;
    private final RunKind kind;
    private final RunConfig config;
    private final Path folder;
    private final org.hypertower.engine.Schedule schedule;
    private List<String> keys = List.of();
    private final DoubleSeries loss = new DoubleSeries();
    private final DoubleSeries smoothedLoss = new DoubleSeries();
    private final DoubleSeries accuracy = new DoubleSeries();
    private final List<DoubleSeries> hyper = new ArrayList<>();
    private final List<DoubleSeries> hypergrad = new ArrayList<>();
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private final List<Intervention> interventions = new ArrayList<>();
    private int stepsPerEpoch;
    private final ObjectProperty<RunEnded> ended = new SimpleObjectProperty<>();
    private final LongProperty version = new SimpleLongProperty();
    private double smoothing = Double.NaN;
    private boolean changed;
    /** The effective hyperparameters the run ended with, by key (empty while it runs). */
    java.util.Map<String, Double> learned = java.util.Map.of();
    /** 0 queued, 1 taken by the training thread, 2 removed before it started (the thread skips it). */
    private final java.util.concurrent.atomic.AtomicInteger phase = new java.util.concurrent.atomic.AtomicInteger();
    private int colorSlot;

    /** A run about to start (or reopened from its folder). */
    public RunData(String name, RunKind kind, RunConfig config, Path folder) {
        this(name, kind, config, folder, null);
    }

    /** A run that follows a learned path (see {@link org.hypertower.engine.TrainingRun#follow}); {@code schedule} may be null. */
    public RunData(String name, RunKind kind, RunConfig config, Path folder, org.hypertower.engine.Schedule schedule) {
        this.name = name;
        this.kind = kind;
        this.config = config;
        this.folder = folder;
        this.schedule = schedule;
    }

    /** Returns the path this run follows, or null. */
    public org.hypertower.engine.Schedule schedule() {
        return schedule;
    }

    /** Returns the run's display name. */
    public String name() {
        return name;
    }

    /**
     * Returns the run's colour slot (see {@code RunColors}): given when the run joins the list and
     * kept while it is there, so removing another run never changes this one's colour.
     */
    public int colorSlot() {
        return colorSlot;
    }

    void setColorSlot(int slot) {
        colorSlot = slot;
    }

    /** Returns what the run is: a tower, a baseline or a re-run at learned values. */
    public RunKind kind() {
        return kind;
    }

    /** Returns whether the run has ended (completed, diverged, stopped or failed). */
    public boolean hasEnded() {
        return ended.get() != null;
    }

    /** Returns its configuration. */
    public RunConfig config() {
        return config;
    }

    /** Returns the folder its files are written to. */
    public Path folder() {
        return folder;
    }

    /** Returns the hyperparameter keys, {@code LEVEL.NAME}. */
    public List<String> keys() {
        return keys;
    }

    /** Rebuilds a past run's data from its recorded files. */
    public static RunData fromRecord(String name, RunKind kind, org.hypertower.export.RecordedRun record, Path folder) {
        RunData data = new RunData(name, kind, record.config(), folder);
        data.setKeys(record.keys());
        record.steps().forEach(data::append);
        record.epochs().forEach(data::append);
        record.interventions().forEach(data::append);
        // the first epoch's steps: a run.json does not record steps per epoch
        data.stepsPerEpoch = record.epochs().isEmpty() ? (int) record.steps().stream().filter(m -> m.epoch() == 0).count()
                : (int) record.epochs().get(0).steps();
        data.learned = record.learned();
        org.hypertower.engine.RunStatus status = switch (record.status()) {
            case "completed" -> org.hypertower.engine.RunStatus.COMPLETED;
            case "diverged" -> org.hypertower.engine.RunStatus.DIVERGED;
            case "stopped" -> org.hypertower.engine.RunStatus.STOPPED;
            default -> org.hypertower.engine.RunStatus.FAILED;
        };
        String message = switch (record.status()) {
            case "running" -> "Still being written by another process; shown as far as it is recorded ("
                    + record.steps().size() + " steps).";
            case org.hypertower.export.RecordedRun.INTERRUPTED -> record.message()
                    + " Everything recorded until then is shown.";
            default -> record.message();
        };
        data.end(new RunEnded(status, record.steps().size(), message));
        data.bump();
        return data;
    }

    /** Takes the run for training; false when it was cancelled first. Training thread. */
    boolean begin() {
        return phase.compareAndSet(0, 1);
    }

    /** Cancels the run before it starts; false when the training thread took it first. */
    boolean cancel() {
        return phase.compareAndSet(0, 2);
    }

    void setKeys(List<String> keys) {
        changed = true;
        this.keys = List.copyOf(keys);
        hyper.clear();
        hypergrad.clear();
        for (int i = 0; i < keys.size(); i++) {
            hyper.add(new DoubleSeries());
            hypergrad.add(new DoubleSeries());
        }
    }

    void append(StepMetrics m) {
        changed = true;
        loss.add(m.loss());
        smoothing = Double.isNaN(smoothing) ? m.loss() : 0.95 * smoothing + 0.05 * m.loss();
        smoothedLoss.add(smoothing);
        accuracy.add(m.accuracy());
        for (int i = 0; i < hyper.size(); i++) {
            hyper.get(i).add(m.hyperparameters()[i]);
            hypergrad.get(i).add(m.hypergradients()[i]);
        }
    }

    void setStepsPerEpoch(int steps) {
        stepsPerEpoch = steps;
    }

    /** Returns the steps of one epoch (0 until the run has started), to place a step on an epoch axis. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    void append(Intervention i) {
        changed = true;
        interventions.add(i);
    }

    /** Returns the hyperparameters set by hand while the run trained, in order. */
    public List<Intervention> interventions() {
        return java.util.Collections.unmodifiableList(interventions);
    }

    /**
     * Returns hyperparameter {@code key}'s value as the run has it now: set by hand and not yet
     * stepped with (a paused run), else after the last step, else the value the tower starts from
     * (NaN when the spec does not name it).
     */
    public double currentValue(String key) {
        for (int k = interventions.size() - 1; k >= 0; k--) {
            Intervention i = interventions.get(k);
            if (i.key().equals(key) && i.step() >= steps()) {
                return i.newValue();
            }
        }
        int index = keys.indexOf(key);
        if (index >= 0 && steps() > 0) {
            return hyper.get(index).get(steps() - 1);
        }
        try { // before the first step: the value the tower starts from
            int dot = key.indexOf('.');
            return config.tower().level(Integer.parseInt(key.substring(0, dot))).value(key.substring(dot + 1));
        } catch (RuntimeException notInTheSpec) {
            return Double.NaN;
        }
    }

    void append(EpochMetrics m) {
        changed = true;
        epochs.add(m);
    }

    void end(RunEnded e) {
        changed = true;
        ended.set(e);
    }

    /** Tells listeners that data was appended (once for everything appended since the last bump). */
    void bump() {
        changed = false;
        version.set(version.get() + 1);
    }

    /** Returns whether data was appended since the last {@link #bump()}. */
    boolean changedSinceBump() {
        return changed;
    }

    /** Returns the number of steps recorded. */
    public int steps() {
        return loss.size();
    }

    /** Returns the loss of every step. */
    public DoubleSeries loss() {
        return loss;
    }

    /** Returns the exponentially smoothed loss (weight 0.05 on the newest step). */
    public DoubleSeries smoothedLoss() {
        return smoothedLoss;
    }

    /** Returns the batch accuracy of every step. */
    public DoubleSeries accuracy() {
        return accuracy;
    }

    /** Returns the effective value of hyperparameter {@code i} at every step. */
    public DoubleSeries hyperparameter(int i) {
        return hyper.get(i);
    }

    /** Returns the hypergradient hyperparameter {@code i} received at every step (NaN for constants). */
    public DoubleSeries hypergradient(int i) {
        return hypergrad.get(i);
    }

    /** Returns the epochs completed. */
    public List<EpochMetrics> epochs() {
        return epochs;
    }

    /** Returns how the run ended, or null while it runs. */
    public ObjectProperty<RunEnded> endedProperty() {
        return ended;
    }

    /** Returns a counter that changes whenever data was appended. */
    public LongProperty versionProperty() {
        return version;
    }

    /** Returns the hyperparameters the run ended with, by key; empty while it runs. */
    public java.util.Map<String, Double> learned() {
        return learned;
    }

    @Override
    public String toString() {
        return name;
    }
}
