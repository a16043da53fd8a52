package org.hypertower.ui.run;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.hypertower.tower.HyperparameterDef;
import org.hypertower.tower.LayerSpec;

/**
 * The model of the Compare menu: which run its actions act on (the run selected in the runs list,
 * else the last tower run), what each menu item says and whether it can act now, and why an
 * action refuses a run. {@link RunViewModel} carries the actions out.
 */
public final class CompareActions {

    /**
     * One Compare action as the menu shows it.
     *
     * @param text the menu item's text, naming the run it acts on
     * @param enabled whether it can act now
     */
    public record Action(String text, boolean enabled) {}

    private final ObservableList<RunData> runs;
    private final ObjectProperty<RunData> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<RunData> target = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Action> baseline = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Action> learned = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Action> follow = new ReadOnlyObjectWrapper<>();

    CompareActions(ObservableList<RunData> runs) {
        this.runs = runs;
        runs.addListener((ListChangeListener<RunData>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(run -> run.endedProperty().addListener((obs, old, now) -> update()));
                if (c.getRemoved().contains(selected.get())) {
                    selected.set(null);
                }
            }
            update();
        });
        selected.addListener((obs, old, now) -> update());
        update();
    }

    /** Returns the run selected in the runs list (null when none); the view keeps it in step with the list. */
    public ObjectProperty<RunData> selectedProperty() {
        return selected;
    }

    /** Returns the run the actions act on: the selected one, else the last tower run, else null. */
    public ReadOnlyObjectProperty<RunData> targetProperty() {
        return target.getReadOnlyProperty();
    }

    /** Returns the state of <i>With baseline</i>. */
    public ReadOnlyObjectProperty<Action> baselineProperty() {
        return baseline.getReadOnlyProperty();
    }

    /** Returns the state of <i>Re-run plain at learned values</i>. */
    public ReadOnlyObjectProperty<Action> learnedProperty() {
        return learned.getReadOnlyProperty();
    }

    /** Returns the state of <i>Follow the learned path</i>. */
    public ReadOnlyObjectProperty<Action> followProperty() {
        return follow.getReadOnlyProperty();
    }

    private void update() {
        RunData run = selected.get() != null && runs.contains(selected.get()) ? selected.get() : lastTowerRun();
        target.set(run);
        if (run == null) {
            baseline.set(new Action("With baseline (start a run first)", false));
            learned.set(new Action("Re-run plain at learned values (start a run first)", false));
            follow.set(new Action("Follow the learned path (start a run first)", false));
            return;
        }
        baseline.set(new Action("With baseline of " + run.name() + " (bottom optimizer, frozen)", true));
        learned.set(run.hasEnded() ? new Action("Re-run plain at learned values of " + run.name(), true)
                : new Action("Re-run plain at learned values of " + run.name() + " (once it ends)", false));
        follow.set(run.hasEnded() ? new Action("Follow the learned path of " + run.name(), true)
                : new Action("Follow the learned path of " + run.name() + " (once it ends)", false));
    }

    private RunData lastTowerRun() {
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).kind() == RunKind.TOWER) {
                return runs.get(i);
            }
        }
        return null;
    }

    /** Returns, in one sentence, why a run has no baseline to run, or null when it has one. */
    static String whyNoBaseline(RunData run) {
        if (run.config().tower().height() > 1) {
            return null;
        }
        return run.name() + " is a plain optimizer already, its own baseline; select a tower run to run its baseline.";
    }

    /** Returns, in one sentence, why a run has no learned path to follow, or null when it may have one. */
    static String whyNoPath(RunData run) {
        String select = "; select a tower run to follow the path it learned.";
        if (run.kind() != RunKind.TOWER || run.config().tower().height() == 1) {
            return run.name() + " is a plain optimizer, with no learned path" + select;
        }
        if (!run.hasEnded()) {
            return run.name() + " has not ended yet; its path can be followed once it ends.";
        }
        return null;
    }

    /** Returns, in one sentence, why a run cannot be re-run at its learned values, or null when it can. */
    static String whyNoReRun(RunData run) {
        String select = "; select the tower run to re-run at its learned values.";
        if (run.kind() == RunKind.BASELINE) {
            return run.name() + " is a baseline with frozen values" + select;
        }
        if (run.kind() == RunKind.LEARNED_RERUN) {
            return run.name() + " already runs at learned values, frozen" + select;
        }
        if (run.config().tower().height() == 1) {
            return run.name() + " is a plain optimizer with nothing learned" + select.replace("the tower", "a tower");
        }
        LayerSpec bottom = run.config().tower().level(0);
        boolean learns = bottom.type().arguments().stream().filter(HyperparameterDef::learned)
                .anyMatch(def -> !bottom.fixed().contains(def.name()));
        if (!learns) {
            return run.name() + " holds every hyperparameter of its bottom level fixed, so it learned nothing there"
                    + select.replace("the tower", "a tower");
        }
        if (!run.hasEnded()) {
            return run.name() + " has not ended yet; its learned values are known once it ends.";
        }
        if (run.learned().isEmpty()) {
            return run.name() + " ended before it learned anything, so there is nothing to re-run.";
        }
        return null;
    }
}
