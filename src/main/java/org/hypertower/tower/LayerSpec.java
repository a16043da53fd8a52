package org.hypertower.tower;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One level of a tower as configured: its layer type and the arguments given explicitly.
 * Immutable; arguments are kept in the layer's canonical order, and omitted ones take their
 * defaults.
 *
 * @param type the layer type
 * @param arguments the explicitly given arguments, by name
 */
public record LayerSpec(LayerType type, Map<String, Double> arguments) {

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
        for (HyperparameterDef def : type.arguments()) {
            Double value = arguments.get(def.name());
            if (value != null) {
                String problem = checkValue(type, def, value);
                if (problem != null) {
                    throw new TowerSpecException(0, problem);
                }
                ordered.put(def.name(), value);
            }
        }
        arguments = Collections.unmodifiableMap(ordered);
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
        return new LayerSpec(type, copy);
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
        return null;
    }

    /** Returns the canonical text form, e.g. {@code sgd(alpha=0.01, mu=0.9)}. */
    @Override
    public String toString() {
        StringJoiner args = new StringJoiner(", ", type.specName() + "(", ")");
        arguments.forEach((name, value) -> args.add(name + "=" + Numbers.format(value)));
        return args.toString();
    }
}
