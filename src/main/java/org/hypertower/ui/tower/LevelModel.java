package org.hypertower.ui.tower;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hypertower.tower.HyperparameterDef;
import org.hypertower.tower.LayerSpec;
import org.hypertower.tower.LayerType;

/** One level of the tower being built: its layer type and its editable arguments. */
public final class LevelModel {

    private final LayerType type;
    private final List<ArgumentModel> arguments = new ArrayList<>();

    /** A level with the spec's explicit arguments, the rest at their defaults. */
    LevelModel(LayerSpec spec) {
        this.type = spec.type();
        for (HyperparameterDef def : type.arguments()) {
            arguments.add(new ArgumentModel(type, def, spec.arguments().get(def.name()), spec.fixed().contains(def.name())));
        }
    }

    /** Returns the layer type. */
    public LayerType type() {
        return type;
    }

    /** Returns the arguments in canonical order. */
    public List<ArgumentModel> arguments() {
        return arguments;
    }

    /** Returns the argument of that name. */
    public ArgumentModel argument(String name) {
        return arguments.stream().filter(a -> a.def().name().equals(name)).findFirst().orElseThrow();
    }

    /** Returns the first invalid argument's message, or null when every argument is valid. */
    String error() {
        return arguments.stream().map(a -> a.errorProperty().get()).filter(e -> e != null).findFirst().orElse(null);
    }

    /** Returns the spec of this level; only call when {@link #error()} is null. */
    LayerSpec toSpec() {
        Map<String, Double> args = new LinkedHashMap<>();
        java.util.Set<String> fixed = new java.util.LinkedHashSet<>();
        for (ArgumentModel a : arguments) {
            Double v = a.value();
            if (v != null) {
                args.put(a.def().name(), v);
            }
            if (a.def().learned() && !a.learnedProperty().get()) {
                fixed.add(a.def().name());
            }
        }
        return new LayerSpec(type, args, fixed);
    }
}
