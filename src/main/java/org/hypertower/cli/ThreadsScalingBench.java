package org.hypertower.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hypertower.engine.IntraOpThreads;
import org.hypertower.engine.ThreadScaling;
import org.hypertower.model.Network;
import org.hypertower.model.Networks;
import org.hypertower.model.ResNet20;
import org.hypertower.tower.TowerSpec;

/**
 * {@code bench --threads-scaling}: each model's training steps at one PyTorch thread and at more
 * (every core, at least two), interleaved in one process ({@link ThreadScaling}), on random data
 * shaped like its dataset: the papers' MLP on Iris and the MLP on Fashion-MNIST, whose default is
 * one thread, and the CNN and ResNet-20, whose default is every core. A line per model; the last
 * line is exactly {@code threads_speedup_resnet20=R}.
 */
final class ThreadsScalingBench {

    /** One benchmarked model. */
    private record Case(String name, String input, Supplier<Network> network, long[] shape, int classes, int batchSize) {}

    private static final List<Case> CASES = List.of(
            new Case("paper-mlp", "iris 4-8-3", () -> Networks.paperMlp(new int[] {8}, 3), new long[] {4}, 3, 10),
            new Case("mlp", "784-128-10", () -> Networks.mlp(new int[] {128}, 10), new long[] {784}, 10, 256),
            new Case("cnn", "1x28x28", () -> Networks.cnn(10), new long[] {1, 28, 28}, 10, 128),
            new Case("resnet20", "3x32x32", () -> ResNet20.build(10), new long[] {3, 32, 32}, 10, 128));

    private final PrintWriter out;
    private final TowerSpec tower;
    private final int many;
    private final int blocks;
    private final double blockSeconds;

    /**
     * @param many the thread count compared with one (at least 2)
     * @param blocks timed blocks of each count
     * @param blockSeconds about how long a block lasts
     */
    ThreadsScalingBench(PrintWriter out, TowerSpec tower, int many, int blocks, double blockSeconds) {
        this.out = out;
        this.tower = tower;
        this.many = many;
        this.blocks = blocks;
        this.blockSeconds = blockSeconds;
    }

    /** Returns the count compared with one thread: every core, and at least two. */
    static int defaultMany() {
        return Math.max(2, IntraOpThreads.cores());
    }

    int call() {
        int[] threads = {1, many};
        say(String.format(Locale.ROOT, "threads: 1 against %d on %d cores, tower %s, %d interleaved blocks of about "
                + "%.1f s each", many, IntraOpThreads.cores(), tower, blocks, blockSeconds));
        double resnet = Double.NaN;
        for (Case c : CASES) {
            say("model " + c.name() + " (" + c.input() + ", batch " + c.batchSize() + "):");
            ThreadScaling.Result r = ThreadScaling.run(c.network().get(), c.shape(), c.classes(), tower, c.batchSize(),
                    threads, blocks, blockSeconds, line -> say("  " + line));
            out.printf(Locale.ROOT, "model=%s input=%s batch=%d default_threads=%d threads=%s examples_per_s=%s "
                    + "cpu_per_wall=%s speedup=%.3f%n", c.name(), c.input().replace(' ', '_'), c.batchSize(),
                    IntraOpThreads.defaultFor(c.name()), join(r.threads()), join(r.examplesPerSecond(), "%.0f"),
                    join(r.cpuPerWall(), "%.2f"), r.medianSpeedup());
            out.flush();
            if (c.name().equals("resnet20")) {
                resnet = r.medianSpeedup();
            }
        }
        out.println("(speedup: the median over the blocks of examples/s at " + many + " threads / at 1 thread; "
                + "cpu_per_wall: the cores the process kept busy)");
        out.printf(Locale.ROOT, "threads_speedup_resnet20=%.4f%n", resnet);
        out.flush();
        return 0;
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private static String join(double[] values, String format) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining(","));
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
