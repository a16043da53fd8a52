package org.hypertower.playground;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hypertower.tower.Numbers;

/**
 * A loss over two weights {@code (x, y)}, in double precision: the 2-D playground's problems. Each
 * has a text form, {@code NAME(PARAM=VALUE, ...)} with every parameter named, that {@link #parse}
 * reads and {@link #toString} writes back.
 *
 * <p>Gradients reach a path through a {@link Gradients} source made for that path: exact for
 * every objective but {@link NoisyQuadratic}, whose source adds seeded Gaussian noise, the same
 * sequence for every path made with the same seed (so towers compare on the same noise).
 */
public sealed interface Objective {

    /** Returns the objective's name in the text form, e.g. {@code quadratic}. */
    String name();

    /** Returns the parameters in the order of the text form, by name. */
    Map<String, Double> parameters();

    /** Returns the objective (the noiseless loss) at a point. */
    double value(double x, double y);

    /** Returns the exact gradient at a point, {@code {dL/dx, dL/dy}}. */
    double[] gradient(double x, double y);

    /**
     * Returns a fresh source of the gradients one path sees, in the order the path asks for them.
     *
     * @param seed the noise's seed; ignored by noiseless objectives
     */
    default Gradients gradients(long seed) {
        return this::gradient;
    }

    /** Returns whether the gradients carry noise (and so depend on the seed). */
    default boolean noisy() {
        return false;
    }

    /**
     * Reads the text form, e.g. {@code quadratic(a=1, b=10)}.
     *
     * @throws ObjectiveException naming the problem in one sentence: an unknown objective or
     *     parameter, a missing, repeated, non-finite or out-of-range value, or malformed text
     */
    static Objective parse(String text) {
        return ObjectiveParser.parse(text);
    }

    /** Returns the names of the objectives, with an example of each, for help and errors. */
    static List<String> examples() {
        return List.of("quadratic(a=1, b=10)", "rosenbrock(a=1, b=100)", "saddle(a=1, b=1)",
                "noisy_quadratic(a=1, b=10, sigma=0.5)");
    }

    /** Gives the gradients of one path, one call per step. */
    @FunctionalInterface
    interface Gradients {
        /** Returns the gradient the path uses at a point, {@code {dL/dx, dL/dy}}. */
        double[] at(double x, double y);
    }

    /**
     * A long valley when {@code a} and {@code b} differ: {@code L = (a x^2 + b y^2) / 2}.
     *
     * @param a curvature along x, {@code > 0}
     * @param b curvature along y, {@code > 0}
     */
    record Quadratic(double a, double b) implements Objective {

        @Override
        public String name() {
            return "quadratic";
        }

        @Override
        public Map<String, Double> parameters() {
            return ordered("a", a, "b", b);
        }

        @Override
        public double value(double x, double y) {
            return 0.5 * (a * x * x + b * y * y);
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {a * x, b * y};
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * The curved valley of Rosenbrock: {@code L = (a - x)^2 + b (y - x^2)^2}, least at {@code (a, a^2)}.
     *
     * @param a the valley's position, any finite number
     * @param b the steepness of the valley's walls, {@code > 0}
     */
    record Rosenbrock(double a, double b) implements Objective {

        @Override
        public String name() {
            return "rosenbrock";
        }

        @Override
        public Map<String, Double> parameters() {
            return ordered("a", a, "b", b);
        }

        @Override
        public double value(double x, double y) {
            double r = y - x * x;
            return (a - x) * (a - x) + b * r * r;
        }

        @Override
        public double[] gradient(double x, double y) {
            double r = y - x * x;
            return new double[] {-2 * (a - x) - 4 * b * x * r, 2 * b * r};
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * A saddle at the origin, unbounded below along y: {@code L = (a x^2 - b y^2) / 2}.
     *
     * @param a curvature along x, {@code > 0}
     * @param b negative curvature along y, {@code > 0}
     */
    record Saddle(double a, double b) implements Objective {

        @Override
        public String name() {
            return "saddle";
        }

        @Override
        public Map<String, Double> parameters() {
            return ordered("a", a, "b", b);
        }

        @Override
        public double value(double x, double y) {
            return 0.5 * (a * x * x - b * y * y);
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {a * x, -b * y};
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    /**
     * {@link Quadratic} whose gradients carry noise, as a minibatch's do: the gradient at step t is
     * the exact one plus {@code sigma * (n_x, n_y)}, with {@code n} standard normal, drawn x then y
     * from {@code java.util.Random(seed)}, whose sequence Java specifies (reproducible everywhere).
     * The loss reported is the noiseless one.
     *
     * @param a curvature along x, {@code > 0}
     * @param b curvature along y, {@code > 0}
     * @param sigma the noise's standard deviation, {@code >= 0}
     */
    record NoisyQuadratic(double a, double b, double sigma) implements Objective {

        @Override
        public String name() {
            return "noisy_quadratic";
        }

        @Override
        public Map<String, Double> parameters() {
            Map<String, Double> p = ordered("a", a, "b", b);
            p.put("sigma", sigma);
            return p;
        }

        @Override
        public double value(double x, double y) {
            return 0.5 * (a * x * x + b * y * y);
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {a * x, b * y};
        }

        @Override
        public Gradients gradients(long seed) {
            Random noise = new Random(seed);
            return (x, y) -> {
                double nx = noise.nextGaussian();
                double ny = noise.nextGaussian();
                return new double[] {a * x + sigma * nx, b * y + sigma * ny};
            };
        }

        @Override
        public boolean noisy() {
            return true;
        }

        @Override
        public String toString() {
            return text(this);
        }
    }

    private static Map<String, Double> ordered(String k1, double v1, String k2, double v2) {
        Map<String, Double> p = new java.util.LinkedHashMap<>();
        p.put(k1, v1);
        p.put(k2, v2);
        return p;
    }

    private static String text(Objective o) {
        StringBuilder sb = new StringBuilder(o.name()).append('(');
        String sep = "";
        for (Map.Entry<String, Double> e : o.parameters().entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(Numbers.format(e.getValue()));
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
