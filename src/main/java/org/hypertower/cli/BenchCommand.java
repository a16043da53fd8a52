package org.hypertower.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hypertower.engine.Benchmark;
import org.hypertower.engine.IntraOpThreads;
import org.hypertower.model.Network;
import org.hypertower.model.Networks;
import org.hypertower.tower.TowerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hypertower bench}: the tower's cost over the plain optimizer, or the window's responsiveness under load. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times a tower and, in the same process and interleaved, the plain optimizer of its bottom level "
                + "with the same initial hyperparameters frozen, on random data shaped like Fashion-MNIST "
                + "(784 inputs, 10 classes).",
                "Resident memory includes the Java heap; to check native memory alone, run with "
                        + "HYPERTOWER_JAVA_OPTS='-Xms512m -Xmx512m -XX:+AlwaysPreTouch'.",
                "The last line is exactly overhead_ratio=R: the median over the blocks of tower ms/step / plain "
                        + "ms/step. The line before gives their mean, the ratio of the mean times, and the median "
                        + "ratio of the stepping thread's CPU time (steadier on a busy machine; with --threads 1 it "
                        + "holds all of a step's work).",
                "With --ui: opens the workbench window (headless where there is no display), opens --runs finished runs "
                        + "in it, then trains an MLP on Iris and a CNN on generated images through its Start and Stop "
                        + "buttons while recording the gaps between the FX thread's pulses; the last line is exactly "
                        + "fx_stall_max_ms=M.",
                "With --startup: starts ./hypertower again and again and times it from the process's start to the first "
                        + "step of an Iris run (with --ui: to the window's first frame on the screen); the last line is "
                        + "exactly startup_first_step_ratio=R (startup_window_ratio=R), the median over the 0.8 s (1.5 s) "
                        + "target.",
                "With --end-to-end --gdtuo PATH: one Fashion-MNIST epoch of the paper MLP 784-128-10, batch 256, as a "
                        + "process, against gdtuo's script doing the same; the last line is exactly end_to_end_ratio=R "
                        + "(hypertower's median seconds / gdtuo's)."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "mlp",
            description = "mlp (784-128-10, ReLU) or cnn (the small CNN on 1x28x28) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--tower", defaultValue = "sgd(0.01) / sgd(0.01)", paramLabel = "SPEC",
            description = "The tower (default: ${DEFAULT-VALUE}).")
    TowerSpec tower;

    @Option(names = "--steps", description = "Timed steps of each contender (default: 2000 for mlp, 200 for cnn).")
    Integer steps;

    @Option(names = "--batch-size", defaultValue = "256", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden units of the MLP (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--blocks", defaultValue = "10", description = "Interleaved timing blocks (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--warmup", defaultValue = "100", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "1",
            description = "PyTorch intra-op threads; 0 keeps the engine's default (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ui", description = "Measure the workbench window instead: FX thread stalls, speed and Stop "
            + "while runs train with other runs open.")
    boolean ui;

    @Option(names = "--runs", defaultValue = "12", paramLabel = "N",
            description = "With --ui: finished runs open in the window while it trains (default: ${DEFAULT-VALUE}); with "
                    + "--startup or --end-to-end: timed rounds (default: 10 and 3).")
    int runs;

    @Option(names = "--loaded-epochs", defaultValue = "400", paramLabel = "E",
            description = "With --ui: Iris epochs (3 steps each) of every generated finished run (default: ${DEFAULT-VALUE}).")
    int loadedEpochs;

    @Option(names = "--from", paramLabel = "DIR",
            description = "With --ui: open the recorded runs in DIR's folders (e.g. the workbench's runs folder) instead "
                    + "of generating them.")
    java.nio.file.Path from;

    @Option(names = "--seconds", defaultValue = "15", paramLabel = "S",
            description = "With --ui: how long each training runs before Stop is pressed (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--screenshot", paramLabel = "FILE",
            description = "With --ui: write a PNG of the window just before the first Stop.")
    java.nio.file.Path screenshot;

    @Option(names = "--executors", description = "Measure where experiments train instead: a 24-run Iris sweep on this "
            + "machine's pool (a process per run, persistent workers), on Spark local[2] and on a 2-worker Spark "
            + "standalone cluster started here; the wall time of each and the overhead it adds per run.")
    boolean executors;

    @Option(names = "--startup", description = "Time the launcher's start-up instead (see above).")
    boolean startup;

    @Option(names = "--end-to-end", description = "Time one Fashion-MNIST epoch against gdtuo instead (see above); "
            + "needs --gdtuo.")
    boolean endToEnd;

    @Option(names = "--gdtuo", paramLabel = "PATH", description = "With --end-to-end: a checkout of "
            + "kach/gradient-descent-the-ultimate-optimizer.")
    java.nio.file.Path gdtuo;

    @Option(names = "--threads-scaling", description = "Measure PyTorch's intra-op threads instead: the training steps "
            + "of the MLPs, the CNN and ResNet-20 at 1 thread and at --threads (default: every core, at least 2), "
            + "interleaved; the last line is exactly threads_speedup_resnet20=R.")
    boolean threadsScaling;

    @Option(names = "--executor-epochs", defaultValue = "20", paramLabel = "E",
            description = "With --executors: epochs of each run (default: ${DEFAULT-VALUE}).")
    int executorEpochs;

    @Option(names = "--loader", description = "Measure the batch loader instead: examples/s of batches gathered on the "
            + "engine (training and test split) against the training steps of every dataset and model; the last line is "
            + "exactly loader_to_step_ratio_min=R.")
    boolean loader;

    @Override
    public Integer call() throws Exception {
        if (loader) {
            if (blocks < 1 || batchSize < 1 || hidden < 1 || threads < 0) {
                throw new UsageException("--blocks, --batch-size and --hidden must be positive; --threads must not be "
                        + "negative.");
            }
            if (threads > 0) {
                IntraOpThreads.setForProcess(threads);
            }
            boolean blocksGiven = spec.commandLine().getParseResult().hasMatchedOption("--blocks");
            return new LoaderBench(spec.commandLine().getOut(), batchSize, hidden, tower, blocksGiven ? blocks : 5,
                    20_000).call();
        }
        if (startup || endToEnd) {
            var given = spec.commandLine().getParseResult();
            int rounds = given.hasMatchedOption("--runs") ? runs : startup ? 10 : 3;
            if (startup && endToEnd) {
                throw new UsageException("--startup and --end-to-end are two benchmarks; give one of them.");
            }
            if (rounds < 1 || threads < 0) {
                throw new UsageException("--runs must be at least 1 and --threads must not be negative.");
            }
            if (startup) {
                return new StartupBench(spec.commandLine().getOut(), StartupBench.launcher("--startup"), rounds, ui, tower)
                        .call();
            }
            java.nio.file.Path launcher = StartupBench.launcher("--end-to-end");
            EndToEndBench.check(launcher, gdtuo);
            return new EndToEndBench(spec.commandLine().getOut(), launcher, gdtuo, rounds, tower, threads).call();
        }
        if (executors) {
            if (executorEpochs < 1) {
                throw new UsageException("--executor-epochs must be at least 1, not " + executorEpochs + ".");
            }
            if (!ClusterDriver.inDriver()) {
                return ClusterDriver.run(spec.root().commandLine());
            }
            return new ExecutorBench(spec.commandLine().getOut(), 4, executorEpochs).call();
        }
        if (threadsScaling) {
            boolean threadsGiven = spec.commandLine().getParseResult().hasMatchedOption("--threads");
            int most = ThreadsScalingBench.defaultMany();
            if (threadsGiven && (threads < 2 || threads > most)) {
                throw new UsageException("With --threads-scaling, --threads is the count compared with 1: give 2 to " + most
                        + ", or leave it out for every core (at least 2).");
            }
            if (blocks < 1) {
                throw new UsageException("--blocks must be at least 1, not " + blocks + ".");
            }
            return new ThreadsScalingBench(spec.commandLine().getOut(), tower,
                    threadsGiven ? threads : ThreadsScalingBench.defaultMany(), blocks, 1.0).call();
        }
        if (ui) {
            boolean towerGiven = spec.commandLine().getParseResult().hasMatchedOption("--tower");
            boolean threadsGiven = spec.commandLine().getParseResult().hasMatchedOption("--threads");
            return new UiBenchRunner(spec.commandLine().getOut(), runs, loadedEpochs, from, seconds,
                    towerGiven ? tower : TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-05)"),
                    threadsGiven ? threads : -1, screenshot).call();
        }
        if (steps == null) {
            steps = model.equals("cnn") ? 200 : 2000;
        }
        if (steps < 1 || batchSize < 1 || blocks < 1 || warmup < 0 || hidden < 1 || threads < 0) {
            throw new UsageException("--steps, --batch-size, --blocks and --hidden must be positive; --warmup and "
                    + "--threads must not be negative.");
        }
        if (!model.equals("mlp") && !model.equals("cnn")) {
            throw new UsageException("Unknown --model '" + model + "'; use mlp or cnn.");
        }
        if (threads > 0) {
            IntraOpThreads.setForProcess(threads);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean cnn = model.equals("cnn");
        out.printf(Locale.ROOT, "tower: %s%nplain: %s%nmodel: %s, batch %d, %d timed steps each in %d blocks%n",
                tower, TowerSpec.of(tower.level(0)), cnn ? "cnn 32-64 on 1x28x28" : "mlp 784-" + hidden + "-10",
                batchSize, steps, blocks);
        out.flush();
        long[] shape = cnn ? new long[] {1, 28, 28} : new long[] {784};
        Benchmark.Result r = Benchmark.run(i -> network(), shape, 10, tower, steps, batchSize, blocks, warmup,
                line -> {
                    out.println(line);
                    out.flush();
                });
        out.printf(Locale.ROOT, "tower_ms_per_step=%.4f%n", r.towerMsPerStep());
        out.printf(Locale.ROOT, "plain_ms_per_step=%.4f%n", r.plainMsPerStep());
        Benchmark.MemorySample first = r.first();
        Benchmark.MemorySample last = r.last();
        out.printf(Locale.ROOT, "rss_mb_first=%.1f rss_mb_last=%.1f rss_growth=%.4f%n", first.rssMb(), last.rssMb(),
                last.rssMb() / first.rssMb() - 1);
        Benchmark.MemorySample middle = r.samples().get(r.samples().size() / 2);
        out.printf(Locale.ROOT, "rss_mb_middle=%.1f rss_growth_second_half=%.4f%n", middle.rssMb(),
                last.rssMb() / middle.rssMb() - 1);
        out.printf(Locale.ROOT, "tower_arrays_first=%d tower_arrays_last=%d%n", first.towerArrays(), last.towerArrays());
        out.printf(Locale.ROOT, "overhead_ratio_mean=%.4f overhead_ratio_of_means=%.4f overhead_ratio_cpu=%.4f%n",
                r.meanRatio(), r.ratioOfMeans(), r.cpuOverheadRatio());
        out.printf(Locale.ROOT, "overhead_ratio=%.4f%n", r.overheadRatio());
        out.flush();
        return 0;
    }

    private Network network() {
        return model.equals("cnn") ? Networks.cnn(10) : Networks.mlp(new int[] {hidden}, 10);
    }
}
