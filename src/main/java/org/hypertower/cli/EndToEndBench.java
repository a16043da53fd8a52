package org.hypertower.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hypertower.data.DataLocator;
import org.hypertower.data.DatasetId;
import org.hypertower.tower.TowerSpec;

/**
 * {@code bench --end-to-end}: one Fashion-MNIST epoch of the papers' MLP (784-128-10, batch 256)
 * with a tower, as a whole process from its start to its exit, against gdtuo doing the same work in
 * Python ({@code src/test/python/gdtuo_epoch.py}, with gdtuo's own code from a checkout): each
 * round runs both once, in alternating order, after one untimed round; both get the same PyTorch
 * threads. Reports where Hypertower's time went (start-up to the first step, the steps, the rest:
 * evaluation, files, exit) and gdtuo's (its own account). The last line is
 * {@code end_to_end_ratio=R}: Hypertower's median wall time over gdtuo's.
 */
final class EndToEndBench {

    private final PrintWriter out;
    private final Path launcher;
    private final Path gdtuo;
    private final int rounds;
    private final TowerSpec tower;
    private final int threads;

    /**
     * @param threads PyTorch intra-op threads of both (0: each keeps its default)
     */
    EndToEndBench(PrintWriter out, Path launcher, Path gdtuo, int rounds, TowerSpec tower, int threads) {
        this.out = out;
        this.launcher = launcher;
        this.gdtuo = gdtuo;
        this.rounds = rounds;
        this.tower = tower;
        this.threads = threads;
    }

    /** Returns the script beside the launcher, in the source tree it builds from. */
    static Path script(Path launcher) {
        return launcher.toAbsolutePath().getParent().resolve("src/test/python/gdtuo_epoch.py");
    }

    /**
     * Checks what the bench needs before anything runs.
     *
     * @throws UsageException saying what is missing and how to get it
     */
    static void check(Path launcher, Path gdtuo) {
        if (gdtuo == null) {
            throw new UsageException("bench --end-to-end needs --gdtuo PATH, a checkout of gdtuo: git clone "
                    + "https://github.com/kach/gradient-descent-the-ultimate-optimizer.");
        }
        if (!Files.isDirectory(gdtuo)) {
            throw new UsageException("--gdtuo " + gdtuo + " is not a folder; give a checkout of gdtuo (git clone "
                    + "https://github.com/kach/gradient-descent-the-ultimate-optimizer).");
        }
        if (!Files.isRegularFile(script(launcher))) {
            throw new UsageException("bench --end-to-end runs " + script(launcher) + ", which is not there; run it from "
                    + "a source checkout of Hypertower.");
        }
    }

    int call() throws IOException, InterruptedException {
        Path data = new DataLocator(Optional.empty()).locate(DatasetId.FASHION_MNIST);
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        out.printf(Locale.ROOT, "end to end: one Fashion-MNIST epoch, paper MLP 784-128-10, batch 256, tower %s, %s; "
                + "%d rounds after one untimed round%n", tower, threads > 0 ? threads + " PyTorch thread(s) each"
                        : "PyTorch's default threads", rounds);
        out.flush();
        Path root = Files.createTempDirectory("hypertower-end-to-end-bench-");
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        try {
            for (int round = -1; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    boolean hypertower = Math.floorMod(round + k, 2) == 0;
                    if (hypertower) {
                        double s = hypertower(root, data, round >= 0);
                        if (round >= 0) {
                            ours.add(s);
                        }
                    } else {
                        double s = gdtuo(root, data, python, round >= 0);
                        if (round >= 0) {
                            theirs.add(s);
                        }
                    }
                }
            }
        } finally {
            org.hypertower.experiment.RemoteRuns.delete(root);
        }
        double a = StartupBench.median(ours.stream().mapToDouble(Double::doubleValue).toArray());
        double b = StartupBench.median(theirs.stream().mapToDouble(Double::doubleValue).toArray());
        out.printf(Locale.ROOT, "%nmedian process seconds: hypertower %.3f, gdtuo %.3f%n", a, b);
        out.println("(ratio: hypertower's median wall time / gdtuo's; at most 1 means no slower)");
        out.printf(Locale.ROOT, "end_to_end_ratio=%.4f%n", a / b);
        out.flush();
        return 0;
    }

    private double hypertower(Path root, Path data, boolean timed) throws IOException, InterruptedException {
        Path dir = root.resolve("run");
        List<String> command = List.of(launcher.toString(), "train", "--dataset", "fashion-mnist", "--data-dir",
                data.toString(), "--model", "paper-mlp", "--hidden", "128", "--batch-size", "256", "--epochs", "1",
                "--tower", tower.toString(), "--out", dir.toString(), "--replace", "--quiet");
        ProcessBuilder b = new ProcessBuilder(command);
        if (threads > 0) {
            String opts = b.environment().getOrDefault("HYPERTOWER_JAVA_OPTS", "") + " -Dai.djl.pytorch.num_threads="
                    + threads + " -Dai.djl.pytorch.num_interop_threads=1";
            b.environment().put("HYPERTOWER_JAVA_OPTS", opts.strip());
        }
        StartupBench.Finished f = StartupBench.finish("hypertower train", b, root);
        if (timed) {
            JsonNode run = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
            double first = run.path("startup").path("first_step_seconds").asDouble(Double.NaN);
            JsonNode t = run.path("throughput");
            double examples = t.path("examples").asDouble(Double.NaN);
            double steps = examples / t.path("step_examples_per_second").asDouble(Double.NaN);
            double loader = examples / t.path("loader_examples_per_second").asDouble(Double.NaN);
            out.printf(Locale.ROOT, "hypertower %.3f s: start to first step %.2f, steps %.2f + batches %.2f, the rest "
                    + "(evaluation, files, exit) %.2f; test accuracy %.4f%n", f.wallSeconds(), first, steps, loader,
                    f.wallSeconds() - first - steps - loader, run.path("final").path("test_accuracy").asDouble(Double.NaN));
            out.flush();
        }
        return f.wallSeconds();
    }

    private double gdtuo(Path root, Path data, String python, boolean timed) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(python, script(launcher).toString(), "--gdtuo", gdtuo.toString(), "--tower",
                tower.toString(), "--threads", Integer.toString(threads), "--data-dir", data.toString());
        StartupBench.withoutLaunchersPreload(b.environment());
        StartupBench.Finished f;
        try {
            f = StartupBench.finish("gdtuo_epoch.py", b, root);
        } catch (RunFailure e) {
            throw new UsageException(e.getMessage());
        }
        if (timed) {
            // e.g. that its torch multiplies matrices with the reference BLAS, which makes the comparison unfair
            f.stdout().lines().filter(l -> l.startsWith("warning:")).forEach(l -> out.println("gdtuo " + l));
            String account = f.stdout().lines().filter(l -> l.startsWith("seconds:")).findFirst().orElse("");
            out.printf(Locale.ROOT, "gdtuo      %.3f s: %s; test accuracy %.4f%n", f.wallSeconds(),
                    account.replaceFirst("^seconds: ", "").replaceFirst(" \\(since.*", ""),
                    StartupBench.figure(f.stdout(), "test_accuracy"));
            out.flush();
        }
        return f.wallSeconds();
    }
}
