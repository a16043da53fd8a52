package org.hypertower.ui.tower;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.hypertower.tower.LayerSpec;
import org.hypertower.tower.LayerType;
import org.hypertower.tower.TowerSpec;
import org.hypertower.tower.TowerSpecException;

/**
 * The tower being built, as levels and as text. Editing the levels rewrites the text at once; the
 * text is a draft that changes nothing until {@link #applyText()} (Enter), so a half-typed spec
 * never replaces the tower, and one that does not parse never does. {@link #specProperty()} holds
 * the tower when every level and argument is valid and the text parses, and null otherwise, so an
 * invalid value never reaches a run. Every change to the tower is one step of an undo history
 * ({@link #undo()}, {@link #redo()}); consecutive keystrokes in one value are one step. Levels are
 * bottom first (index 0 optimizes the model).
 */
public final class TowerBuilderViewModel {

    private static final String EMPTY = "The tower is empty: drag an optimizer from the palette.";

    private final ObservableList<LevelModel> levels = FXCollections.observableArrayList();
    private final StringProperty specText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper textError = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper textPending = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<TowerSpec> spec = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private final TowerHistory history = new TowerHistory();
    /** The levels' tower, or null while a level is invalid or there is none. */
    private TowerSpec built;
    /** Why the levels make no tower, or null. */
    private String builtError;
    /** The tower's text form: what the text shows while no draft is typed (the last valid tower's while a value is invalid). */
    private String towerText = "";
    /** The tower after the latest change: what an edit of a value changes from. */
    private TowerHistory.Snapshot last;
    /** The argument whose consecutive edits make one step, or null. */
    private Object editing;
    private boolean syncing;

    /** Starts with a tower and an empty history. */
    public TowerBuilderViewModel(TowerSpec initial) {
        specText.addListener(obs -> refresh());
        selected.addListener(obs -> editing = null);
        syncing = true;
        setLevels(initial.levels());
        syncing = false;
        rebuilt(initial.toString());
        last = snapshot();
    }

    /** Returns the levels, bottom first. */
    public ObservableList<LevelModel> levels() {
        return levels;
    }

    /**
     * Returns the text form. Setting it only drafts: the tower changes on {@link #applyText()}; every
     * change to the tower rewrites it.
     */
    public StringProperty specTextProperty() {
        return specText;
    }

    /** Returns why the text being typed does not parse (its position and problem), or null. */
    public ReadOnlyStringProperty textErrorProperty() {
        return textError.getReadOnlyProperty();
    }

    /** Returns whether the text parses to another tower than the current one, which applying it would build. */
    public ReadOnlyBooleanProperty textPendingProperty() {
        return textPending.getReadOnlyProperty();
    }

    /** Returns the tower, or null while something is invalid. */
    public ReadOnlyObjectProperty<TowerSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    /** Returns why the tower cannot be used (the text's problem first, then the levels'), or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Returns the index of the selected level, or -1. */
    public IntegerProperty selectedProperty() {
        return selected;
    }

    /** Returns whether there is a change to undo. */
    public ReadOnlyBooleanProperty canUndoProperty() {
        return history.canUndoProperty();
    }

    /** Returns whether there is an undone change to redo. */
    public ReadOnlyBooleanProperty canRedoProperty() {
        return history.canRedoProperty();
    }

    /** Replaces the tower (a preset, a file); one undoable step. */
    public void load(TowerSpec tower) {
        change(() -> setLevels(tower.levels()), tower.toString());
    }

    /**
     * Builds the tower the text describes, as one undoable step, when the text parses; otherwise
     * the tower stays and {@link #textErrorProperty()} says why.
     *
     * @return whether the text is the tower now
     */
    public boolean applyText() {
        String text = text();
        if (text.equals(towerText)) {
            return true;
        }
        TowerSpec parsed;
        try {
            parsed = TowerSpec.parse(text);
        } catch (TowerSpecException e) {
            refresh();
            return false;
        }
        change(() -> setLevels(parsed.levels()), text);
        return true;
    }

    /** Drops the text being typed: the text shows the current tower again. */
    public void revertText() {
        specText.set(towerText);
    }

    /**
     * Inserts a level of a type with its default alpha at an index (0 = bottom); a standalone rival
     * with all its defaults (the tower then says why it cannot share the tower, if it does).
     */
    public void insert(LayerType type, int index) {
        LevelModel level = newLevel(type.standalone() ? new LayerSpec(type, Map.of())
                : new LayerSpec(type, Map.of("alpha", type.argument("alpha").orElseThrow().defaultValue())));
        change(() -> {
            levels.add(Math.max(0, Math.min(index, levels.size())), level);
            selected.set(levels.indexOf(level));
        }, null);
    }

    /** Moves a level from one index to another. */
    public void move(int from, int to) {
        if (from == to || from < 0 || from >= levels.size()) {
            return;
        }
        change(() -> {
            LevelModel level = levels.remove(from);
            levels.add(Math.max(0, Math.min(to, levels.size())), level);
            selected.set(levels.indexOf(level));
        }, null);
    }

    /**
     * Removes a level. The selected level stays selected; when it is the one removed, the level
     * that takes its place (or the new top) is selected.
     */
    public void remove(int index) {
        if (index < 0 || index >= levels.size()) {
            return;
        }
        change(() -> {
            int chosen = selected.get();
            levels.remove(index);
            if (chosen > index) {
                selected.set(chosen - 1);
            } else if (chosen == index) {
                selected.set(Math.min(index, levels.size() - 1));
            }
        }, null);
    }

    /** Ends the edit of a value: its next keystroke starts a new undoable step. */
    public void endEdit() {
        editing = null;
    }

    /** Goes back to the tower before the latest change (levels, values as typed, text and selection). */
    public void undo() {
        TowerHistory.Snapshot target = history.undo(snapshot());
        if (target != null) {
            restore(target);
        }
    }

    /** Goes forward to the tower the latest undo went back from. */
    public void redo() {
        TowerHistory.Snapshot target = history.redo(snapshot());
        if (target != null) {
            restore(target);
        }
    }

    private String text() {
        return specText.get() == null ? "" : specText.get();
    }

    private void setLevels(List<LayerSpec> specs) {
        levels.setAll(specs.stream().map(this::newLevel).toList());
        if (selected.get() >= levels.size()) {
            selected.set(levels.size() - 1);
        }
    }

    private LevelModel newLevel(LayerSpec layer) {
        return watch(new LevelModel(layer));
    }

    private LevelModel watch(LevelModel level) {
        for (ArgumentModel a : level.arguments()) {
            a.textProperty().addListener((obs, old, now) -> edited(a));
            a.learnedProperty().addListener((obs, old, now) -> edited(null));
        }
        return level;
    }

    /** A command: changes the levels, then records the tower before it as one step (none when nothing changed). */
    private void change(Runnable mutation, String appliedText) {
        TowerHistory.Snapshot before = last.withSelected(selected.get());
        syncing = true;
        try {
            mutation.run();
        } finally {
            syncing = false;
        }
        rebuilt(appliedText);
        record(before, null);
    }

    /** A value or a learned box changed in a level; edits of one value in a row are one step. */
    private void edited(Object source) {
        if (syncing) {
            return;
        }
        TowerHistory.Snapshot before = last.withSelected(selected.get());
        rebuilt(null);
        record(before, source);
    }

    private void record(TowerHistory.Snapshot before, Object source) {
        TowerHistory.Snapshot now = snapshot();
        if (!now.levels().equals(before.levels())) {
            if (source == null || source != editing) {
                history.push(before);
            }
            editing = source;
        }
        last = now;
    }

    private void restore(TowerHistory.Snapshot state) {
        syncing = true;
        try {
            List<LayerType> types = state.levels().stream().map(TowerHistory.LevelState::type).toList();
            if (types.equals(levels.stream().map(LevelModel::type).toList())) {
                // the same layers: set the values in place, so the editor keeps its fields (and the focus)
                for (int k = 0; k < levels.size(); k++) {
                    levels.get(k).restore(state.levels().get(k));
                }
            } else {
                levels.setAll(state.levels().stream().map(s -> watch(new LevelModel(s))).toList());
            }
            selected.set(Math.min(state.selected(), levels.size() - 1));
        } finally {
            syncing = false;
        }
        towerText = state.text();
        rebuilt(state.text());
        editing = null;
        last = snapshot();
    }

    private TowerHistory.Snapshot snapshot() {
        return new TowerHistory.Snapshot(levels.stream().map(LevelModel::state).toList(), towerText, selected.get());
    }

    /**
     * Derives the tower from the levels and shows it as text: {@code text} when given (as typed or
     * loaded), else the canonical form; while a value is invalid the text keeps the last valid tower.
     */
    private void rebuilt(String text) {
        built = null;
        builtError = null;
        if (levels.isEmpty()) {
            builtError = EMPTY;
            towerText = "";
        } else {
            for (int k = 0; k < levels.size() && builtError == null; k++) {
                String problem = levels.get(k).error();
                if (problem != null) {
                    builtError = "Level " + k + ": " + problem;
                }
            }
            if (builtError == null) {
                try {
                    built = new TowerSpec(levels.stream().map(LevelModel::toSpec).toList());
                    towerText = text != null ? text : built.toString();
                } catch (TowerSpecException e) {
                    builtError = e.getMessage(); // a value the tower refuses that the editor let through
                }
            }
        }
        specText.set(towerText);
        refresh();
    }

    /** Derives what the text and the tower say now: whether the draft parses, the error, the spec. */
    private void refresh() {
        String text = text();
        String problem = null;
        boolean pending = false;
        if (!text.equals(towerText)) {
            try {
                pending = !Objects.equals(TowerSpec.parse(text), built);
            } catch (TowerSpecException e) {
                problem = e.getMessage();
            }
        }
        textError.set(problem);
        textPending.set(pending);
        error.set(problem != null ? problem : builtError);
        spec.set(problem != null ? null : built);
    }
}
