package org.hypertower.playground;

import org.hypertower.tower.LayerSpec;

/**
 * The bottom level's learning-rate hypergradient in words, for the step scrubber: always
 * {@code dL/dalpha_t = -<g_t, d_{t-1}>} with {@code d} the direction the layer moves along
 * ({@code p' = p - alpha d}), which this names per layer type (see the layer classes' javadoc). The
 * standalone rivals have no learning rate learned from above, so no such formula.
 */
public final class HypergradientFormula {

    private HypergradientFormula() {}

    /** Returns the formula for a level's learning rate, e.g. {@code dL/dalpha = -<g_t, g_{t-1}>} for plain SGD. */
    public static String of(LayerSpec level) {
        return switch (level.type()) {
            case SGD -> level.value("mu") == 0 ? "dL/dalpha = -<g_t, g_{t-1}>"
                    : "dL/dalpha = -<g_t, buf_{t-1}>, buf = mu*buf + g";
            case SGD_PER_PARAM -> "dL/dalpha = -<g_t, g_{t-1}>";
            case SGD_ON_STEROIDS -> "dL/dalpha = -<g_t, buf_{t-1}>, buf = mu*buf + (1-dp)*(g + wd*p)";
            case ADAM, ADAM_BAYDIN -> "dL/dalpha = -<g_t, d_{t-1}>, d = m^/(sqrt(v^) + eps)";
            case ADAGRAD -> "dL/dalpha = -<g_t, d_{t-1}>, d = g/sqrt(G + 1e-10), G = G + g^2";
            case RMSPROP, RMSPROP_ALPHA -> "dL/dalpha = -<g_t, d_{t-1}>, d = g/sqrt(s + 1e-8), s = gamma*s + (1-gamma)*g^2";
            case DADAPT_SGD, DADAPT_ADAM, PRODIGY, DOG, SCHEDULEFREE_SGD, SCHEDULEFREE_ADAMW, COCOB ->
                    "no hypergradient: " + level.type().specName() + " adapts its own step size";
        };
    }
}
