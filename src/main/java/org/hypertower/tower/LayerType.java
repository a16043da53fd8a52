package org.hypertower.tower;

import static org.hypertower.tower.HyperparameterDef.constant;
import static org.hypertower.tower.HyperparameterDef.learned;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hypertower.tower.HyperparameterDef.Range;

/**
 * The optimizer layers a tower is built from, with the arguments each accepts. Their update rules
 * are in the classes that implement them ({@link Sgd}, {@link SgdOnSteroids}, {@link Adam},
 * {@link Adagrad}, {@link RmsProp}, {@link SgdPerParam}).
 */
public enum LayerType {
    SGD(
            "sgd",
            "Stochastic gradient descent, with momentum when mu starts non-zero.",
            "p' = p - alpha * buf,  buf = mu * buf + g",
            learned("alpha", 0.01, "learning rate", Reparam.IDENTITY, Range.NON_NEGATIVE),
            learned("mu", 0.0, "momentum; 0 turns momentum off for the whole run", Reparam.IDENTITY,
                    Range.UNIT_HALF_OPEN)),
    SGD_ON_STEROIDS(
            "sgd_on_steroids",
            "SGD with learned learning rate, momentum, weight decay and dampening (Optimizing Optimization).",
            "g' = g + wd * p,  buf = mu * buf + (1 - dp) * g',  p' = p - alpha * buf",
            learned("alpha", 0.01, "learning rate", Reparam.IDENTITY, Range.NON_NEGATIVE),
            learned("mu", 0.0, "momentum", Reparam.IDENTITY, Range.UNIT_HALF_OPEN),
            learned("wd", 0.0, "weight decay", Reparam.IDENTITY, Range.NON_NEGATIVE),
            learned("dp", 0.0, "dampening of the momentum buffer", Reparam.IDENTITY, Range.UNIT_CLOSED)),
    ADAM(
            "adam",
            "Adam with learned learning rate and both betas (Chandra et al.).",
            "m = b1 m + (1-b1) g,  v = b2 v + (1-b2) g^2,  p' = p - alpha * m^ / (sqrt(v^) + eps)",
            learned("alpha", 0.001, "learning rate", Reparam.IDENTITY, Range.NON_NEGATIVE),
            learned("beta1", 0.9, "decay of the first moment", Reparam.TANH_UNIT, Range.UNIT_OPEN),
            learned("beta2", 0.999, "decay of the second moment", Reparam.TANH_UNIT, Range.UNIT_OPEN)),
    ADAM_BAYDIN(
            "adam_baydin",
            "Adam with only the learning rate learned (Baydin et al.).",
            "as adam, with beta1 and beta2 held constant",
            learned("alpha", 0.001, "learning rate", Reparam.IDENTITY, Range.NON_NEGATIVE),
            constant("beta1", 0.9, "decay of the first moment (constant)", Range.UNIT_OPEN),
            constant("beta2", 0.999, "decay of the second moment (constant)", Range.UNIT_OPEN)),
    ADAGRAD(
            "adagrad",
            "AdaGrad with a learned learning rate.",
            "G = G + g^2,  p' = p - alpha * g / sqrt(G + 1e-10)",
            learned("alpha", 0.01, "learning rate", Reparam.IDENTITY, Range.NON_NEGATIVE)),
    RMSPROP(
            "rmsprop",
            "RMSProp with learned learning rate and decay.",
            "s = gamma s + (1-gamma) g^2,  p' = p - alpha * g / sqrt(s + 1e-8)",
            learned("alpha", 0.01, "learning rate", Reparam.SQUARE, Range.NON_NEGATIVE),
            learned("gamma", 0.99, "decay of the squared-gradient average", Reparam.TANH_UNIT,
                    Range.UNIT_OPEN)),
    RMSPROP_ALPHA(
            "rmsprop_alpha",
            "RMSProp with only the learning rate learned.",
            "as rmsprop, with gamma held constant",
            learned("alpha", 0.01, "learning rate", Reparam.SQUARE, Range.NON_NEGATIVE),
            constant("gamma", 0.99, "decay of the squared-gradient average (constant)", Range.UNIT_OPEN)),
    SGD_PER_PARAM(
            "sgd_per_param",
            "SGD with one learned learning rate per parameter tensor.",
            "p_i' = p_i - alpha_i * g_i",
            learned("alpha", 0.01, "initial learning rate of every tensor", Reparam.IDENTITY,
                    Range.NON_NEGATIVE));

    private final String specName;
    private final String description;
    private final String formula;
    private final List<HyperparameterDef> arguments;

    LayerType(String specName, String description, String formula, HyperparameterDef... arguments) {
        this.specName = specName;
        this.description = description;
        this.formula = formula;
        this.arguments = List.of(arguments);
    }

    /** Returns the name used in tower specs, e.g. {@code sgd_on_steroids}. */
    public String specName() {
        return specName;
    }

    /** Returns a one-line description. */
    public String description() {
        return description;
    }

    /** Returns the update rule in one line of plain text. */
    public String formula() {
        return formula;
    }

    /** Returns the arguments this layer accepts, in their canonical order. */
    public List<HyperparameterDef> arguments() {
        return arguments;
    }

    /** Returns the argument of that name, if this layer accepts it. */
    public Optional<HyperparameterDef> argument(String name) {
        return arguments.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Returns the layer type with that spec name, if any (case-insensitive). */
    public static Optional<LayerType> bySpecName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.specName.equals(lower)).findFirst();
    }

    /** Returns every spec name, comma-separated, for error messages and help. */
    public static String specNames() {
        return Arrays.stream(values()).map(LayerType::specName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return specName;
    }
}
