package org.hypertower.playground;

/**
 * What the step scrubber shows at step t for the bottom level's learning rate: the one-step
 * hypergradient story. At step t the tower takes the gradient {@code g_t}; the level above first
 * moves alpha by the hypergradient {@code dL/dalpha = -<g_t, d_{t-1}>}, where {@code d_{t-1}} is
 * the direction step t-1 moved the point along ({@code p_t = p_{t-1} - alpha_{t-1} d_{t-1}}); then
 * the point moves with the new alpha. For plain SGD {@code d_{t-1} = g_{t-1}}, so
 * {@code dL/dalpha = -<g_t, g_{t-1}>}: consecutive gradients that agree raise alpha, ones that
 * disagree (an overshoot) lower it. {@link #formula} gives the selected layer's {@code d}.
 *
 * @param step the step t
 * @param key the learning rate's key, e.g. {@code 0.alpha}; empty when the bottom level learns no
 *     learning rate
 * @param gradient {@code g_t}
 * @param previousGradient {@code g_{t-1}}; null at step 0
 * @param gradientDot {@code <g_t, g_{t-1}>}; NaN at step 0
 * @param previousDirection {@code d_{t-1}}, recovered from the path as {@code (p_{t-1} - p_t) /
 *     alpha_{t-1}} (equal to {@code g_{t-1}} for plain SGD up to rounding); null at step 0 or when
 *     {@code alpha_{t-1} = 0}
 * @param hypergradient {@code dL/dalpha} the tower computed at step t (exact); NaN when nothing
 *     learns alpha, and 0 at step 0
 * @param alphaBefore alpha after step t-1 (the initial value at step 0)
 * @param alphaAfter alpha after step t: the one that moved the point at step t
 * @param alphaChange {@code alphaAfter - alphaBefore}
 * @param formula the selected layer's hypergradient in words, e.g. {@code dL/dalpha = -<g_t, g_{t-1}>}
 */
public record StepInsight(int step, String key, double[] gradient, double[] previousGradient, double gradientDot,
        double[] previousDirection, double hypergradient, double alphaBefore, double alphaAfter, double alphaChange,
        String formula) {}
