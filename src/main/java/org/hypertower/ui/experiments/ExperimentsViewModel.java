package org.hypertower.ui.experiments;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.hypertower.experiment.Comparison;
import org.hypertower.experiment.LearnedValuesTable;
import org.hypertower.experiment.Sweep;
import org.hypertower.experiment.SweepConfig;
import org.hypertower.experiment.SweepReport;
import org.hypertower.experiment.SweepSummary;
import org.hypertower.experiment.TowerTemplate;
import org.hypertower.experiment.WorkerPool;
import org.hypertower.tower.TowerSpec;

/**
 * The Experiments view's settings and results: a sensitivity sweep, a comparison of towers with
 * plain optimizers, a stack of one layer, or Table 1 — the same experiments as the CLI, each run
 * in a worker process, off the FX thread. Results arrive as whole objects when the experiment ends;
 * progress arrives one line per finished run.
 */
public final class ExperimentsViewModel {

    /** The experiments offered. */
    public enum Kind {
        SWEEP("Sensitivity sweep (alpha0 x height)"),
        COMPARE("Towers vs plain optimizers"),
        STACK("Stacking one layer 0..K high"),
        TABLE1("Table 1: tower, baseline, learned re-run");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(Kind.SWEEP);
    private final StringProperty towers = new SimpleStringProperty("sgd");
    private final StringProperty alphas = new SimpleStringProperty("1e-6,1e-4,1e-2,1");
    private final StringProperty heights = new SimpleStringProperty("0,1,2");
    private final StringProperty dataset = new SimpleStringProperty("iris");
    private final StringProperty model = new SimpleStringProperty("paper-mlp");
    private final IntegerProperty epochs = new SimpleIntegerProperty(20);
    private final IntegerProperty seeds = new SimpleIntegerProperty(2);
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObjectProperty<SweepSummary> sweepResult = new SimpleObjectProperty<>();
    private final ObjectProperty<List<Comparison.TowerResult>> comparisonResult = new SimpleObjectProperty<>();
    private final ObjectProperty<List<LearnedValuesTable.Row>> tableResult = new SimpleObjectProperty<>();
    private final Path root;
    private final Executor fxThread;
    private final Consumer<Runnable> background;

    /**
     * @param root the folder experiments are written under, one sub-folder each
     * @param fxThread runs updates on the FX thread
     * @param background runs an experiment off the FX thread
     */
    public ExperimentsViewModel(Path root, Executor fxThread, Consumer<Runnable> background) {
        this.root = root;
        this.fxThread = fxThread;
        this.background = background;
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    /** Returns the towers (';'-separated) or, for sweeps and stacks, the template. */
    public StringProperty towersProperty() {
        return towers;
    }

    public StringProperty alphasProperty() {
        return alphas;
    }

    /** Returns the heights of a sweep, or the tallest height of a stack (its last value). */
    public StringProperty heightsProperty() {
        return heights;
    }

    public StringProperty datasetProperty() {
        return dataset;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty seedsProperty() {
        return seeds;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** Returns the last message: where the results are, or what was wrong. */
    public StringProperty messageProperty() {
        return message;
    }

    /** Returns one line per finished run. */
    public ObservableList<String> log() {
        return log;
    }

    public ObjectProperty<SweepSummary> sweepResultProperty() {
        return sweepResult;
    }

    public ObjectProperty<List<Comparison.TowerResult>> comparisonResultProperty() {
        return comparisonResult;
    }

    public ObjectProperty<List<LearnedValuesTable.Row>> tableResultProperty() {
        return tableResult;
    }

    /** Starts the experiment the settings describe; a setting that cannot be used is said in the message. */
    public void start() {
        if (running.get()) {
            return;
        }
        Kind k = kind.get();
        Path out = root.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-"
                + k.name().toLowerCase(Locale.ROOT));
        List<String> train = List.of("--dataset", dataset.get(), "--model", model.get(), "--epochs",
                Integer.toString(epochs.get()));
        int workers = Runtime.getRuntime().availableProcessors();
        Runnable job;
        try {
            job = switch (k) {
                case SWEEP -> {
                    SweepConfig c = new SweepConfig(TowerTemplate.parse(towers.get()), numbers(alphas.get()),
                            numbers(heights.get()).stream().map(Double::intValue).toList(), seeds.get(), workers, out, train);
                    yield () -> finish(() -> {
                        new Sweep(c).run(new Sweep.Listener() {
                            @Override
                            public void finished(Sweep.Outcome o, boolean kept) {
                                line(o.point().id() + " " + o.status());
                            }
                        });
                        SweepReport.write(out, "Sensitivity sweep");
                        SweepSummary s = SweepSummary.read(out.resolve("sweep.csv"));
                        fxThread.execute(() -> sweepResult.set(s));
                    }, out);
                }
                case COMPARE, STACK -> {
                    List<TowerSpec> list = new ArrayList<>();
                    if (k == Kind.STACK) {
                        List<Double> hs = numbers(heights.get());
                        list.addAll(TowerTemplate.parse(towers.get()).stack(hs.get(hs.size() - 1).intValue(),
                                numbers(alphas.get()).get(0)));
                    } else {
                        list.addAll(Comparison.parseTowers(towers.get()));
                        list.addAll(Comparison.parseTowers(Comparison.DEFAULT_BASELINES));
                    }
                    Comparison.Config c = new Comparison.Config(k.toString(), list, seeds.get(), workers, out, train);
                    yield () -> finish(() -> {
                        List<Comparison.TowerResult> r = new Comparison(c).run(pool());
                        fxThread.execute(() -> comparisonResult.set(r));
                    }, out);
                }
                case TABLE1 -> {
                    List<TowerSpec> list = Comparison.parseTowers(towers.get());
                    Comparison.Config c = new Comparison.Config(k.toString(), list, seeds.get(), workers, out, train);
                    yield () -> finish(() -> {
                        List<LearnedValuesTable.Row> r = new LearnedValuesTable(c).run(pool());
                        fxThread.execute(() -> tableResult.set(r));
                    }, out);
                }
            };
        } catch (IllegalArgumentException e) {
            message.set("The experiment cannot start: " + e.getMessage());
            return;
        }
        log.clear();
        running.set(true);
        message.set("Running " + k + " in " + out + " …");
        background.accept(job);
    }

    private WorkerPool.Listener pool() {
        return new WorkerPool.Listener() {
            @Override
            public void finished(WorkerPool.Result r, boolean kept) {
                line(r.job().id() + " " + r.status());
            }
        };
    }

    private void line(String text) {
        fxThread.execute(() -> log.add(text));
    }

    /** A step of an experiment that may fail. */
    private interface Work {
        void run() throws Exception;
    }

    private void finish(Work work, Path out) {
        String end;
        try {
            work.run();
            end = "Done: the report is in " + out + ".";
        } catch (Exception | Error e) {
            end = "The experiment failed: " + e.getMessage() + ". What finished is in " + out + ".";
        }
        String text = end;
        fxThread.execute(() -> {
            running.set(false);
            message.set(text);
        });
    }

    private static List<Double> numbers(String text) {
        try {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Double::parseDouble)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a comma-separated list of numbers");
        }
    }
}
