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
 * and {@code v_prev - g^2 = (v - g^2)/b2}, both reduce to dot products with four vectors the step
 * keeps: {@code dir}, {@code g/d}, {@code dir sqrt(v^)/d} and {@code dir g^2 / (sqrt(v^) d)}.
 */
final class Adam<V> extends AbstractLevel<V> {

    static final double EPS = 1e-8;

    private final boolean learnBetas;
    /** Whether a step keeps what beta1's hypergradient needs ({@code g/d}), and beta2's (two vectors). */
    private final boolean trackBeta1;
    private final boolean trackBeta2;
    private final double constantBeta1;
    private final double constantBeta2;
    private List<V> firstMoments;
    private List<V> secondMoments;
    private List<V> directions;
    private List<V> scaledGrads;
    private List<V> rootTerms;
    private List<V> squareTerms;
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
        double c2 = 1 - Math.pow(b2, t);
        List<V> out = new ArrayList<>(targets);
        List<V> ms = new ArrayList<>(targets);
        List<V> vs = new ArrayList<>(targets);
        List<V> dirs = new ArrayList<>(targets);
        List<V> gd = trackBeta1 ? new ArrayList<>(targets) : null;
        List<V> rt = trackBeta2 ? new ArrayList<>(targets) : null;
        List<V> sq = trackBeta2 ? new ArrayList<>(targets) : null;
        // Each temporary is given up as soon as it is last read (release, the ...Into operations),
        // so its memory is reused while still in cache; the arithmetic is the formulas' own.
        for (int i = 0; i < targets; i++) {
            V g = grads.get(i);
            V mPrev = firstMoments == null ? ops.full(g, 0) : firstMoments.get(i);
            V vPrev = secondMoments == null ? ops.full(g, EPS) : secondMoments.get(i);
            V g2 = ops.square(g);
            V m = combine(b1, mPrev, 1 - b1, g);
            V v = combine(b2, vPrev, 1 - b2, g2);
            if (firstMoments == null) {
                ops.release(mPrev);
                ops.release(vPrev);
            }
            V vHat = ops.scale(v, 1 / c2);
            V root = ops.sqrt(vHat);
            ops.release(vHat);
            V denom = trackBeta2 ? ops.addScalar(root, EPS) : ops.addScalarInto(root, EPS);
            V dir = ops.divInto(ops.scale(m, 1 / c1), denom);
            out.add(ops.subScaled(params.get(i), dir, alpha));
            ms.add(m);
            vs.add(v);
            dirs.add(dir);
            if (trackBeta1) {
                gd.add(ops.div(g, denom));
            }
            if (trackBeta2) {
                V dirOverDenom = ops.div(dir, denom);
                ops.release(denom);
                // dirOverDenom * (g2 / root), then dirOverDenom * root: products commute exactly
                sq.add(ops.mulInto(ops.divInto(g2, root), dirOverDenom));
                rt.add(ops.mulInto(dirOverDenom, root));
                ops.release(root);
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
            rootTerms = keepAll(rt);
            squareTerms = keepAll(sq);
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
        double[] d = ops.dots(upstream, Arrays.asList(directions, scaledGrads, rootTerms, squareTerms));
        // read once: their memory goes back while still in cache, for this step's new vectors
        directions = discardAll(directions);
        scaledGrads = discardAll(scaledGrads);
        rootTerms = discardAll(rootTerms);
        squareTerms = discardAll(squareTerms);
        double b1 = usedBeta1;
        double b2 = usedBeta2;
        double k1 = usedT * Math.pow(b1, usedT - 1) / (usedC1 * usedC1);
        double k2 = usedT * Math.pow(b2, usedT - 1) / (usedC2 * usedC2);
        // <u, dm^/db1 / d> = (1/(b1 c1) + k1) c1 <u, dir> - <u, g/d> / (b1 c1)
        double beta1 = (1 / (b1 * usedC1) + k1) * usedC1 * d[0] - d[1] / (b1 * usedC1);
        // <u, dir dv^/db2 / (sqrt(v^) d)> = (1/b2 + c2 k2) <u, dir sqrt(v^)/d> - <u, dir g^2/(sqrt(v^) d)> / (b2 c2)
        double beta2 = (1 / b2 + usedC2 * k2) * d[2] - d[3] / (b2 * usedC2);
        return new double[] {-d[0], -usedAlpha * beta1, usedAlpha / 2 * beta2};
    }
}
