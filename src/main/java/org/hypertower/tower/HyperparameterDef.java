package org.hypertower.tower;

import java.util.function.DoublePredicate;

/**
 * One argument a layer type accepts in a tower spec: its name, its default, the values it
 * admits and a one-line description for tooltips and {@code --help}.
 *
 * @param name the argument name as written in a spec, e.g. {@code alpha}
 * @param defaultValue the value used when a spec omits the argument
 * @param description a one-line description
 * @param rangeText the admitted values in words, used in error messages, e.g. {@code >= 0}
 * @param admits whether a finite value is admitted
 * @param reparam how the learned value is stored; {@code null} for a constant argument
 */
public record HyperparameterDef(
        String name,
        double defaultValue,
        String description,
        String rangeText,
        DoublePredicate admits,
        Reparam reparam) {

    /** Returns whether the level above this layer learns this argument. */
    public boolean learned() {
        return reparam != null;
    }

    static HyperparameterDef learned(
            String name, double def, String description, Reparam reparam, Range range) {
        return new HyperparameterDef(name, def, description, range.text, range.test, reparam);
    }

    static HyperparameterDef constant(String name, double def, String description, Range range) {
        return new HyperparameterDef(name, def, description, range.text, range.test, null);
    }

    /** The admitted values of an argument. */
    enum Range {
        NON_NEGATIVE(">= 0", v -> v >= 0),
        UNIT_HALF_OPEN("in [0, 1)", v -> v >= 0 && v < 1),
        UNIT_CLOSED("in [0, 1]", v -> v >= 0 && v <= 1),
        UNIT_OPEN("in (0, 1)", v -> v > 0 && v < 1);

        final String text;
        final DoublePredicate test;

        Range(String text, DoublePredicate test) {
            this.text = text;
            this.test = test;
        }
    }
}
