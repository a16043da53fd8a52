package org.hypertower.ui.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.hypertower.data.DatasetId;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.WorkbenchApp;
import org.hypertower.ui.WorkbenchView;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;

/**
 * The workbench window under load, measured: it opens the real window (headless on Monocle where
 * there is no display), reopens recorded runs into it, then trains an MLP on Iris and a CNN on
 * an image dataset through its Start and Stop buttons while a {@link StallProbe} records the gaps
 * between the FX thread's pulses. The entry point of {@code hypertower bench --ui}; the numbers
 * come back as plain records, so the caller needs no JavaFX.
 */
public final class UiBench {

    private static final Pattern EXAMPLES_PER_SECOND = Pattern.compile("([0-9]+) examples/s");

    /**
     * What to measure.
     *
     * @param loadedRuns folders of recorded runs to open before training
     * @param workFolder where the trained runs are written
     * @param imageDataDir a data folder holding the {@code mnist} dataset for the CNN
     * @param tower the tower both trainings use
     * @param seconds how long each training runs before Stop is pressed
     * @param screenshot where to write a PNG of the window just before the first Stop, or null
     */
    public record Settings(List<Path> loadedRuns, Path workFolder, Path imageDataDir, TowerSpec tower, double seconds,
            Path screenshot) {}

    /**
     * Percentiles of the gaps between pulses of the FX thread, in milliseconds.
     *
     * @param gaps the number of gaps recorded
     */
    public record Stalls(int gaps, double p50, double p99, double max) {}

    /**
     * One training measured.
     *
     * @param name what was trained
     * @param steps the steps it took before it stopped
     * @param examplesPerSecond its speed as the toolbar last showed it (0 when it showed none)
     * @param stopMillis from pressing Stop to the window showing the run as ended; NaN when it ended before
     * @param stalls the FX thread's pulse gaps from Start to the run's end
     */
    public record Phase(String name, int steps, double examplesPerSecond, double stopMillis, Stalls stalls) {}

    /**
     * Everything measured.
     *
     * @param loadMillis opening the recorded runs into the window
     * @param idle the pulse gaps while nothing trains (what the machine itself adds)
     * @param phases the trainings
     * @param all the pulse gaps of every training together
     */
    public record Result(double loadMillis, Stalls idle, List<Phase> phases, Stalls all) {}

    private UiBench() {}

    /**
     * Sets the system properties of a headless window (Monocle, software rendering), as the UI
     * tests do, when AWT is headless or, on Linux, no display is set; call before the toolkit
     * starts. Properties already set are kept.
     *
     * @return whether the window will be headless
     */
    public static boolean useHeadlessWindowWithoutDisplay() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        boolean noDisplay = linux && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"));
        if (!Boolean.getBoolean("java.awt.headless") && !noDisplay && !"Monocle".equals(System.getProperty("glass.platform"))) {
            return false;
        }
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("headless.geometry", "1600x1200-32");
        setIfAbsent("java.awt.headless", "true");
        return true;
    }

    /**
     * Sets up the engine as the workbench does ({@link WorkbenchApp#configureEngine}); call before
     * the first training in the process, including the runs generated for the bench.
     */
    public static void configureEngineAsTheWorkbench() {
        WorkbenchApp.configureEngine();
    }

    /** Runs the measurement; prints what it does to {@code log} as it goes. */
    public static Result run(Settings settings, Consumer<String> log) throws InterruptedException {
        // the toolkit is left running: it cannot start twice in a process, and the CLI exits anyway
        configureEngineAsTheWorkbench();
        startToolkit();
        Window window = onFx(() -> Window.open(settings.workFolder(), settings.imageDataDir()));
        try {
            long t0 = System.nanoTime();
            for (Path folder : settings.loadedRuns()) {
                onFx(() -> window.runs.open(folder));
            }
            onFx(() -> window.runs.drain());
            double loadMillis = (System.nanoTime() - t0) / 1e6;
            log.accept(String.format(Locale.ROOT, "opened %d recorded runs in %.0f ms", settings.loadedRuns().size(),
                    loadMillis));
            Thread.sleep(1000);
            // the machine's own noise: the same window with nothing training
            onFx(() -> {
                window.probe.record();
                return null;
            });
            Thread.sleep(3000);
            StallProbe.Stats quiet = onFx(window.probe::finish);
            log.accept(String.format(Locale.ROOT, "idle (nothing training): FX pulse gaps p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    quiet.p50(), quiet.p99(), quiet.max()));

            List<Phase> phases = new ArrayList<>();
            phases.add(train(window, "mlp on iris", settings.seconds(), settings.screenshot(), log, runs -> {
                runs.datasetProperty().set(DatasetId.IRIS);
                runs.modelProperty().set("paper-mlp");
                runs.hiddenProperty().set("8");
                runs.epochsProperty().set(20_000); // far longer than the bench: it ends by Stop
                runs.batchSizeProperty().set(10);
            }, settings.tower()));
            phases.add(train(window, "cnn on generated 28x28 images", settings.seconds(), null, log, runs -> {
                runs.datasetProperty().set(DatasetId.MNIST);
                runs.modelProperty().set("cnn");
                runs.epochsProperty().set(1000);
                runs.batchSizeProperty().set(32);
            }, settings.tower()));
            List<Double> every = new ArrayList<>();
            window.allGaps.forEach(every::add);
            double[] all = every.stream().mapToDouble(Double::doubleValue).toArray();
            return new Result(loadMillis, stalls(quiet), phases, stalls(StallProbe.Stats.of(all, all.length)));
        } finally {
            onFx(() -> {
                window.close();
                return null;
            });
        }
    }

    private static Phase train(Window window, String name, double seconds, Path screenshot, Consumer<String> log,
            Consumer<RunViewModel> settings, TowerSpec tower) throws InterruptedException {
        CountDownLatch firstStep = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicLong endedAt = new AtomicLong();
        AtomicReference<String> speed = new AtomicReference<>("");
        // the settings first, as a user would set them before pressing Start; only Start and the run are measured
        onFx(() -> {
            settings.accept(window.runs);
            window.tower.load(tower);
            return null;
        });
        Thread.sleep(500);
        RunData run = onFx(() -> {
            window.probe.record();
            int before = window.runs.runs().size();
            ((Button) window.view.lookup("#start")).fire();
            if (window.runs.runs().size() == before) {
                throw new IllegalStateException(name + " did not start: " + window.runs.messageProperty().get());
            }
            RunData started = window.runs.runs().get(window.runs.runs().size() - 1);
            started.versionProperty().addListener((obs, old, now) -> {
                if (started.steps() > 0) {
                    firstStep.countDown();
                }
            });
            started.endedProperty().addListener((obs, old, now) -> {
                if (now != null) {
                    endedAt.set(System.nanoTime());
                    ended.countDown();
                }
            });
            window.runs.progressProperty().addListener((obs, old, now) -> {
                if (EXAMPLES_PER_SECOND.matcher(now).find() && ended.getCount() > 0) {
                    speed.set(now);
                }
            });
            return started;
        });
        log.accept("training " + name + " (" + tower + ") for " + seconds + " s, then Stop");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (firstStep.getCount() > 0 && ended.getCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " took no step within 10 minutes");
            }
            Thread.sleep(20);
        }
        ended.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        if (screenshot != null) {
            onFx(() -> {
                javafx.scene.image.WritableImage image = window.stage.getScene().snapshot(null);
                javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png",
                        screenshot.toFile());
                window.probe.skipGap(); // the bench's own snapshot is no stall of the window
                return null;
            });
            log.accept("wrote " + screenshot);
        }
        long stopPressed = System.nanoTime();
        Platform.runLater(() -> ((Button) window.view.lookup("#stop")).fire());
        if (!ended.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(name + " did not end within 10 minutes of Stop");
        }
        // a run that ended on its own before Stop was pressed has no Stop latency
        double stopMillis = endedAt.get() < stopPressed ? Double.NaN : (endedAt.get() - stopPressed) / 1e6;
        // let the window settle: the run's last data reaches the charts
        Thread.sleep(500);
        String longest = onFx(() -> window.probe.longest(3));
        StallProbe.Stats stats = onFx(() -> {
            StallProbe.Stats s = window.probe.finish();
            for (double gap : window.probe.gaps()) {
                window.allGaps.add(gap);
            }
            return s;
        });
        int steps = onFx(run::steps);
        String how = onFx(() -> run.endedProperty().get().status().label() + ": " + run.endedProperty().get().message());
        log.accept(name + " " + how);
        Matcher m = EXAMPLES_PER_SECOND.matcher(speed.get());
        double examples = m.find() ? Double.parseDouble(m.group(1)) : 0;
        Phase phase = new Phase(name, steps, examples, stopMillis, stalls(stats));
        log.accept(String.format(Locale.ROOT, "%s: %d steps, %.0f examples/s, Stop took %.0f ms; FX pulse gaps p50 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms over %d pulses; longest: %s (seconds after Start)", name, steps, examples,
                stopMillis, stats.p50(), stats.p99(), stats.max(), stats.gaps(), longest));
        return phase;
    }

    private static Stalls stalls(StallProbe.Stats s) {
        return new Stalls(s.gaps(), s.p50(), s.p99(), s.max());
    }

    /** The workbench as {@code WorkbenchApp} builds it, on a folder of its own. */
    private static final class Window {
        final TowerBuilderViewModel tower;
        final RunViewModel runs;
        final WorkbenchView view;
        final Stage stage;
        final StallProbe probe = new StallProbe();
        final List<Double> allGaps = new ArrayList<>();

        private Window(Path folder, Path dataDir) {
            tower = new TowerBuilderViewModel(TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-05)"));
            tower.selectedProperty().set(0);
            runs = RunViewModel.withBackgroundThread(new RunStore(folder.resolve("runs")));
            // the window looks for datasets where the bench put them, as --data-dir does
            runs.dataDirProperty().set(dataDir);
            view = new WorkbenchView(tower, runs, folder.resolve("experiments"), WorkbenchView.datasets(Optional.of(dataDir)));
            // the window as users see it: the light theme and the icons
            org.hypertower.ui.WorkbenchTheme.LIGHT.apply(view);
            org.hypertower.ui.WorkbenchIcons.install(view);
            stage = new Stage();
            Scene scene = new Scene(view, 1440, 900);
            scene.getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
            stage.setTitle("Hypertower bench");
            stage.setScene(scene);
            stage.setX(0);
            stage.setY(0);
            stage.show();
            probe.start();
        }

        static Window open(Path folder, Path dataDir) {
            return new Window(folder, dataDir);
        }

        void close() {
            probe.stop();
            view.dispose();
            runs.shutdown();
            stage.close();
        }
    }

    private static void startToolkit() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException alreadyRunning) {
            up.countDown();
        }
        up.await();
        Platform.setImplicitExit(false);
    }

    private static <T> T onFx(Callable<T> action) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the window did not answer within 10 minutes", e);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
