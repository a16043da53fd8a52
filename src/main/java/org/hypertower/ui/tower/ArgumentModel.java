package org.hypertower.ui.tower;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.hypertower.tower.HyperparameterDef;
import org.hypertower.tower.LayerType;
import org.hypertower.tower.Numbers;

/**
 * One argument of a level as the user edits it: the text typed (empty means the default) and,
 * derived from it, whether it is valid and why not.
 */
public final class ArgumentModel {

    private final LayerType type;
    private final HyperparameterDef def;
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final BooleanProperty learned = new SimpleBooleanProperty();

    ArgumentModel(LayerType type, HyperparameterDef def, Double value, boolean fixed) {
        this.type = type;
        this.def = def;
        learned.set(def.learned() && !fixed);
        text.addListener((obs, old, now) -> error.set(validate(now)));
        text.set(value == null ? "" : Numbers.format(value));
    }

    /** Returns the argument's definition (name, default, range, description). */
    public HyperparameterDef def() {
        return def;
    }

    /** Returns the text typed; empty for the default. */
    public StringProperty textProperty() {
        return text;
    }

    /** Returns why the text is refused, or null when it is valid. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * Returns whether the level above learns this hyperparameter (false: held fixed). Always false
     * for a layer's constants.
     */
    public BooleanProperty learnedProperty() {
        return learned;
    }

    /** Returns whether the text is valid. */
    public boolean isValid() {
        return error.get() == null;
    }

    /** Returns the explicit value, or null when the default applies (or the text is invalid). */
    Double value() {
        String t = text.get() == null ? "" : text.get().trim();
        if (t.isEmpty() || !isValid()) {
            return null;
        }
        return Double.parseDouble(t);
    }

    private String validate(String raw) {
        String t = raw == null ? "" : raw.trim();
        if (t.isEmpty()) {
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return "'" + t + "' is not a number; " + def.name() + " must be " + def.rangeText() + ".";
        }
        if (!Double.isFinite(v)) {
            return def.name() + " must be a finite number.";
        }
        if (!def.admits().test(v)) {
            return type.specName() + " " + def.name() + " must be " + def.rangeText() + ", not " + t + ".";
        }
        if (def.learned() && !Double.isFinite(def.reparam().toRaw(v))) {
            // as the tower itself refuses it (LayerSpec): e.g. beta1 = 1e-17 rounds to 0 in 2b - 1, atanh(-1) is infinite
            return type.specName() + " " + def.name() + " = " + t + " is too close to 0 or 1 to be stored; use a value "
                    + "between 1e-15 and 1 - 1e-15.";
        }
        return null;
    }
}
