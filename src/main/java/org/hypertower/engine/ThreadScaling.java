package org.hypertower.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.hypertower.model.Network;
import org.hypertower.tower.TowerSpec;

/**
 * Times one model's training steps with different intra-op thread counts, in one process and on
 * one trainer, in interleaved blocks so that every count sees the same machine conditions, on
 * random data. The counts change between blocks on the calling thread ({@link
 * IntraOpThreads#useOnThisThread}), which is left as it was found.
 */
public final class ThreadScaling {

    private ThreadScaling() {}

    /**
     * What was measured, for each thread count in the order given.
     *
     * @param threads the thread counts
     * @param steps the timed steps of each count
     * @param examplesPerSecond the examples trained per second of each count, over all its blocks
     * @param cpuPerWall the process's processor time per second of wall time while each count
     *     trained (about the cores it kept busy; NaN where the JVM does not tell)
     * @param medianSpeedup the median over the blocks of the last count's examples per second
     *     divided by the first's
     */
    public record Result(int[] threads, long steps, double[] examplesPerSecond, double[] cpuPerWall,
            double medianSpeedup) {}

    /**
     * Runs the measurement.
     *
     * @param network the model, not yet initialized
     * @param inputShape the shape of one example, e.g. {@code [3, 32, 32]}
     * @param classes the number of classes
     * @param tower the tower it trains with
     * @param batchSize examples per step
     * @param threads the thread counts to compare, at least two
     * @param blocks how many timed blocks each count gets
     * @param blockSeconds about how long one block lasts (its steps are set from the warm-up)
     * @param log receives a line per block
     */
    public static Result run(Network network, long[] inputShape, int classes, TowerSpec tower, int batchSize,
            int[] threads, int blocks, double blockSeconds, Consumer<String> log) {
        if (threads.length < 2 || blocks < 1 || batchSize < 1) {
            throw new IllegalArgumentException("compare at least two thread counts over at least one block");
        }
        long[] shape = new long[inputShape.length + 1];
        shape[0] = batchSize;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        int before = IntraOpThreads.ofThisThread();
        try (NDManager manager = NDManager.newBaseManager(); NDManager dataManager = NDManager.newBaseManager()) {
            List<NDArray[]> batches = Benchmark.randomBatches(dataManager, new Shape(shape), classes, 4);
            network.initialize(manager, DataType.FLOAT32, new Shape(shape), 1);
            try (TowerTrainer trainer = new TowerTrainer(network, tower, manager)) {
                // warm-up: every count once (PyTorch starts its threads, the JIT compiles), then
                // the slowest's time per step sets the steps of a block
                double slowest = 0;
                for (int t : threads) {
                    IntraOpThreads.useOnThisThread(t);
                    Benchmark.time(trainer, batches, 1);
                    slowest = Math.max(slowest, Benchmark.time(trainer, batches, 2) / 2e9);
                }
                int perBlock = (int) Math.max(1, Math.round(blockSeconds / slowest));
                long[] nanos = new long[threads.length];
                long[] cpu = new long[threads.length];
                double[] ratios = new double[blocks];
                for (int b = 0; b < blocks; b++) {
                    long[] blockNanos = new long[threads.length];
                    for (int k = 0; k < threads.length; k++) {
                        // alternate the order, so no count always follows the same one
                        int i = b % 2 == 0 ? k : threads.length - 1 - k;
                        IntraOpThreads.useOnThisThread(threads[i]);
                        long cpu0 = processCpuNanos();
                        blockNanos[i] = Benchmark.time(trainer, batches, perBlock);
                        cpu[i] += processCpuNanos() - cpu0;
                        nanos[i] += blockNanos[i];
                    }
                    ratios[b] = (double) blockNanos[0] / blockNanos[threads.length - 1];
                    StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "block %d/%d:", b + 1,
                            blocks));
                    for (int i = 0; i < threads.length; i++) {
                        line.append(String.format(java.util.Locale.ROOT, " %d thread%s %.0f examples/s", threads[i],
                                threads[i] == 1 ? "" : "s", (double) perBlock * batchSize / (blockNanos[i] / 1e9)));
                    }
                    log.accept(line.toString());
                }
                long steps = (long) perBlock * blocks;
                double[] rate = new double[threads.length];
                double[] cpuPerWall = new double[threads.length];
                for (int i = 0; i < threads.length; i++) {
                    rate[i] = steps * batchSize / (nanos[i] / 1e9);
                    cpuPerWall[i] = processCpuNanos() < 0 ? Double.NaN : (double) cpu[i] / nanos[i];
                }
                Arrays.sort(ratios);
                double median = blocks % 2 == 1 ? ratios[blocks / 2] : (ratios[blocks / 2 - 1] + ratios[blocks / 2]) / 2;
                return new Result(threads.clone(), steps, rate, cpuPerWall, median);
            }
        } finally {
            if (before > 0) {
                IntraOpThreads.useOnThisThread(before);
            }
        }
    }

    /** The processor time of the whole process (every thread, PyTorch's included), or -1 where the JVM does not tell. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
