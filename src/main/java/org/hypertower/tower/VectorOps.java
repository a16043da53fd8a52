package org.hypertower.tower;

import java.util.List;

/**
 * The element-wise algebra the optimizer layers are written against, so that one layer class
 * updates model weights ({@link NdOps}, DJL arrays) and hyperparameters ({@link ScalarOps},
 * Java doubles) alike.
 *
 * <p>Every operation returns a new vector and leaves its operands untouched, except those named
 * {@code ...Into}, which may write their result into their first operand. A layer that stores a
 * vector in a field for use in a later step passes it through {@link #keep} first; the
 * implementation may release any vector not kept once the step after the one that made it
 * has ended, or at once when the layer says, through {@link #release} or an {@code ...Into}
 * operation, that it is done with it. The fused operations ({@link #combine}, {@link #subScaled})
 * round exactly as the operations they stand for.
 *
 * @param <V> the vector type
 */
public interface VectorOps<V> {

    /** Returns {@code a + b}. */
    V add(V a, V b);

    /** Returns {@code a - b}. */
    V sub(V a, V b);

    /** Returns {@code a * b} element-wise. */
    V mul(V a, V b);

    /** Returns {@code a / b} element-wise. */
    V div(V a, V b);

    /** Returns {@code a * s}. */
    V scale(V a, double s);

    /** Returns {@code a + s}. */
    V addScalar(V a, double s);

    /** Returns the element-wise square root. */
    V sqrt(V a);

    /** Returns the element-wise square. */
    V square(V a);

    /** Returns the element-wise absolute value. */
    V abs(V a);

    /** Returns the element-wise maximum of two vectors. */
    V max(V a, V b);

    /** Returns the sum of a vector's elements, as a double. */
    double sum(V a);

    /** Returns a vector shaped like {@code like} with every element {@code value}. */
    V full(V like, double value);

    /**
     * Returns, for each column {@code j}, {@code sum_i <a_i, columns_j_i>}: the dot product of
     * two lists of vectors taken target by target. A {@code null} entry counts as zero.
     */
    double[] dots(List<V> a, List<List<V>> columns);

    /** Marks a vector as stored across steps; returns it. */
    V keep(V v);

    /**
     * Says that a vector this step made and no layer keeps will not be used again, so an
     * implementation may free it now rather than at the end of the next step. Does nothing to a
     * kept vector, or where nothing needs freeing.
     */
    default void release(V v) {}

    /**
     * Says that a vector a layer kept in an earlier step has just been read for the last time, and
     * that nothing else holds it (no other field of the layer, not the caller), so an implementation
     * may free it now rather than when its generation ends: the memory just read is then reused,
     * still in the processor's cache, by the vectors this step makes. Does nothing to a vector kept
     * in this step, or where nothing needs freeing.
     */
    default void discard(V v) {}

    /**
     * Returns {@code a + b}, rounded as {@link #add}, possibly written into {@code a}: the caller
     * gives {@code a} up, as with {@link #release}. A kept vector is never overwritten.
     */
    default V addInto(V a, V b) {
        V out = add(a, b);
        release(a);
        return out;
    }

    /** Returns {@code a - b}, rounded as {@link #sub}, possibly written into {@code a} (see {@link #addInto}). */
    default V subInto(V a, V b) {
        V out = sub(a, b);
        release(a);
        return out;
    }

    /** Returns {@code a * b}, rounded as {@link #mul}, possibly written into {@code a} (see {@link #addInto}). */
    default V mulInto(V a, V b) {
        V out = mul(a, b);
        release(a);
        return out;
    }

    /** Returns {@code a / b}, rounded as {@link #div}, possibly written into {@code a} (see {@link #addInto}). */
    default V divInto(V a, V b) {
        V out = div(a, b);
        release(a);
        return out;
    }

    /** Returns {@code a + s}, rounded as {@link #addScalar}, possibly written into {@code a} (see {@link #addInto}). */
    default V addScalarInto(V a, double s) {
        V out = addScalar(a, s);
        release(a);
        return out;
    }

    /** Returns {@code a * x + b * y}, rounded as {@code add(scale(x, a), scale(y, b))}. */
    default V combine(double a, V x, double b, V y) {
        V ax = scale(x, a);
        V by = scale(y, b);
        V out = add(ax, by);
        release(ax);
        release(by);
        return out;
    }

    /** Returns {@code p - s * d}, rounded as {@code sub(p, scale(d, s))}: an update step. */
    default V subScaled(V p, V d, double s) {
        V sd = scale(d, s);
        V out = sub(p, sd);
        release(sd);
        return out;
    }

    /**
     * Adam's element-wise step for one target in one pass, where the implementation has a kernel
     * for it; null where it has not, and the layer composes the step from the operations above.
     * The kernel rounds exactly as that composition does (see {@link Adam#step}).
     *
     * @param p the weights
     * @param g their gradient
     * @param mPrev the first moment, null before the first step (zeros); given up by the caller,
     *     the kernel may write the new one into it
     * @param vPrev the second moment, null before the first step ({@code eps} everywhere); likewise
     * @param keep which of the vectors hypergradients read to return
     */
    default AdamStep<V> adam(V p, V g, V mPrev, V vPrev, AdamFactors factors, AdamKeep keep) {
        return null;
    }

    /**
     * Which vectors an Adam step returns for its hypergradients.
     *
     * @param dir {@code m^/d}, for alpha's (and beta1's)
     * @param scaledGrad {@code g/d}, for beta1's
     * @param varianceTerm beta2's vector
     */
    record AdamKeep(boolean dir, boolean scaledGrad, boolean varianceTerm) {}

    /** What {@link #adam} returns: the new weights and moments, and the vectors asked to keep (else null). */
    record AdamStep<V>(V params, V m, V v, V dir, V scaledGrad, V varianceTerm) {}

    /**
     * The scalars of one Adam step, each exactly as the composed step passes it to an operation.
     *
     * @param b1 beta1, for {@code m = b1 mPrev + (1 - b1) g}
     * @param b2 beta2, likewise for v
     * @param vHatScale {@code 1 / c2}
     * @param eps added to the root
     * @param mHatScale {@code 1 / c1}
     * @param alpha the step size
     * @param varianceScale {@code 1 + t b2^t / c2}, for beta2's vector
     */
    record AdamFactors(double b1, double b2, double vHatScale, double eps, double mHatScale, double alpha,
            double varianceScale) {}
}
