package org.hypertower.ui.tower;

import java.util.List;
import java.util.Map;
import javafx.beans.property.IntegerProperty;
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
 * The tower being built, kept in sync both ways with its text form: editing the levels rewrites
 * the text; typing a valid text rebuilds the levels. {@link #specProperty()} holds the tower when
 * every level and argument is valid, and null otherwise, so an invalid value never reaches a run.
 * Levels are bottom first (index 0 optimizes the model).
 */
public final class TowerBuilderViewModel {

    private final ObservableList<LevelModel> levels = FXCollections.observableArrayList();
    private final StringProperty specText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<TowerSpec> spec = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private boolean syncing;

    /** Starts with a tower. */
    public TowerBuilderViewModel(TowerSpec initial) {
        specText.addListener((obs, old, now) -> {
            if (!syncing) {
                fromText(now);
            }
        });
        load(initial);
    }

    /** Returns the levels, bottom first. */
    public ObservableList<LevelModel> levels() {
        return levels;
    }

    /** Returns the text form; setting it to a valid spec rebuilds the levels. */
    public StringProperty specTextProperty() {
        return specText;
    }

    /** Returns the tower, or null while something is invalid. */
    public ReadOnlyObjectProperty<TowerSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    /** Returns why the tower cannot be used, or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Returns the index of the selected level, or -1. */
    public IntegerProperty selectedProperty() {
        return selected;
    }

    /** Replaces the tower. */
    public void load(TowerSpec tower) {
        setLevels(tower.levels());
        syncing = true;
        specText.set(tower.toString());
        syncing = false;
        spec.set(tower);
        error.set(null);
    }

    /** Inserts a level of a type with its default alpha at an index (0 = bottom). */
    public void insert(LayerType type, int index) {
        LevelModel level = newLevel(new LayerSpec(type, Map.of("alpha", type.argument("alpha").orElseThrow().defaultValue())));
        levels.add(Math.max(0, Math.min(index, levels.size())), level);
        selected.set(levels.indexOf(level));
        fromLevels();
    }

    /** Moves a level from one index to another. */
    public void move(int from, int to) {
        if (from == to || from < 0 || from >= levels.size()) {
            return;
        }
        LevelModel level = levels.remove(from);
        levels.add(Math.max(0, Math.min(to, levels.size())), level);
        selected.set(levels.indexOf(level));
        fromLevels();
    }

    /**
     * Removes a level. The selected level stays selected; when it is the one removed, the level
     * that takes its place (or the new top) is selected.
     */
    public void remove(int index) {
        if (index < 0 || index >= levels.size()) {
            return;
        }
        int chosen = selected.get();
        levels.remove(index);
        if (chosen > index) {
            selected.set(chosen - 1);
        } else if (chosen == index) {
            selected.set(Math.min(index, levels.size() - 1));
        }
        fromLevels();
    }

    private void setLevels(List<LayerSpec> specs) {
        syncing = true;
        levels.setAll(specs.stream().map(this::newLevel).toList());
        syncing = false;
        if (selected.get() >= levels.size()) {
            selected.set(levels.size() - 1);
        }
    }

    private LevelModel newLevel(LayerSpec layer) {
        LevelModel level = new LevelModel(layer);
        for (ArgumentModel a : level.arguments()) {
            a.textProperty().addListener((obs, old, now) -> {
                if (!syncing) {
                    fromLevels();
                }
            });
            a.learnedProperty().addListener((obs, old, now) -> {
                if (!syncing) {
                    fromLevels();
                }
            });
        }
        return level;
    }

    private void fromText(String text) {
        try {
            TowerSpec parsed = TowerSpec.parse(text);
            setLevels(parsed.levels());
            spec.set(parsed);
            error.set(null);
        } catch (TowerSpecException e) {
            spec.set(null);
            error.set(e.getMessage());
        }
    }

    private void fromLevels() {
        if (levels.isEmpty()) {
            spec.set(null);
            error.set("The tower is empty: drag an optimizer from the palette.");
            syncing = true;
            specText.set("");
            syncing = false;
            return;
        }
        for (int k = 0; k < levels.size(); k++) {
            String problem = levels.get(k).error();
            if (problem != null) {
                spec.set(null);
                error.set("Level " + k + ": " + problem);
                return;
            }
        }
        TowerSpec tower = new TowerSpec(levels.stream().map(LevelModel::toSpec).toList());
        syncing = true;
        specText.set(tower.toString());
        syncing = false;
        spec.set(tower);
        error.set(null);
    }
}
