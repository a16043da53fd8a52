package org.hypertower.ui.run;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The band that sets a learned hyperparameter of the run training now (the classic demo: kick
 * alpha to ten times its value and watch the level above bring it back): which key, its value now,
 * a typed value to set, and ×10 / ÷10 of the value now. Available while a run trains or is paused;
 * a refused value changes nothing and the run view-model's message says why.
 */
public final class InterventionModel {

    private final RunViewModel runs;
    private final ObservableList<String> keys = FXCollections.observableArrayList();
    private final StringProperty key = new SimpleStringProperty();
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper current = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();
    private final ChangeListener<Number> onData = (obs, old, now) -> refresh();

    InterventionModel(RunViewModel runs) {
        this.runs = runs;
        runs.trainingProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.versionProperty().removeListener(onData);
            }
            if (now != null) {
                now.versionProperty().addListener(onData);
                String kept = key.get();
                keys.setAll(now.keys());
                key.set(keys.contains(kept) ? kept : keys.contains("0.alpha") ? "0.alpha" : keys.isEmpty() ? null
                        : keys.get(0));
            }
            refresh();
        });
        runs.stateProperty().addListener((obs, old, now) -> refresh());
        key.addListener((obs, old, now) -> refresh());
    }

    /** Returns the keys of the run training now, {@code LEVEL.NAME}. */
    public ObservableList<String> keys() {
        return keys;
    }

    /** Returns the key chosen. */
    public StringProperty keyProperty() {
        return key;
    }

    /** Returns the value typed to set. */
    public StringProperty textProperty() {
        return text;
    }

    /** Returns the chosen key's value now, as shown ({@code now 0.01}); empty when no run trains. */
    public ReadOnlyStringProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** Returns whether a run trains or is paused, so a value can be set. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** Sets the chosen key to the typed value; returns whether it was taken (the message says why not). */
    public boolean set() {
        String typed = text.get() == null ? "" : text.get().strip();
        if (typed.isEmpty()) {
            runs.say("Type a value for " + (key.get() == null ? "the hyperparameter" : key.get()) + " first, then press Set.");
            return false;
        }
        double value;
        try {
            value = Double.parseDouble(typed);
        } catch (NumberFormatException e) {
            runs.say("'" + typed + "' is not a number: type a value such as 0.01 or 1e-3, then press Set.");
            return false;
        }
        boolean taken = intervene(value);
        if (taken) {
            text.set("");
        }
        return taken;
    }

    /** Sets the chosen key to its value now times a factor (10 or 0.1); returns whether it was taken. */
    public boolean multiply(double factor) {
        RunData run = runs.trainingProperty().get();
        if (run == null || key.get() == null) {
            return intervene(Double.NaN); // says why not
        }
        return intervene(run.currentValue(key.get()) * factor);
    }

    private boolean intervene(double value) {
        if (key.get() == null) {
            runs.say("No run is training, so there is no hyperparameter to set; start a run first.");
            return false;
        }
        boolean taken = runs.intervene(key.get(), value);
        refresh();
        return taken;
    }

    private void refresh() {
        RunData run = runs.trainingProperty().get();
        available.set(run != null && runs.stateProperty().get() != RunViewModel.State.IDLE);
        double now = run == null || key.get() == null ? Double.NaN : run.currentValue(key.get());
        current.set(Double.isNaN(now) ? "" : "now " + RunText.shortNumber(now, 4));
    }
}
