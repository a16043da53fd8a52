package org.hypertower.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.hypertower.data.SyntheticImages;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.IntraOpThreads;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.export.RunFolder;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.bench.UiBench;

/**
 * {@code hypertower bench --ui}: prepares finished runs and an image dataset in a temporary
 * folder, hands them to the window's measurement ({@link UiBench}) and prints its numbers.
 */
final class UiBenchRunner {

    /** The towers of generated runs, in turn: towers and their plain baselines. */
    private static final List<String> TOWERS = List.of("adam(alpha=0.001) / sgd(alpha=1e-05)", "adam(alpha=0.001)",
            "sgd(alpha=0.01) / sgd(alpha=0.0001)", "sgd(alpha=0.01)", "rmsprop(alpha=0.01) / sgd(alpha=0.0001)",
            "rmsprop(alpha=0.01)");

    private final PrintWriter out;
    private final int runs;
    private final int loadedEpochs;
    private final Path from;
    private final double seconds;
    private final TowerSpec tower;
    private final int threads;
    private final Path screenshot;

    UiBenchRunner(PrintWriter out, int runs, int loadedEpochs, Path from, double seconds, TowerSpec tower, int threads,
            Path screenshot) {
        this.screenshot = screenshot;
        this.out = out;
        this.runs = runs;
        this.loadedEpochs = loadedEpochs;
        this.from = from;
        this.seconds = seconds;
        this.tower = tower;
        this.threads = threads;
    }

    Integer call() {
        if (runs < 0 || loadedEpochs < 1 || !(seconds > 0 && seconds <= 3600)) {
            throw new UsageException("--runs must not be negative, --loaded-epochs must be positive and --seconds "
                    + "between 0 and 3600 (exclusive of 0).");
        }
        if (from != null && !Files.isDirectory(from)) {
            throw new UsageException("--from " + from + " is not a folder; give a folder holding run folders.");
        }
        if (threads > 0) {
            IntraOpThreads.setForProcess(threads);
        }
        UiBench.configureEngineAsTheWorkbench();
        boolean headless = UiBench.useHeadlessWindowWithoutDisplay();
        Path work;
        try {
            work = Files.createTempDirectory("hypertower-bench-ui-");
        } catch (IOException e) {
            throw new RunFailure("Cannot create a temporary folder for the bench: " + e.getMessage());
        }
        try {
            say("window: " + (headless ? "headless (Monocle, software rendering)" : "on the display"));
            Path data = SyntheticImages.writeMnist(work.resolve("data"), 4096, 512, 1);
            List<Path> loaded = from != null ? recorded(from) : generate(work.resolve("loaded"));
            UiBench.Result result = UiBench.run(new UiBench.Settings(loaded, work, data, tower, seconds, screenshot), this::say);
            for (UiBench.Phase p : result.phases()) {
                out.printf(Locale.ROOT, "phase=%s steps=%d examples_per_s=%.0f stop_ms=%.0f fx_p50_ms=%.1f fx_p99_ms=%.1f "
                        + "fx_max_ms=%.1f%n", p.name().replace(' ', '_'), p.steps(), p.examplesPerSecond(), p.stopMillis(),
                        p.stalls().p50(), p.stalls().p99(), p.stalls().max());
            }
            UiBench.Stalls all = result.all();
            out.printf(Locale.ROOT, "runs_loaded=%d load_ms=%.0f idle_fx_p99_ms=%.1f idle_fx_max_ms=%.1f%n", loaded.size(),
                    result.loadMillis(), result.idle().p99(), result.idle().max());
            out.printf(Locale.ROOT, "fx_pulses=%d fx_stall_p50_ms=%.1f fx_stall_p99_ms=%.1f%n", all.gaps(), all.p50(),
                    all.p99());
            out.printf(Locale.ROOT, "stop_ms_max=%.0f%n",
                    result.phases().stream().mapToDouble(UiBench.Phase::stopMillis).filter(Double::isFinite).max()
                            .orElse(Double.NaN));
            out.printf(Locale.ROOT, "fx_stall_max_ms=%.0f%n", all.max());
            out.flush();
            return 0;
        } catch (IOException e) {
            throw new RunFailure("The bench could not write its files in " + work + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("The bench was interrupted.");
        } finally {
            deleteQuietly(work);
        }
    }

    private List<Path> recorded(Path folder) throws IOException {
        List<Path> found;
        try (Stream<Path> list = Files.list(folder)) {
            found = list.filter(p -> Files.isRegularFile(p.resolve("run.json"))).sorted().limit(runs).toList();
        }
        if (found.size() < runs) {
            say("--from " + folder + " holds " + found.size() + " runs; opening those");
        }
        return found;
    }

    private List<Path> generate(Path folder) throws IOException {
        List<Path> done = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            TowerSpec spec = TowerSpec.parse(TOWERS.get(i % TOWERS.size()));
            RunConfig config = new RunConfig(DataConfig.iris(0.2), "paper-mlp", new int[] {8}, spec, loadedEpochs, 10, i,
                    "float32", "cpu", false);
            Path dir = Files.createDirectories(folder.resolve(String.format(Locale.ROOT, "%02d-%s", i + 1,
                    spec.toString().replaceAll("[^A-Za-z0-9.]+", "_"))));
            long t0 = System.nanoTime();
            try (RunFolder runFolder = RunFolder.open(dir, RunFolder.IfHoldsRun.REFUSE)) {
                RunEnded ended = runFolder.record(RunFactory.create(config), config, new RunListener() { });
                say(String.format(Locale.ROOT, "generated finished run %d of %d: %s, %d steps, %s (%.1f s)", i + 1, runs,
                        spec, ended.steps(), ended.status().label(), (System.nanoTime() - t0) / 1e9));
            }
            done.add(dir);
        }
        return done;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
