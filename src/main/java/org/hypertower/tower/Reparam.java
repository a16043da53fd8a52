package org.hypertower.tower;

/**
 * How a learned hyperparameter is stored: the level above optimizes the stored (raw) value,
 * the layer uses the effective one. Users always see effective values.
 */
public enum Reparam {
    /** Stored as is. */
    IDENTITY {
        @Override
        public double toEffective(double raw) {
            return raw;
        }

        @Override
        public double toRaw(double effective) {
            return effective;
        }

        @Override
        public double derivative(double raw) {
            return 1;
        }
    },
    /** Stored as its square root (RMSProp's alpha in the reference). */
    SQUARE {
        @Override
        public double toEffective(double raw) {
            return raw * raw;
        }

        @Override
        public double toRaw(double effective) {
            return Math.sqrt(effective);
        }

        @Override
        public double derivative(double raw) {
            return 2 * raw;
        }
    },
    /** Stored as {@code atanh(2b - 1)}, used as {@code (tanh(x) + 1) / 2}: keeps b in (0, 1). */
    TANH_UNIT {
        @Override
        public double toEffective(double raw) {
            return (Math.tanh(raw) + 1) / 2;
        }

        @Override
        public double toRaw(double effective) {
            double z = 2 * effective - 1;
            return 0.5 * Math.log((1 + z) / (1 - z));
        }

        @Override
        public double derivative(double raw) {
            double t = Math.tanh(raw);
            return (1 - t * t) / 2;
        }
    };

    /** Returns the value the layer uses for a stored value. */
    public abstract double toEffective(double raw);

    /** Returns the stored value for an effective one. */
    public abstract double toRaw(double effective);

    /** Returns d(effective)/d(raw) at a stored value. */
    public abstract double derivative(double raw);
}
