package org.hypertower.ui.tower;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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

    /** A level exactly as it was typed, invalid values included. */
    LevelModel(TowerHistory.LevelState state) {
        this(new LayerSpec(state.type(), Map.of()));
        restore(state);
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
        return arguments.stream().map(a -> a.errorProperty().get()).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Returns the level as typed, for the history. */
    TowerHistory.LevelState state() {
        return new TowerHistory.LevelState(type, arguments.stream().map(a -> a.textProperty().get()).toList(),
                arguments.stream().map(a -> a.learnedProperty().get()).toList());
    }

    /** Sets every argument's text and learned box as a state of a level of the same type has them. */
    void restore(TowerHistory.LevelState state) {
        for (int i = 0; i < arguments.size(); i++) {
            arguments.get(i).textProperty().set(state.values().get(i));
            arguments.get(i).learnedProperty().set(state.learned().get(i));
        }
    }

    /** Returns the spec of this level; only call when {@link #error()} is null. */
    LayerSpec toSpec() {
        Map<String, Double> args = new LinkedHashMap<>();
        Set<String> fixed = new LinkedHashSet<>();
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
