package org.hypertower.data;

import java.util.List;

/**
 * Labeled examples held in memory: features row-major in one float array, one class index per
 * example.
 *
 * @param name a short name, e.g. {@code iris}
 * @param features every example's features, example after example
 * @param exampleShape the shape of one example, e.g. {@code [4]} or {@code [1, 28, 28]}
 * @param labels the class index of each example
 * @param classNames the name of each class
 */
public record LabeledData(String name, float[] features, long[] exampleShape, int[] labels, List<String> classNames) {

    /** Checks that the arrays agree. */
    public LabeledData {
        long width = 1;
        for (long d : exampleShape) {
            width *= d;
        }
        if (features.length != width * labels.length) {
            throw new IllegalArgumentException(
                    name + ": " + features.length + " feature values do not make " + labels.length + " examples of " + width);
        }
        exampleShape = exampleShape.clone();
        classNames = List.copyOf(classNames);
    }

    /** Returns the number of examples. */
    public int size() {
        return labels.length;
    }

    /** Returns the number of feature values per example. */
    public int width() {
        return features.length / Math.max(1, labels.length);
    }

    /** Returns the number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** Returns the examples at the given rows, in that order. */
    public LabeledData subset(int[] rows) {
        int w = width();
        float[] f = new float[rows.length * w];
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(features, rows[i] * w, f, i * w, w);
            l[i] = labels[rows[i]];
        }
        return new LabeledData(name, f, exampleShape, l, classNames);
    }
}
