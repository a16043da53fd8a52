package org.hypertower.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStarted;
import org.hypertower.engine.StepMetrics;

/**
 * Writes a run's events to {@code steps.csv} and {@code epochs.csv} in a folder as they arrive,
 * flushing after every epoch and at the end, so a run that is stopped, diverges or crashes keeps
 * what it produced.
 *
 * <p>{@code steps.csv}: {@code step,epoch,loss,accuracy}, then every hyperparameter key
 * ({@code 0.alpha,...}, effective values after the step), then {@code hypergrad.KEY} for each
 * (the derivative the hyperparameter received at that step; empty for constants).
 * {@code epochs.csv}: {@code epoch,steps,train_loss,train_accuracy,test_loss,test_accuracy,
 * pseudo_labeled,pseudo_label_accuracy} (the last empty without pseudo-labels).
 */
public final class RunRecorder implements RunListener, AutoCloseable {

    /** The header of {@code epochs.csv}. */
    public static final List<String> EPOCH_HEADER =
            List.of("epoch", "steps", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "pseudo_labeled",
                    "pseudo_label_accuracy");

    private final Path folder;
    private CSVPrinter steps;
    private CSVPrinter epochs;
    private EpochMetrics lastEpoch;
    private RunEnded ended;

    /** Creates the folder if needed; files are opened when the run starts. */
    public RunRecorder(Path folder) {
        this.folder = folder;
    }

    /** Returns the header of {@code steps.csv} for the given hyperparameter keys. */
    public static List<String> stepHeader(List<String> keys) {
        List<String> header = new ArrayList<>(List.of("step", "epoch", "loss", "accuracy"));
        header.addAll(keys);
        keys.forEach(k -> header.add("hypergrad." + k));
        return header;
    }

    @Override
    public void started(RunStarted event) {
        try {
            Files.createDirectories(folder);
            steps = open("steps.csv", stepHeader(event.hyperparameterKeys()));
            epochs = open("epochs.csv", EPOCH_HEADER);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run's files in " + folder + ": " + e.getMessage(), e);
        }
    }

    private CSVPrinter open(String name, List<String> header) throws IOException {
        BufferedWriter writer = Files.newBufferedWriter(folder.resolve(name), StandardCharsets.UTF_8);
        return new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).get());
    }

    @Override
    public void step(StepMetrics m) {
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
        write(steps, row);
    }

    @Override
    public void epoch(EpochMetrics m) {
        lastEpoch = m;
        write(epochs, List.of(m.epoch(), m.steps(), m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy(),
                m.pseudoLabeled(), Double.isNaN(m.pseudoLabelAccuracy()) ? "" : m.pseudoLabelAccuracy()));
        flush();
    }

    @Override
    public void ended(RunEnded event) {
        ended = event;
        flush();
    }

    /** Returns the last epoch's metrics, or null when no epoch completed. */
    public EpochMetrics lastEpoch() {
        return lastEpoch;
    }

    /** Returns how the run ended, or null while it runs. */
    public RunEnded endedEvent() {
        return ended;
    }

    private static void write(CSVPrinter printer, Iterable<?> row) {
        try {
            printer.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush() {
        try {
            if (steps != null) {
                steps.flush();
                epochs.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (steps != null) {
            steps.close();
            epochs.close();
        }
    }
}
