package org.hypertower.ui.playground;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import org.hypertower.playground.Kick;
import org.hypertower.playground.Objective;
import org.hypertower.playground.Playground;
import org.hypertower.playground.PlaygroundCsv;
import org.hypertower.playground.StepInsight;
import org.hypertower.playground.Trajectory;
import org.hypertower.tower.LayerSpec;
import org.hypertower.tower.TowerSpec;

/**
 * The Playground tab's state and logic, without controls: the objective's text, the start point,
 * up to three towers as text, the steps and the seed, two log sliders and the step scrubber. Any
 * change re-runs every tower at once, on the calling thread (three towers of 500 steps take a
 * millisecond or two). Input that cannot be read leaves the last good result in place and says one
 * sentence in {@link #errorProperty()}.
 *
 * <p>The sliders are the source of the learning rates: {@code alpha0} sets the bottom level's
 * {@code alpha} of every tower, the top step size the {@code alpha} of the top level of every tower
 * with more than one level. The tower texts give the layer types and every other argument.
 */
public final class PlaygroundViewModel {

    /** The objectives offered in the chooser; the text stays editable. */
    public static final List<String> PRESETS = List.of("quadratic(a=1, b=10)", "rosenbrock(a=1, b=100)",
            "saddle(a=1, b=1)", "noisy_quadratic(a=1, b=10, sigma=1)");

    /** The towers the tab starts with. */
    public static final List<String> DEFAULT_TOWERS = List.of("sgd(alpha=0.01)", "sgd(alpha=0.01) / sgd(alpha=0.001)",
            "adam(alpha=0.01) / sgd(alpha=0.001)");

    /** The sliders' range, as powers of ten. */
    public static final double MIN_LOG = -8;
    public static final double MAX_LOG = 0;

    /** The most steps the tab runs (the core allows more; the picture would not show them). */
    public static final int MAX_STEPS = 5_000;

    /** What the tab draws: the objective, the start, the towers as run (sliders applied) and their paths. */
    public record Result(Objective objective, double startX, double startY, List<TowerSpec> towers,
            List<Trajectory> paths) {

        /** Returns the paths as CSV, with the CLI's columns. */
        public String csv() {
            return PlaygroundCsv.text(paths);
        }
    }

    private final StringProperty objective = new SimpleStringProperty(PRESETS.get(0));
    private final DoubleProperty startX = new SimpleDoubleProperty(-1.5);
    private final DoubleProperty startY = new SimpleDoubleProperty(0.5);
    private final List<StringProperty> towers = new ArrayList<>();
    private final IntegerProperty steps = new SimpleIntegerProperty(200);
    private final LongProperty seed = new SimpleLongProperty(0);
    private final DoubleProperty alpha0Log = new SimpleDoubleProperty(-2);
    private final DoubleProperty topLog = new SimpleDoubleProperty(-3);
    private final ObjectProperty<Kick> kick = new SimpleObjectProperty<>();
    private final IntegerProperty scrubStep = new SimpleIntegerProperty(5);
    private final IntegerProperty scrubTower = new SimpleIntegerProperty(1);
    private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<StepInsight> insight = new ReadOnlyObjectWrapper<>();
    private int runs;

    /** Starts with the long valley, three towers and their paths computed. */
    public PlaygroundViewModel() {
        for (int i = 0; i < Playground.MAX_TOWERS; i++) {
            towers.add(new SimpleStringProperty(DEFAULT_TOWERS.get(i)));
        }
        List<ObservableValue<?>> inputs = new ArrayList<>(List.of(objective, startX, startY, steps, seed, alpha0Log,
                topLog, kick));
        inputs.addAll(towers);
        inputs.forEach(p -> p.addListener((obs, old, now) -> recompute()));
        scrubStep.addListener((obs, old, now) -> updateInsight());
        scrubTower.addListener((obs, old, now) -> updateInsight());
        recompute();
    }

    /** Re-runs every tower from the current input; on bad input keeps the last result and sets the error. */
    public void recompute() {
        try {
            Objective parsed = Objective.parse(objective.get());
            List<TowerSpec> specs = new ArrayList<>();
            for (int i = 0; i < towers.size(); i++) {
                String text = towers.get(i).get();
                if (text == null || text.isBlank()) {
                    continue;
                }
                try {
                    specs.add(withSliders(TowerSpec.parse(text)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Tower " + (i + 1) + ": " + e.getMessage());
                }
            }
            if (specs.isEmpty()) {
                throw new IllegalArgumentException("Give at least one tower, e.g. sgd(alpha=0.01).");
            }
            if (steps.get() < 1 || steps.get() > MAX_STEPS) {
                throw new IllegalArgumentException("The number of steps must be 1 to " + MAX_STEPS + ", not "
                        + steps.get() + ".");
            }
            Playground playground = new Playground(parsed, startX.get(), startY.get(), specs, steps.get(), seed.get(),
                    kick.get());
            List<Trajectory> paths = playground.run();
            runs++;
            result.set(new Result(parsed, startX.get(), startY.get(), List.copyOf(specs), paths));
            error.set("");
            updateInsight();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "That input cannot be read." : e.getMessage();
            error.set(message);
        }
    }

    /** Returns a tower with the sliders' learning rates: alpha0 at the bottom, the top step size on top. */
    TowerSpec withSliders(TowerSpec tower) {
        List<LayerSpec> levels = new ArrayList<>(tower.levels());
        levels.set(0, withAlpha(levels.get(0), alpha0()));
        if (levels.size() > 1) {
            int top = levels.size() - 1;
            levels.set(top, withAlpha(levels.get(top), topStepSize()));
        }
        return new TowerSpec(levels);
    }

    private static LayerSpec withAlpha(LayerSpec level, double alpha) {
        return level.type().argument("alpha").isPresent() ? level.with("alpha", alpha) : level;
    }

    private void updateInsight() {
        Result now = result.get();
        if (now == null || now.paths().isEmpty()) {
            insight.set(null);
            return;
        }
        Trajectory path = now.paths().get(Math.max(0, Math.min(scrubTower.get(), now.paths().size() - 1)));
        int step = Math.max(0, Math.min(scrubStep.get(), path.length() - 1));
        insight.set(path.insight(step));
    }

    /** Reads the start point as {@code X, Y}; text that is not two finite numbers sets the error instead. */
    public void setStart(String text) {
        String[] parts = text == null ? new String[0] : text.split(",", -1);
        try {
            if (parts.length == 2) {
                double x = Double.parseDouble(parts[0].strip());
                double y = Double.parseDouble(parts[1].strip());
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    startX.set(x);
                    startY.set(y);
                    recompute();
                    return;
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        error.set("The start point takes X, Y, two finite numbers, e.g. -1.5, 0.5, not '" + text + "'.");
    }

    /** Returns the bottom level's learning rate the slider gives. */
    public double alpha0() {
        return Math.pow(10, alpha0Log.get());
    }

    /** Returns the top level's step size the slider gives. */
    public double topStepSize() {
        return Math.pow(10, topLog.get());
    }

    /** Sets the bottom level's learning rate (clamped to the slider's range). */
    public void setAlpha0(double alpha) {
        alpha0Log.set(clampLog(alpha));
    }

    /** Sets the top level's step size (clamped to the slider's range). */
    public void setTopStepSize(double alpha) {
        topLog.set(clampLog(alpha));
    }

    private static double clampLog(double value) {
        return Math.max(MIN_LOG, Math.min(MAX_LOG, Math.log10(value)));
    }

    /** Returns a slider's value as the label beside it shows it. */
    public static String format(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }

    /** Returns how many times the towers were run (for tests: a slider re-ran them). */
    public int runCount() {
        return runs;
    }

    /** The objective's text, e.g. {@code quadratic(a=1, b=10)}. */
    public StringProperty objectiveProperty() {
        return objective;
    }

    public DoubleProperty startXProperty() {
        return startX;
    }

    public DoubleProperty startYProperty() {
        return startY;
    }

    /** Tower {@code i}'s text (0 to 2); blank for none. */
    public StringProperty towerProperty(int i) {
        return towers.get(i);
    }

    public IntegerProperty stepsProperty() {
        return steps;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    /** The bottom level's learning rate as a power of ten, {@value #MIN_LOG} to {@value #MAX_LOG}. */
    public DoubleProperty alpha0LogProperty() {
        return alpha0Log;
    }

    /** The top level's step size as a power of ten. */
    public DoubleProperty topLogProperty() {
        return topLog;
    }

    /** The step the scrubber shows (clamped to the path's length). */
    public IntegerProperty scrubStepProperty() {
        return scrubStep;
    }

    /** Which tower's step the scrubber shows (0-based). */
    public IntegerProperty scrubTowerProperty() {
        return scrubTower;
    }

    /** A one-off change to every tower's bottom alpha at a step (a guided demo sets it); null for none. */
    public ObjectProperty<Kick> kickProperty() {
        return kick;
    }

    /** The last good result. */
    public ReadOnlyObjectProperty<Result> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** One sentence on input that cannot be read; empty when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the scrubber shows at its step. */
    public ReadOnlyObjectProperty<StepInsight> insightProperty() {
        return insight.getReadOnlyProperty();
    }

    /** Returns the scrubber's panel as text: the gradients, their dot product, the hypergradient and alpha's change. */
    public String insightText() {
        StepInsight in = insight.get();
        if (in == null) {
            return "";
        }
        if (in.previousGradient() == null) {
            return "Step 0: g_0 = " + vector(in.gradient()) + "; no g_{t-1} yet, so alpha stays "
                    + format(in.alphaBefore()) + ".";
        }
        return "step " + in.step() + "\n"
                + "g_t      = " + vector(in.gradient()) + "\n"
                + "g_{t-1}  = " + vector(in.previousGradient()) + "\n"
                + "<g_t, g_{t-1}> = " + dot(in.gradientDot()) + "\n"
                + (in.key().isEmpty() || Double.isNaN(in.hypergradient())
                        ? "no level above learns alpha: it stays as set\n"
                        : in.formula() + "\n" + "dL/dalpha = " + dot(in.hypergradient()) + "\n")
                + "alpha " + format(in.alphaBefore()) + " -> " + format(in.alphaAfter()) + "  ("
                + String.format(Locale.ROOT, "%+.3g", in.alphaChange()) + ")";
    }

    /** Returns the dot product as the panel writes it (tests compare against it). */
    public static String dot(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private static String vector(double[] v) {
        return String.format(Locale.ROOT, "(%.4g, %.4g)", v[0], v[1]);
    }
}
