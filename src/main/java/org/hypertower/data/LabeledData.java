package org.hypertower.data;

import java.util.List;

/**
 * Labeled examples held in memory.
 *
 * @param name a short name, e.g. {@code iris}
 * @param features every example's features
 * @param exampleShape the shape of one example, e.g. {@code [4]} or {@code [1, 28, 28]}
 * @param labels the class index of each example
 * @param classNames the name of each class
 * @param normalization per-channel standardization applied to batches, or null for none
 */
public record LabeledData(String name, Features features, long[] exampleShape, int[] labels, List<String> classNames,
        Normalization normalization) {

    /** Checks that the parts agree. */
    public LabeledData {
        long width = 1;
        for (long d : exampleShape) {
            width *= d;
        }
        if (features.width() != width || features.size() != labels.length) {
            throw new IllegalArgumentException(name + ": " + features.size() + " examples of " + features.width()
                    + " values do not match " + labels.length + " labels of shape " + java.util.Arrays.toString(exampleShape));
        }
        if (normalization != null && normalization.channels() != channels(exampleShape)) {
            throw new IllegalArgumentException(name + ": normalization has " + normalization.channels() + " channels, data "
                    + channels(exampleShape));
        }
        exampleShape = exampleShape.clone();
        classNames = List.copyOf(classNames);
    }

    /** Creates float data without normalization. */
    public LabeledData(String name, float[] features, long[] exampleShape, int[] labels, List<String> classNames) {
        this(name, new Features.Floats(features, (int) product(exampleShape)), exampleShape, labels, classNames, null);
    }

    private static long product(long[] shape) {
        long p = 1;
        for (long d : shape) {
            p *= d;
        }
        return p;
    }

    /** Returns the number of channels of an example shape: C of C x H x W, else every feature. */
    static int channels(long[] exampleShape) {
        return exampleShape.length == 3 ? (int) exampleShape[0] : (int) product(exampleShape);
    }

    /** Returns the number of examples. */
    public int size() {
        return labels.length;
    }

    /** Returns the number of feature values per example. */
    public int width() {
        return features.width();
    }

    /** Returns the number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** Copies one example's values, normalized if configured, into {@code dst} at {@code offset}. */
    public void copyExample(int row, float[] dst, int offset) {
        features.copy(row, dst, offset);
        if (normalization != null) {
            normalization.apply(dst, offset, width());
        }
    }

    /** Returns the examples at the given rows, in that order. */
    public LabeledData subset(int[] rows) {
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = labels[rows[i]];
        }
        return new LabeledData(name, features.subset(rows), exampleShape, l, classNames, normalization);
    }

    /** Returns the first {@code n} examples (all when there are fewer). */
    public LabeledData limit(int n) {
        if (n >= size()) {
            return this;
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return subset(rows);
    }

    /** Returns the same examples with other labels (e.g. pseudo-labels). */
    public LabeledData withLabels(int[] newLabels) {
        return new LabeledData(name, features, exampleShape, newLabels.clone(), classNames, normalization);
    }

    /** Returns these examples followed by another set's (same shape and classes). */
    public LabeledData concat(LabeledData other) {
        if (!java.util.Arrays.equals(exampleShape, other.exampleShape)) {
            throw new IllegalArgumentException(name + ": cannot join examples of another shape");
        }
        int[] l = java.util.Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        return new LabeledData(name, features.concat(other.features), exampleShape, l, classNames, normalization);
    }

    /** Returns the same examples with a normalization applied to batches (null for none). */
    public LabeledData withNormalization(Normalization n) {
        return new LabeledData(name, features, exampleShape, labels, classNames, n);
    }
}
