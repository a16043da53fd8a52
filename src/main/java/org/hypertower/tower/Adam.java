package org.hypertower.tower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adam (Kingma and Ba) with a learned learning rate and, for {@code adam}, learned betas
 * (Chandra et al.); {@code adam_baydin} learns only alpha (Baydin et al., "Online Learning Rate
 * Adaptation with Hypergradient Descent").
 *
 * <p>{@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2} with m starting at 0 and v at eps
 * = 1e-8, {@code m^ = m / (1 - b1^t)}, {@code v^ = v / (1 - b2^t)}, {@code p' = p - alpha m^ /
 * (sqrt(v^) + eps)}. The betas are stored as {@code atanh(2b - 1)}.
 *
 * <p>Hypergradients, with {@code d = sqrt(v^) + eps} and {@code dir = m^/d}: {@code dL/dalpha =
 * -<u, dir>}; {@code dL/db1 = -alpha <u, (dm^/db1) / d>} with {@code dm^/db1 = (m_prev - g)/c1 +
 * m t b1^(t-1)/c1^2}; {@code dL/db2 = (alpha/2) <u, dir (dv^/db2) / (sqrt(v^) d)>} with
 * {@code dv^/db2 = (v_prev - g^2)/c2 + v t b2^(t-1)/c2^2}. Since {@code m_prev - g = (m - g)/b1}
 * and {@code v_prev - g^2 = (v - g^2)/b2}, beta1's reduces to dot products with {@code dir} and
 * {@code g/d}, and beta2's to {@code <u, dir ((1 + t b2^t/c2) v - g^2) / (sqrt(v^) d)> / (b2 c2)}:
 * a step keeps three vectors, one per hyperparameter. Beta2's is one vector rather than two
 * dotted apart because every scalar factor is known when the step is taken: one fewer vector
 * written, kept and read, which the profile showed to be the tower's main cost.
 */
final class Adam<V> extends AbstractLevel<V> {

    static final double EPS = 1e-8;

    private final boolean learnBetas;
    /** Whether a step keeps what beta1's hypergradient needs ({@code g/d}), and beta2's. */
    private final boolean trackBeta1;
    private final boolean trackBeta2;
    private final double constantBeta1;
    private final double constantBeta2;
    private List<V> firstMoments;
    private List<V> secondMoments;
    private List<V> directions;
    private List<V> scaledGrads;
    private List<V> varianceTerms;
    private double usedAlpha;
    private double usedBeta1;
    private double usedBeta2;
    private double usedC1;
    private double usedC2;
    private int usedT;

    Adam(LayerSpec spec, VectorOps<V> ops, int targets, boolean tracked) {
        super(spec, ops, targets, tracked);
        this.learnBetas = spec.type() == LayerType.ADAM;
        this.constantBeta1 = spec.value("beta1");
        this.constantBeta2 = spec.value("beta2");
        this.trackBeta1 = learnBetas && learns("beta1");
        this.trackBeta2 = learnBetas && learns("beta2");
    }

    @Override
    public List<V> step(List<V> params, List<V> grads) {
        int t = steps + 1;
        double alpha = effective("alpha");
        double b1 = learnBetas ? effective("beta1") : constantBeta1;
        double b2 = learnBetas ? effective("beta2") : constantBeta2;
        double c1 = 1 - Math.pow(b1, t);
        double b2t = Math.pow(b2, t);
        double c2 = 1 - b2t;
        List<V> out = new ArrayList<>(targets);
        List<V> ms = new ArrayList<>(targets);
        List<V> vs = new ArrayList<>(targets);
        List<V> dirs = new ArrayList<>(targets);
        List<V> gd = trackBeta1 ? new ArrayList<>(targets) : null;
        List<V> vt = trackBeta2 ? new ArrayList<>(targets) : null;
        // Each temporary is given up as soon as it is last read (release, the ...Into operations),
        // so its memory is reused while still in cache; the arithmetic is the formulas' own.
        VectorOps.AdamFactors factors = new VectorOps.AdamFactors(b1, b2, 1 / c2, EPS, 1 / c1, alpha,
                1 + t * b2t / c2);
        VectorOps.AdamKeep keep = new VectorOps.AdamKeep(tracked, trackBeta1, trackBeta2);
        for (int i = 0; i < targets; i++) {
            V g = grads.get(i);
            VectorOps.AdamStep<V> fused = ops.adam(params.get(i), g, firstMoments == null ? null : firstMoments.get(i),
                    secondMoments == null ? null : secondMoments.get(i), factors, keep);
            if (fused != null) {
                out.add(fused.params());
                ms.add(fused.m());
                vs.add(fused.v());
                if (tracked) {
                    dirs.add(fused.dir());
                }
                if (trackBeta1) {
                    gd.add(fused.scaledGrad());
                }
                if (trackBeta2) {
                    vt.add(fused.varianceTerm());
                }
                continue;
            }
            V mPrev = firstMoments == null ? ops.full(g, 0) : firstMoments.get(i);
            V vPrev = secondMoments == null ? ops.full(g, EPS) : secondMoments.get(i);
            V g2 = ops.square(g);
            V m = combine(b1, mPrev, 1 - b1, g);
            V v = combine(b2, vPrev, 1 - b2, g2);
            if (firstMoments == null) {
                ops.release(mPrev);
                ops.release(vPrev);
            }
            V vHat = ops.scale(v, factors.vHatScale());
            V root = ops.sqrt(vHat);
            ops.release(vHat);
            V denom = trackBeta2 ? ops.addScalar(root, EPS) : ops.addScalarInto(root, EPS);
            V dir = ops.divInto(ops.scale(m, factors.mHatScale()), denom);
            out.add(ops.subScaled(params.get(i), dir, alpha));
            ms.add(m);
            vs.add(v);
            dirs.add(dir);
            if (trackBeta1) {
                gd.add(ops.div(g, denom));
            }
            if (trackBeta2) {
                // dir ((1 + t b2^t/c2) v - g^2) / (sqrt(v^) d): beta2's vector without its factor 1/(b2 c2)
                V x = ops.mulInto(ops.subInto(ops.scale(v, factors.varianceScale()), g2), dir);
                ops.release(g2);
                V rootDenom = ops.mulInto(denom, root);
                ops.release(root);
                vt.add(ops.divInto(x, rootDenom));
                ops.release(rootDenom);
            } else {
                ops.release(denom);
                ops.release(g2);
            }
            if (!tracked) {
                ops.release(dir);
            }
        }
        firstMoments = keepAll(ms);
        secondMoments = keepAll(vs);
        if (tracked) {
            directions = keepAll(dirs);
            scaledGrads = keepAll(gd);
            varianceTerms = keepAll(vt);
            usedAlpha = alpha;
            usedBeta1 = b1;
            usedBeta2 = b2;
            usedC1 = c1;
            usedC2 = c2;
            usedT = t;
        }
        steps++;
        return out;
    }

    @Override
    protected double[] allHypergradients(List<V> upstream) {
        if (!learnBetas) {
            if (steps == 0) {
                return new double[1];
            }
            double d = ops.dots(upstream, List.of(directions))[0];
            directions = discardAll(directions);
            return new double[] {-d};
        }
        if (steps == 0) {
            return new double[3];
        }
        double[] d = ops.dots(upstream, Arrays.asList(directions, scaledGrads, varianceTerms));
        // read once: their memory goes back while still in cache, for this step's new vectors
        directions = discardAll(directions);
        scaledGrads = discardAll(scaledGrads);
        varianceTerms = discardAll(varianceTerms);
        double b1 = usedBeta1;
        double k1 = usedT * Math.pow(b1, usedT - 1) / (usedC1 * usedC1);
        // <u, dm^/db1 / d> = (1/(b1 c1) + k1) c1 <u, dir> - <u, g/d> / (b1 c1)
        double beta1 = (1 / (b1 * usedC1) + k1) * usedC1 * d[0] - d[1] / (b1 * usedC1);
        double beta2 = d[2] / (usedBeta2 * usedC2);
        return new double[] {-d[0], -usedAlpha * beta1, usedAlpha / 2 * beta2};
    }
}
