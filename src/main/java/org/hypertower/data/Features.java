package org.hypertower.data;

/**
 * The feature values of a dataset's examples, example after example: floats, or unsigned bytes
 * (image pixels) read as {@code value / 255} exactly as torchvision's {@code ToTensor} does, so a
 * 60,000-image dataset takes a quarter of the memory.
 */
public sealed interface Features permits Features.Floats, Features.Pixels {

    /** Returns the number of values per example. */
    int width();

    /** Returns the number of examples. */
    int size();

    /** Copies one example's values, as floats, into {@code dst} at {@code offset}. */
    void copy(int row, float[] dst, int offset);

    /** Returns the examples at the given rows, in that order. */
    Features subset(int[] rows);

    /** Returns these examples followed by another set's (of the same kind and width). */
    Features concat(Features other);

    /** Returns every value as floats, example after example (for small data and tests). */
    default float[] toFloatArray() {
        float[] out = new float[size() * width()];
        for (int i = 0; i < size(); i++) {
            copy(i, out, i * width());
        }
        return out;
    }

    /**
     * Float features.
     *
     * @param values every example's values
     * @param width values per example
     */
    record Floats(float[] values, int width) implements Features {

        @Override
        public int size() {
            return width == 0 ? 0 : values.length / width;
        }

        @Override
        public void copy(int row, float[] dst, int offset) {
            System.arraycopy(values, row * width, dst, offset, width);
        }

        @Override
        public Features subset(int[] rows) {
            float[] out = new float[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(values, rows[i] * width, out, i * width, width);
            }
            return new Floats(out, width);
        }

        @Override
        public Features concat(Features other) {
            if (!(other instanceof Floats o) || o.width != width) {
                throw new IllegalArgumentException("cannot join float features with " + other);
            }
            float[] out = java.util.Arrays.copyOf(values, values.length + o.values.length);
            System.arraycopy(o.values, 0, out, values.length, o.values.length);
            return new Floats(out, width);
        }
    }

    /**
     * 8-bit pixels, read as {@code value / 255}.
     *
     * @param values every example's pixels, unsigned
     * @param width pixels per example
     */
    record Pixels(byte[] values, int width) implements Features {

        private static final float[] SCALE = new float[256];

        static {
            for (int i = 0; i < 256; i++) {
                SCALE[i] = i / 255f;
            }
        }

        @Override
        public int size() {
            return width == 0 ? 0 : values.length / width;
        }

        @Override
        public void copy(int row, float[] dst, int offset) {
            int start = row * width;
            for (int i = 0; i < width; i++) {
                dst[offset + i] = SCALE[values[start + i] & 0xFF];
            }
        }

        @Override
        public Features subset(int[] rows) {
            byte[] out = new byte[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(values, rows[i] * width, out, i * width, width);
            }
            return new Pixels(out, width);
        }

        @Override
        public Features concat(Features other) {
            if (!(other instanceof Pixels o) || o.width != width) {
                throw new IllegalArgumentException("cannot join pixel features with " + other);
            }
            byte[] out = java.util.Arrays.copyOf(values, values.length + o.values.length);
            System.arraycopy(o.values, 0, out, values.length, o.values.length);
            return new Pixels(out, width);
        }
    }
}
