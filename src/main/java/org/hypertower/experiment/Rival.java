package org.hypertower.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hypertower.tower.Numbers;
import org.hypertower.tower.TowerSpec;
import org.hypertower.tower.TowerSpecException;

/**
 * The learning-rate-free optimizers a tower is measured against in a rivals' sweep, each with the
 * one knob a sweep's initial alpha maps to. They are level-0-only layers of the tower format
 * (nothing can stand above them), so a rival's row is always a tower of height 0.
 *
 * <p>Mapping of alpha0: D-Adaptation and Prodigy take it as their initial distance estimate
 * {@code d0}; DoG as {@code reps_rel} (its first step relative to the weights); Schedule-Free as its
 * learning rate {@code lr}; COCOB, whose {@code alpha} acts like an inverse learning rate, as
 * {@code alpha = 1 / alpha0}. A too-large alpha0 is then, for every method, a too-large first step.
 */
public enum Rival {
    /** D-Adaptation SGD (Defazio and Mishchenko, 2023). */
    DADAPT_SGD("dadapt_sgd", "d0", false),
    /** D-Adaptation Adam (Defazio and Mishchenko, 2023). */
    DADAPT_ADAM("dadapt_adam", "d0", false),
    /** Prodigy (Mishchenko and Defazio, 2024). */
    PRODIGY("prodigy", "d0", false),
    /** DoG, distance over gradients (Ivgi, Hinder and Carmon, 2023). */
    DOG("dog", "reps_rel", false),
    /** Schedule-Free SGD (Defazio et al., 2024). */
    SCHEDULEFREE_SGD("schedulefree_sgd", "lr", false),
    /** Schedule-Free AdamW (Defazio et al., 2024). */
    SCHEDULEFREE_ADAMW("schedulefree_adamw", "lr", false),
    /** COCOB-Backprop, coin betting (Orabona and Tommasi, 2017). */
    COCOB("cocob", "alpha", true);

    private final String specName;
    private final String knob;
    private final boolean inverse;

    Rival(String specName, String knob, boolean inverse) {
        this.specName = specName;
        this.knob = knob;
        this.inverse = inverse;
    }

    /** Returns its layer's name in the tower format, e.g. {@code prodigy}. */
    public String specName() {
        return specName;
    }

    /** Returns the argument alpha0 sets, e.g. {@code d0}. */
    public String knob() {
        return knob;
    }

    /** Returns how alpha0 maps to the knob, e.g. {@code d0 = alpha0} or {@code alpha = 1/alpha0}. */
    public String mapping() {
        return knob + (inverse ? " = 1/alpha0" : " = alpha0");
    }

    /**
     * Returns the knob's value for an initial alpha.
     *
     * @throws IllegalArgumentException when alpha0 is not a finite number above 0
     */
    public double knobValue(double alpha0) {
        if (!(alpha0 > 0) || Double.isInfinite(alpha0)) {
            throw new IllegalArgumentException("The rival " + specName + " needs an alpha0 above 0 (its " + mapping()
                    + "), not " + Numbers.format(alpha0) + ".");
        }
        return inverse ? 1 / alpha0 : alpha0;
    }

    /** Returns its tower for an initial alpha in the text form, e.g. {@code cocob(alpha=100.0)}. */
    public String specText(double alpha0) {
        return specName + "(" + knob + "=" + Numbers.format(knobValue(alpha0)) + ")";
    }

    /**
     * Returns its tower for an initial alpha.
     *
     * @throws IllegalArgumentException when this build has no such layer, in one sentence
     */
    public TowerSpec tower(double alpha0) {
        String text = specText(alpha0);
        try {
            return TowerSpec.parse(text);
        } catch (TowerSpecException e) {
            throw new IllegalArgumentException("The rival " + specName + " cannot be built as " + text + " ("
                    + e.getMessage().replaceAll("[.\\s]+$", "") + "); leave it out of the rivals.", e);
        }
    }

    /** Returns every rival's name, comma-separated, for help and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Rival::specName).collect(Collectors.joining(","));
    }

    /**
     * Parses a comma-separated list of rival names; {@code all} is every rival, {@code none} or an
     * empty text none. Repeated names count once.
     *
     * @throws IllegalArgumentException naming the unknown name and the accepted ones
     */
    public static List<Rival> parseList(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return List.of(values());
        }
        LinkedHashSet<Rival> out = new LinkedHashSet<>();
        if (t.isEmpty() || t.equals("none")) {
            return List.of();
        }
        for (String part : t.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            out.add(Arrays.stream(values()).filter(r -> r.specName.equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("Unknown rival '" + name + "'; use all, none or some of " + names() + ".")));
        }
        return new ArrayList<>(out);
    }

    @Override
    public String toString() {
        return specName;
    }
}
