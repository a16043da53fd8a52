package org.hypertower.tower;

import java.util.List;

/**
 * The element-wise algebra the optimizer layers are written against, so that one layer class
 * updates model weights ({@link NdOps}, DJL arrays) and hyperparameters ({@link ScalarOps},
 * Java doubles) alike.
 *
 * <p>Every operation returns a new vector and leaves its operands untouched. A layer that
 * stores a vector in a field for use in a later step passes it through {@link #keep} first; the
 * implementation may release any vector not kept once the step after the one that made it
 * has ended.
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
}
