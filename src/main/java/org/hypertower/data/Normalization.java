package org.hypertower.data;

/**
 * Per-channel standardization, {@code (x - mean[c]) / std[c]}, applied when batches are made.
 * Channels are the first dimension of an image's shape ({@code C x H x W}); for vector data every
 * feature is a channel.
 *
 * @param mean the mean of each channel
 * @param std the standard deviation of each channel
 */
public record Normalization(float[] mean, float[] std) {

    /** Checks that the arrays agree and every deviation is positive. */
    public Normalization {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("a channel's standard deviation must be positive, not " + s);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Returns the number of channels. */
    public int channels() {
        return mean.length;
    }

    /** Computes each channel's mean and standard deviation over a dataset's examples. */
    public static Normalization of(LabeledData data) {
        int channels = LabeledData.channels(data.exampleShape());
        int width = data.width();
        int perChannel = width / channels;
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        float[] row = new float[width];
        for (int i = 0; i < data.size(); i++) {
            data.features().copy(i, row, 0);
            for (int j = 0; j < width; j++) {
                int c = j / perChannel;
                sum[c] += row[j];
                squares[c] += (double) row[j] * row[j];
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double n = (double) data.size() * perChannel;
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            mean[c] = (float) m;
            std[c] = (float) Math.max(Math.sqrt(Math.max(squares[c] / n - m * m, 0)), 1e-6);
        }
        return new Normalization(mean, std);
    }

    /** Standardizes one example in place. */
    void apply(float[] values, int offset, int width) {
        int perChannel = width / mean.length;
        for (int j = 0; j < width; j++) {
            int c = j / perChannel;
            values[offset + j] = (values[offset + j] - mean[c]) / std[c];
        }
    }
}
