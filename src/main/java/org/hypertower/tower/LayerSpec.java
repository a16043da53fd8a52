package org.hypertower.tower;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One level of a tower as configured: its layer type, the arguments given explicitly, and which
 * of its learned hyperparameters are held fixed (the level above leaves them alone). Immutable;
 * arguments are kept in the layer's canonical order, omitted ones take their defaults, and a fixed
 * one is always explicit.
 *
 * @param type the layer type
 * @param arguments the explicitly given arguments, by name
 * @param fixed the learned hyperparameters held at their value, written {@code mu=0.9 fixed}
 */
public record LayerSpec(LayerType type, Map<String, Double> arguments, java.util.Set<String> fixed) {

    /** A level whose learned hyperparameters are all learned. */
    public LayerSpec(LayerType type, Map<String, Double> arguments) {
        this(type, arguments, java.util.Set.of());
    }

    /** Validates names and ranges and fixes the canonical order. */
    public LayerSpec {
        if (type == null) {
            throw new TowerSpecException(0, "a level has no optimizer type; use one of " + LayerType.specNames() + ".");
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (String name : arguments.keySet()) {
            if (type.argument(name).isEmpty()) {
                throw new TowerSpecException(0, unknownArgument(type, name));
            }
        }
        java.util.Set<String> fixedOrdered = new java.util.LinkedHashSet<>();
        for (String name : fixed) {
            String problem = checkFixable(type, name);
            if (problem != null) {
                throw new TowerSpecException(0, problem);
            }
        }
        for (HyperparameterDef def : type.arguments()) {
            Double value = arguments.get(def.name());
            if (fixed.contains(def.name())) {
                fixedOrdered.add(def.name());
                if (value == null) {
                    value = def.defaultValue();
                }
            }
            if (value != null) {
                String problem = checkValue(type, def, value);
                if (problem != null) {
                    throw new TowerSpecException(0, problem);
                }
                ordered.put(def.name(), value);
            }
        }
        arguments = Collections.unmodifiableMap(ordered);
        fixed = Collections.unmodifiableSet(fixedOrdered);
    }

    /** Returns a sentence saying why a hyperparameter cannot be fixed, or null when it can. */
    static String checkFixable(LayerType type, String name) {
        var def = type.argument(name);
        if (def.isEmpty()) {
            return unknownArgument(type, name);
        }
        if (!def.get().learned()) {
            return type.specName() + " " + name + " is a constant already; only learned hyperparameters can be fixed.";
        }
        return null;
    }

    /** Returns a spec of the given type with only alpha set. */
    public static LayerSpec of(LayerType type, double alpha) {
        return new LayerSpec(type, Map.of("alpha", alpha));
    }

    /** Returns the value of an argument, explicit or default. */
    public double value(String name) {
        Double explicit = arguments.get(name);
        if (explicit != null) {
            return explicit;
        }
        return type.argument(name)
                .orElseThrow(() -> new IllegalArgumentException(unknownArgument(type, name)))
                .defaultValue();
    }

    /** Returns a copy with one argument set. */
    public LayerSpec with(String name, double value) {
        Map<String, Double> copy = new LinkedHashMap<>(arguments);
        copy.put(name, value);
        return new LayerSpec(type, copy, fixed);
    }

    /** Returns a copy with a learned hyperparameter fixed (true) or learned (false). */
    public LayerSpec withFixed(String name, boolean hold) {
        java.util.Set<String> copy = new java.util.LinkedHashSet<>(fixed);
        if (hold) {
            copy.add(name);
        } else {
            copy.remove(name);
        }
        return new LayerSpec(type, arguments, copy);
    }

    static String unknownArgument(LayerType type, String name) {
        StringJoiner accepted = new StringJoiner(", ");
        type.arguments().forEach(a -> accepted.add(a.name()));
        return type.specName() + " has no argument '" + name + "'; it accepts " + accepted + ".";
    }

    /** Returns a sentence describing why the value is refused, or null when it is admitted. */
    static String checkValue(LayerType type, HyperparameterDef def, double value) {
        if (!Double.isFinite(value)) {
            return type.specName() + " " + def.name() + " must be a finite number, not " + Numbers.format(value) + ".";
        }
        if (!def.admits().test(value)) {
            return type.specName() + " " + def.name() + " must be " + def.rangeText() + ", not "
                    + Numbers.format(value) + ".";
        }
        if (def.reparam() != null && !Double.isFinite(def.reparam().toRaw(value))) {
            // e.g. beta2 = 1e-17: 2 * beta2 - 1 rounds to -1, so its stored form atanh(2b - 1) is infinite
            return type.specName() + " " + def.name() + " = " + Numbers.format(value) + " is too close to 0 or 1 to be "
                    + "stored (as atanh(2b - 1)); use a value between 1e-15 and 1 - 1e-15.";
        }
        return null;
    }

    /** Returns the canonical text form, e.g. {@code sgd(alpha=0.01, mu=0.9)}. */
    @Override
    public String toString() {
        StringJoiner args = new StringJoiner(", ", type.specName() + "(", ")");
        arguments.forEach((name, value) -> args.add(name + "=" + Numbers.format(value) + (fixed.contains(name) ? " fixed" : "")));
        return args.toString();
    }
}
