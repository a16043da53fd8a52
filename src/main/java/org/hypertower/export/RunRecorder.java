package org.hypertower.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStarted;
import org.hypertower.engine.StepMetrics;

/**
 * Writes a run's events to {@code steps.csv} and {@code epochs.csv} as they arrive (see
 * {@link CsvFile}: whole rows only, at most a second behind, everything at each epoch's end and
 * at the run's end), so a run that is stopped, diverges or crashes keeps what it produced. Its
 * methods may be called from two threads (the run's, and one that ends the run at once).
 *
 * <p>{@code steps.csv}: {@code step,epoch,loss,accuracy}, then every hyperparameter key
 * ({@code 0.alpha,...}, effective values after the step), then {@code hypergrad.KEY} for each
 * (the derivative the hyperparameter received at that step; empty for constants).
 * {@code epochs.csv}: {@code epoch,steps,train_loss,train_accuracy,test_loss,test_accuracy,
 * pseudo_labeled,pseudo_label_accuracy} (the last empty without pseudo-labels).
 *
 * <p>A failed write stops that file and is thrown once, as a {@link RunFilesException} naming
 * the file, from the event that hit it; the run then ends failed, and {@link #failure()} says why.
 */
public final class RunRecorder implements RunListener, AutoCloseable {

    /** The header of {@code epochs.csv}. */
    public static final List<String> EPOCH_HEADER =
            List.of("epoch", "steps", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "pseudo_labeled",
                    "pseudo_label_accuracy");

    private final Path folder;
    private final RunIo io;
    private CsvFile steps;
    private CsvFile epochs;
    private EpochMetrics lastEpoch;
    private long stepsRecorded;
    private List<String> keys = List.of();
    private double[] lastValues;
    private RunFilesException failure;
    private boolean sealed;
    private final List<Intervention> interventions = new ArrayList<>();

    RunRecorder(Path folder, RunIo io) {
        this.folder = folder;
        this.io = io;
    }

    /** Returns the header of {@code steps.csv} for the given hyperparameter keys. */
    public static List<String> stepHeader(List<String> keys) {
        List<String> header = new ArrayList<>(List.of("step", "epoch", "loss", "accuracy"));
        header.addAll(keys);
        keys.forEach(k -> header.add("hypergrad." + k));
        return header;
    }

    @Override
    public synchronized void started(RunStarted event) {
        keys = List.copyOf(event.hyperparameterKeys());
        try {
            steps = new CsvFile(folder.resolve("steps.csv"), stepHeader(event.hyperparameterKeys()), io);
            epochs = new CsvFile(folder.resolve("epochs.csv"), EPOCH_HEADER, io);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public synchronized void step(StepMetrics m) {
        if (sealed) {
            return;
        }
        List<Object> row = new ArrayList<>(4 + 2 * m.hyperparameters().length);
        row.add(m.step());
        row.add(m.epoch());
        row.add(m.loss());
        row.add(m.accuracy());
        for (double v : m.hyperparameters()) {
            row.add(v);
        }
        for (double g : m.hypergradients()) {
            row.add(Double.isNaN(g) ? "" : g);
        }
        try {
            steps.add(row);
        } catch (IOException e) {
            throw fail(e);
        }
        stepsRecorded = m.step() + 1;
        lastValues = m.hyperparameters();
    }

    @Override
    public synchronized void epoch(EpochMetrics m) {
        if (sealed) {
            return;
        }
        try {
            epochs.add(List.of(m.epoch(), m.steps(), m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy(),
                    m.pseudoLabeled(), Double.isNaN(m.pseudoLabelAccuracy()) ? "" : m.pseudoLabelAccuracy()));
            steps.flush();
            epochs.flush();
        } catch (IOException e) {
            throw fail(e);
        }
        lastEpoch = m;
    }

    /** Keeps an intervention for {@code run.json} (the steps after it show its value in steps.csv by themselves). */
    @Override
    public synchronized void intervened(Intervention event) {
        if (!sealed) {
            interventions.add(event);
        }
    }

    /** Returns the interventions recorded, in order. */
    synchronized List<Intervention> interventions() {
        return List.copyOf(interventions);
    }

    /** Writes what is collected; never throws (the run is ending already), a failure is kept. */
    @Override
    public synchronized void ended(RunEnded event) {
        flushQuietly();
    }

    /** Writes every row collected so far and takes no more: the record ends here, whatever the run does next. */
    synchronized void seal() {
        flushQuietly();
        sealed = true;
    }

    /** Writes every row collected so far to the files that still work; a failure is kept, not thrown. */
    synchronized void flushQuietly() {
        for (CsvFile f : new CsvFile[] {steps, epochs}) {
            if (f != null && !f.failed()) {
                try {
                    f.flush();
                } catch (IOException e) {
                    fail(e);
                }
            }
        }
    }

    private RunFilesException fail(IOException e) {
        RunFilesException problem = new RunFilesException(RunFilesException.Kind.WRITE_FAILED, e.getMessage(), e);
        if (failure == null) {
            failure = problem;
        }
        return problem;
    }

    /** Returns the first write that failed, or null. */
    synchronized RunFilesException failure() {
        return failure;
    }

    /** Returns the last epoch recorded, or null when no epoch completed. */
    synchronized EpochMetrics lastEpoch() {
        return lastEpoch;
    }

    /** Returns every hyperparameter's value after the last step recorded, by key (empty before the first). */
    synchronized Map<String, Double> lastHyperparameters() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; lastValues != null && i < keys.size() && i < lastValues.length; i++) {
            out.put(keys.get(i), lastValues[i]);
        }
        return out;
    }

    /** Returns how many steps steps.csv holds, whole (fewer than were recorded once a write failed). */
    synchronized long stepsOnDisk() {
        return steps == null ? 0 : steps.rowsOnDisk();
    }

    /** Returns how many steps are recorded. */
    synchronized long steps() {
        return stepsRecorded;
    }

    @Override
    public synchronized void close() {
        for (CsvFile f : new CsvFile[] {steps, epochs}) {
            if (f != null) {
                try {
                    f.close();
                } catch (IOException e) {
                    fail(e);
                }
            }
        }
    }
}
