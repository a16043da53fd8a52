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
 * {@link Adagrad}, {@link RmsProp}, {@link SgdPerParam}), and for the {@link #standalone()} rivals
 * in {@link DAdaptSgd}, {@link DAdaptAdam}, {@link Prodigy}, {@link Dog}, {@link ScheduleFree} and
 * {@link Cocob}.
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
                    Range.NON_NEGATIVE)),
    DADAPT_SGD(
            "dadapt_sgd",
            "D-Adaptation SGD: adapts its step size d from the distance travelled (Defazio & Mishchenko); alone only.",
            "lambda = d lr / ||g0||,  s = s + lambda g,  d = max(d, 2 N / ||s||),  p' = x0 - s",
            "d",
            constant("d0", 1e-6, "initial distance estimate d: the length of the first step", Range.POSITIVE),
            constant("lr", 1.0, "multiplier on the adapted step size", Range.NON_NEGATIVE),
            constant("momentum", 0.0, "momentum, as primal averaging", Range.UNIT_HALF_OPEN),
            constant("wd", 0.0, "weight decay, added to the gradient (coupled L2)", Range.NON_NEGATIVE)),
    DADAPT_ADAM(
            "dadapt_adam",
            "D-Adaptation Adam: Adam whose step size d adapts itself (Defazio & Mishchenko); alone only.",
            "m = b1 m + d lr (1-b1) g,  s = sqrt(b2) s + d lr (1-sqrt(b2)) g,  d = max(d, N / ((1-sqrt(b2)) ||s||_1)),  "
                    + "p' = p - m / (sqrt(v) + eps)",
            "d",
            constant("d0", 1e-6, "initial distance estimate d", Range.POSITIVE),
            constant("lr", 1.0, "multiplier on the adapted step size", Range.NON_NEGATIVE),
            constant("beta1", 0.9, "decay of the first moment", Range.UNIT_HALF_OPEN),
            constant("beta2", 0.999, "decay of the second moment", Range.UNIT_HALF_OPEN),
            constant("eps", 1e-8, "added to the root of the second moment", Range.POSITIVE),
            constant("wd", 0.0, "weight decay, added to the gradient (coupled L2)", Range.NON_NEGATIVE)),
    PRODIGY(
            "prodigy",
            "Prodigy: Adam whose step size d adapts itself (Mishchenko & Defazio); alone only.",
            "m = b1 m + d (1-b1) g,  v = b2 v + d^2 (1-b2) g^2,  d = max(d, d_coef N / ||s||_1),  "
                    + "p' = p - d lr m / (sqrt(v) + d eps)",
            "d",
            constant("d0", 1e-6, "initial distance estimate d", Range.POSITIVE),
            constant("lr", 1.0, "multiplier on the adapted step size", Range.NON_NEGATIVE),
            constant("beta1", 0.9, "decay of the first moment", Range.UNIT_HALF_OPEN),
            constant("beta2", 0.999, "decay of the second moment; beta3 = sqrt(beta2)", Range.UNIT_HALF_OPEN),
            constant("d_coef", 1.0, "multiplier on the distance estimate", Range.POSITIVE),
            constant("wd", 0.0, "weight decay, decoupled (AdamW)", Range.NON_NEGATIVE)),
    DOG(
            "dog",
            "DoG, distance over gradients: SGD with step size max distance / root of summed squared gradients (Ivgi "
                    + "et al.); evaluated at its polynomial average; alone only.",
            "rbar = max(rbar, ||p - x0||),  G = G + ||g||^2,  eta = rbar / sqrt(G),  p' = p - eta g",
            "eta",
            constant("reps_rel", 1e-6, "first step's length relative to 1 + ||x0||", Range.POSITIVE),
            constant("wd", 0.0, "weight decay, added to the gradient (coupled L2)", Range.NON_NEGATIVE)),
    SCHEDULEFREE_SGD(
            "schedulefree_sgd",
            "Schedule-Free SGD (Defazio et al.): gradients at y, evaluation at the average x; alone only.",
            "z = z - lr (g + wd y),  x = (1-c) x + c z,  y = beta x + (1-beta) z,  c = 1/(k+1)",
            "",
            constant("lr", 1.0, "learning rate", Range.NON_NEGATIVE),
            constant("beta", 0.9, "interpolation between the average x and the iterate z", Range.UNIT_HALF_OPEN),
            constant("wd", 0.0, "weight decay, added to the gradient at y", Range.NON_NEGATIVE)),
    SCHEDULEFREE_ADAMW(
            "schedulefree_adamw",
            "Schedule-Free AdamW (Defazio et al.): gradients at y, evaluation at the average x; alone only.",
            "v = b2 v + (1-b2) g^2,  z = z - lr (g / (sqrt(v / (1-b2^k)) + eps) + wd y),  x = (1-c) x + c z,  "
                    + "y = b1 x + (1-b1) z",
            "",
            constant("lr", 0.0025, "learning rate", Range.NON_NEGATIVE),
            constant("beta1", 0.9, "interpolation between the average x and the iterate z", Range.UNIT_HALF_OPEN),
            constant("beta2", 0.999, "decay of the second moment", Range.UNIT_HALF_OPEN),
            constant("eps", 1e-8, "added to the root of the second moment", Range.POSITIVE),
            constant("wd", 0.0, "weight decay, decoupled and scaled by lr", Range.NON_NEGATIVE)),
    COCOB(
            "cocob",
            "COCOB-Backprop: coin betting, no learning rate at all (Orabona & Tommasi); alone only.",
            "L = max(L, |g|),  G = G + g,  A = A + |g|,  R = max(R - g w, 0),  w = -G (R + L) / (L max(A + L, alpha L)),  "
                    + "p' = x0 + w",
            "",
            constant("alpha", 100.0, "1/alpha is the first step per weight; also a warm-up length", Range.POSITIVE));

    private final String specName;
    private final String description;
    private final String formula;
    private final List<HyperparameterDef> arguments;
    /** For a layer that adapts its own step size: the name of the scalar it adapts, or empty; else null. */
    private final String adapted;

    LayerType(String specName, String description, String formula, HyperparameterDef... arguments) {
        this(specName, description, formula, null, arguments);
    }

    LayerType(String specName, String description, String formula, String adapted, HyperparameterDef... arguments) {
        this.specName = specName;
        this.description = description;
        this.formula = formula;
        this.adapted = adapted;
        this.arguments = List.of(arguments);
    }

    /**
     * Returns whether this layer adapts its own step size, so that it can only be used alone: a
     * level above it would need the hypergradient of its arguments, which nobody has derived, and
     * its step is not one a level below could learn. These are the "rivals" the towers are compared
     * with (D-Adaptation, Prodigy, DoG, Schedule-Free, COCOB).
     */
    public boolean standalone() {
        return adapted != null;
    }

    /**
     * Returns the name of the scalar a {@link #standalone()} layer adapts and reports each step like
     * a learned hyperparameter ({@code d} for D-Adaptation and Prodigy, {@code eta} for DoG), if any.
     */
    public Optional<String> adaptedScalar() {
        return adapted == null || adapted.isEmpty() ? Optional.empty() : Optional.of(adapted);
    }

    /**
     * Returns what to change when a {@link #standalone()} layer diverges, e.g. {@code lower d0 or
     * lr}: the argument that sets its first steps. Empty for the tower layers, whose advice names
     * the levels' alphas.
     */
    public Optional<String> standaloneAdvice() {
        if (!standalone()) {
            return Optional.empty();
        }
        return Optional.of(switch (this) {
            case DOG -> "lower reps_rel";
            case SCHEDULEFREE_SGD, SCHEDULEFREE_ADAMW -> "lower lr";
            case COCOB -> "raise alpha";
            default -> "lower d0 or lr";
        });
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
