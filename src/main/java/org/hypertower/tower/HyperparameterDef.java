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
 * @param lowest the smallest admitted value
 * @param highest the largest admitted value
 */
public record HyperparameterDef(
        String name,
        double defaultValue,
        String description,
        String rangeText,
        DoublePredicate admits,
        Reparam reparam,
        double lowest,
        double highest) {

    /** Returns whether the level above this layer learns this argument. */
    public boolean learned() {
        return reparam != null;
    }

    /**
     * Returns the value nearest to a value within {@code [lowest, highest]}: the value itself when
     * it lies there; NaN stays NaN. For a half-open range such as a momentum's, {@code highest} is a
     * practical bound below the open end.
     */
    public double clamp(double value) {
        return Math.max(lowest, Math.min(highest, value));
    }

    static HyperparameterDef learned(
            String name, double def, String description, Reparam reparam, Range range) {
        return new HyperparameterDef(name, def, description, range.text, range.test, reparam, range.lowest, range.highest);
    }

    static HyperparameterDef constant(String name, double def, String description, Range range) {
        return new HyperparameterDef(name, def, description, range.text, range.test, null, range.lowest, range.highest);
    }

    /** The admitted values of an argument. */
    enum Range {
        NON_NEGATIVE(">= 0", v -> v >= 0, 0, Double.MAX_VALUE),
        POSITIVE("> 0", v -> v > 0, Double.MIN_VALUE, Double.MAX_VALUE),
        // a projected momentum stops at 0.999: any value nearer 1 is one that barely decays
        UNIT_HALF_OPEN("in [0, 1)", v -> v >= 0 && v < 1, 0, 0.999),
        UNIT_CLOSED("in [0, 1]", v -> v >= 0 && v <= 1, 0, 1),
        UNIT_OPEN("in (0, 1)", v -> v > 0 && v < 1, Double.MIN_VALUE, Math.nextDown(1.0));

        final String text;
        final DoublePredicate test;
        final double lowest;
        final double highest;

        Range(String text, DoublePredicate test, double lowest, double highest) {
            this.text = text;
            this.test = test;
            this.lowest = lowest;
            this.highest = highest;
        }
    }
}
