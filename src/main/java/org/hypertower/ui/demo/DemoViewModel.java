package org.hypertower.ui.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.ui.run.DoubleSeries;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunText;
import org.hypertower.ui.run.RunViewModel;

/**
 * Demo mode, for showing hypergradients to a room on a projector: whether it is on, the paces a
 * run can be slowed to (applied through {@link RunViewModel#paceProperty()}), and the readout, in
 * large type, of the run shown: the running run, else the one selected in the runs list, else
 * the latest. The readout follows the runs' data as the charts do, once per pulse (when a run's
 * {@link RunData#versionProperty() version} changes), and only while demo mode is on.
 */
public final class DemoViewModel {

    /**
     * One value of the readout.
     *
     * @param id a stable name for the value ({@code step}, {@code loss}, {@code 0.alpha}, …)
     * @param label what it is, e.g. {@code level 0 alpha}
     * @param value the value as shown, e.g. {@code 0.0034 ↑}
     */
    public record Reading(String id, String label, String value) {}

    /** The paces offered, in steps per second; 0 is full speed. */
    public static final List<Double> PACES = List.of(0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0);

    /** How many steps back a learned value's trend (↑, ↓) looks. */
    static final int TREND_STEPS = 10;

    private final RunViewModel runs;
    private final BooleanProperty demoMode = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<RunData> shown = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ObservableList<Reading> readings = FXCollections.observableArrayList();
    /** One wrapper, kept: a listener on a wrapper made per call would go with the wrapper. */
    private final ObservableList<Reading> readOnlyReadings = FXCollections.unmodifiableObservableList(readings);
    private final InvalidationListener onData = obs -> refresh();

    /** Demo mode over a session's runs; off until turned on. */
    public DemoViewModel(RunViewModel runs) {
        this.runs = runs;
        runs.runs().addListener((ListChangeListener<RunData>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(this::unwatch);
                c.getAddedSubList().forEach(this::watch);
            }
            refresh();
        });
        runs.runs().forEach(this::watch);
        runs.compare().selectedProperty().addListener(onData);
        demoMode.addListener(onData);
    }

    private void watch(RunData run) {
        run.versionProperty().addListener(onData);
        run.endedProperty().addListener(onData);
    }

    private void unwatch(RunData run) {
        run.versionProperty().removeListener(onData);
        run.endedProperty().removeListener(onData);
    }

    /** Returns whether demo mode is on: larger type, the readout, flat charts hidden. */
    public BooleanProperty demoModeProperty() {
        return demoMode;
    }

    /** Turns demo mode on or off. */
    public void toggle() {
        demoMode.set(!demoMode.get());
    }

    /** Returns the pace of training in steps per second, 0 for full speed (the run view-model's). */
    public javafx.beans.property.DoubleProperty paceProperty() {
        return runs.paceProperty();
    }

    /** Returns the run the readout shows, or null (none yet, or demo mode is off). */
    public ReadOnlyObjectProperty<RunData> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Returns the readout's title: the run's name and what it is doing; empty when there is none. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Returns the readout's values, in the order shown; empty while demo mode is off. */
    public ObservableList<Reading> readings() {
        return readOnlyReadings;
    }

    /** Returns how a pace reads: {@code full speed}, {@code 1 step/s}, {@code 5 steps/s}. */
    public static String paceText(double stepsPerSecond) {
        if (stepsPerSecond <= 0) {
            return "full speed";
        }
        String n = RunText.shortNumber(stepsPerSecond, 3);
        return n + (stepsPerSecond == 1 ? " step/s" : " steps/s");
    }

    /** Reads the shown run again; called whenever a run's data changes, i.e. at the charts' pulse. */
    void refresh() {
        RunData run = demoMode.get() ? pick() : null;
        shown.set(run);
        List<Reading> next = run == null ? List.of() : readingsOf(run);
        if (!readings.equals(next)) {
            readings.setAll(next);
        }
        title.set(run == null ? (demoMode.get() ? "No run yet: build a tower and press Start." : "")
                : run.name() + " · " + RunText.statusLine(run).split(" · ")[0]);
    }

    /** The running run, else the selected one, else the latest. */
    private RunData pick() {
        List<RunData> all = runs.runs();
        for (RunData run : all) {
            if (!run.hasEnded() && !run.keys().isEmpty()) {
                return run;
            }
        }
        RunData selected = runs.compare().selectedProperty().get();
        if (selected != null && all.contains(selected)) {
            return selected;
        }
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /**
     * Returns what the readout says of a run: its step and epoch, its smoothed loss, the test
     * accuracy of its latest epoch, then each value its tower learns (the hyperparameters of every
     * level but the top one, which nothing learns), with an arrow for where it went over the last
     * {@value #TREND_STEPS} steps.
     */
    static List<Reading> readingsOf(RunData run) {
        List<Reading> out = new ArrayList<>();
        int steps = run.steps();
        List<EpochMetrics> epochs = run.epochs();
        int total = run.config().epochs();
        int epoch = run.hasEnded() || epochs.size() >= total ? epochs.size() : epochs.size() + 1;
        out.add(new Reading("step", "step", String.format(Locale.ROOT, "%,d", steps)));
        out.add(new Reading("epoch", "epoch", epoch + " of " + total));
        out.add(new Reading("loss", "loss", steps == 0 ? "–" : RunText.shortNumber(run.smoothedLoss().get(steps - 1), 3)));
        out.add(new Reading("accuracy", "test accuracy",
                epochs.isEmpty() ? "–" : RunText.percent(epochs.get(epochs.size() - 1).testAccuracy())));
        List<String> keys = run.keys();
        for (int i = 0; i < keys.size() && steps > 0; i++) {
            if (!learned(run, i)) {
                continue;
            }
            String key = keys.get(i);
            int dot = key.indexOf('.');
            DoubleSeries values = run.hyperparameter(i);
            double now = values.get(steps - 1);
            double before = values.get(Math.max(0, steps - 1 - TREND_STEPS));
            String trend = now > before ? " ↑" : now < before ? " ↓" : "";
            out.add(new Reading(key, "level " + key.substring(0, dot) + " " + key.substring(dot + 1),
                    moved(now, values.get(0)) + trend));
        }
        return out;
    }

    /**
     * A learned value in as few digits as show it moved from where it started (at least 3, at most
     * 8): a beta1 gone from 0.9 to 0.9000003 reads {@code 0.9000003}, not {@code 0.9}.
     */
    static String moved(double now, double start) {
        for (int digits = 3; digits < 8; digits++) {
            String text = RunText.shortNumber(now, digits);
            if (!text.equals(RunText.shortNumber(start, digits))) {
                return text;
            }
        }
        return RunText.shortNumber(now, 8);
    }

    /**
     * Whether hyperparameter {@code i} is learned: the level above gives it a hypergradient (a
     * constant's is NaN: the top level's, a baseline's, a re-run's).
     */
    private static boolean learned(RunData run, int i) {
        DoubleSeries grads = run.hypergradient(i);
        for (int s = grads.size() - 1; s >= 0 && s >= grads.size() - 3; s--) {
            if (!Double.isNaN(grads.get(s))) {
                return true;
            }
        }
        return false;
    }
}
