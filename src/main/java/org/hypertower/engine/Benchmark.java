package org.hypertower.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.hypertower.model.Network;
import org.hypertower.tower.TowerSpec;

/**
 * Times a tower against the plain optimizer of its bottom level with the same initial
 * hyperparameters frozen (a one-level tower: no hypergradients), in one process, in interleaved
 * blocks so both see the same machine conditions, on random data. Each block gives a ratio of its
 * own; the figure is their median, which a burst of load from other processes during a few blocks
 * does not move.
 */
public final class Benchmark {

    private Benchmark() {}

    /**
     * What a benchmark measured.
     *
     * @param steps the timed steps of each contender
     * @param towerMsPerStep the tower's mean milliseconds per step
     * @param plainMsPerStep the plain optimizer's mean milliseconds per step
     * @param blockRatios each block's tower time divided by its plain time, in block order
     * @param cpuBlockRatios the same with the CPU time of the stepping thread instead of wall time,
     *     which time other processes take from it does not count in (all of a step's work with one
     *     PyTorch thread; empty where the JVM cannot tell)
     * @param samples memory after warm-up and after each block
     */
    public record Result(long steps, double towerMsPerStep, double plainMsPerStep, List<Double> blockRatios,
            List<Double> cpuBlockRatios, List<MemorySample> samples) {

        /** Returns the median of the blocks' ratios (the mean of the middle two for an even count). */
        public double overheadRatio() {
            return median(blockRatios);
        }

        /** Returns the median of the blocks' CPU-time ratios, NaN where there are none. */
        public double cpuOverheadRatio() {
            return median(cpuBlockRatios);
        }

        private static double median(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            if (n == 0) {
                return Double.NaN;
            }
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        /** Returns the mean of the blocks' ratios. */
        public double meanRatio() {
            return blockRatios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** Returns the tower's mean time per step divided by the plain optimizer's. */
        public double ratioOfMeans() {
            return towerMsPerStep / plainMsPerStep;
        }

        /** Returns the first memory sample (after warm-up). */
        public MemorySample first() {
            return samples.get(0);
        }

        /** Returns the last memory sample. */
        public MemorySample last() {
            return samples.get(samples.size() - 1);
        }
    }

    /**
     * The process's memory at one moment.
     *
     * <p>Resident memory includes the Java heap, which grows as the JVM sees fit; to read native
     * growth alone, run with a fixed, pre-touched heap ({@code -Xms512m -Xmx512m
     * -XX:+AlwaysPreTouch}).
     *
     * @param rssMb resident memory in MiB (NaN where the platform does not tell)
     * @param towerArrays the DJL arrays the tower's trainer holds open
     */
    public record MemorySample(double rssMb, int towerArrays) {

        static MemorySample take(NDManager towerManager) {
            return new MemorySample(Benchmark.rssMb(), towerManager.getManagedArrays().size());
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param networks makes a fresh, uninitialized network of the benchmarked architecture (called
     *     twice)
     * @param inputShape the shape of one example, e.g. {@code [784]}
     * @param classes the number of classes
     * @param tower the tower
     * @param steps timed steps per contender
     * @param batchSize examples per step
     * @param blocks how many interleaved blocks to split the steps into
     * @param warmup untimed steps per contender before timing
     * @param log receives a line per block
     */
    public static Result run(IntFunction<Network> networks, long[] inputShape, int classes, TowerSpec tower, int steps,
            int batchSize, int blocks, int warmup, Consumer<String> log) {
        TowerSpec plain = TowerSpec.of(tower.level(0));
        long[] shape = new long[inputShape.length + 1];
        shape[0] = batchSize;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        try (NDManager towerManager = NDManager.newBaseManager();
                NDManager plainManager = NDManager.newBaseManager();
                NDManager dataManager = NDManager.newBaseManager()) {
            List<NDArray[]> batches = randomBatches(dataManager, new Shape(shape), classes, 8);
            Network towerNet = networks.apply(0);
            Network plainNet = networks.apply(1);
            towerNet.initialize(towerManager, DataType.FLOAT32, new Shape(shape), 1);
            plainNet.initialize(plainManager, DataType.FLOAT32, new Shape(shape), 1);
            try (TowerTrainer towerTrainer = new TowerTrainer(towerNet, tower, towerManager);
                    TowerTrainer plainTrainer = new TowerTrainer(plainNet, plain, plainManager)) {
                time(towerTrainer, batches, warmup);
                time(plainTrainer, batches, warmup);
                List<MemorySample> samples = new ArrayList<>();
                samples.add(MemorySample.take(towerManager));
                int perBlock = Math.max(1, steps / blocks);
                long towerNanos = 0;
                long plainNanos = 0;
                List<Double> ratios = new ArrayList<>();
                List<Double> cpuRatios = new ArrayList<>();
                for (int b = 0; b < blocks; b++) {
                    long[] t;
                    long[] p;
                    if (b % 2 == 0) {
                        t = times(towerTrainer, batches, perBlock);
                        p = times(plainTrainer, batches, perBlock);
                    } else {
                        p = times(plainTrainer, batches, perBlock);
                        t = times(towerTrainer, batches, perBlock);
                    }
                    towerNanos += t[0];
                    plainNanos += p[0];
                    ratios.add((double) t[0] / p[0]);
                    if (t[1] > 0 && p[1] > 0) {
                        cpuRatios.add((double) t[1] / p[1]);
                    }
                    MemorySample m = MemorySample.take(towerManager);
                    samples.add(m);
                    log.accept(String.format(java.util.Locale.ROOT,
                            "block %d/%d: tower %.3f ms/step, plain %.3f ms/step, ratio %.4f, rss %.1f MiB, tower arrays %d",
                            b + 1, blocks, t[0] / 1e6 / perBlock, p[0] / 1e6 / perBlock, (double) t[0] / p[0], m.rssMb(),
                            m.towerArrays()));
                }
                long timed = (long) perBlock * blocks;
                return new Result(timed, towerNanos / 1e6 / timed, plainNanos / 1e6 / timed, List.copyOf(ratios),
                        List.copyOf(cpuRatios), samples);
            }
        }
    }

    /** Returns the nanoseconds {@code steps} training steps take, over the batches in turn. */
    static long time(TowerTrainer trainer, List<NDArray[]> batches, int steps) {
        return times(trainer, batches, steps)[0];
    }

    /** Returns the wall time and the thread's CPU time (0 where unknown) of some steps, in nanoseconds. */
    private static long[] times(TowerTrainer trainer, List<NDArray[]> batches, int steps) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long startCpu = cpu ? threads.getCurrentThreadCpuTime() : 0;
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            NDArray[] batch = batches.get(s % batches.size());
            TowerTrainer.BatchResult r = trainer.step(batch[0], batch[1]);
            if (!Double.isFinite(r.loss())) {
                throw new IllegalStateException("the benchmarked tower diverged; use smaller learning rates");
            }
        }
        long wall = System.nanoTime() - start;
        return new long[] {wall, cpu ? threads.getCurrentThreadCpuTime() - startCpu : 0};
    }

    /** Returns {@code count} batches of uniform random examples in [0, 1) and random labels, seeded. */
    static List<NDArray[]> randomBatches(NDManager manager, Shape shape, int classes, int count) {
        SplittableRandom random = new SplittableRandom(7);
        List<NDArray[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[(int) shape.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextDouble();
            }
            long[] y = new long[(int) shape.get(0)];
            for (int j = 0; j < y.length; j++) {
                y[j] = random.nextInt(classes);
            }
            out.add(new NDArray[] {manager.create(x, shape).duplicate(), manager.create(y).duplicate()});
        }
        return out;
    }

    /** Returns the process's resident memory in MiB, NaN where the platform does not tell. */
    static double rssMb() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // memory figures are informative only
        }
        return Double.NaN;
    }
}
