package org.hypertower.ui;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;
import org.hypertower.export.RunStore;
import org.hypertower.ui.run.RunViewModel;

/**
 * The Hypertower workbench: opens on Iris with Adam / SGD ready, one click from a run, or as the
 * user left it (see {@link WorkbenchWindow}; the preferences file is {@link WorkbenchPreferences#defaultFile()}).
 */
public final class WorkbenchApp extends Application {

    private RunViewModel runs;
    private WorkbenchView view;
    private WorkbenchWindow window;

    @Override
    public void start(Stage stage) {
        configureEngine();
        open(stage, WorkbenchPreferences.defaultFile(), RunStore.defaultStore(),
                org.hypertower.data.DataDirs.userFolder("HYPERTOWER_EXPERIMENTS", "experiments"));
    }

    /**
     * Opens the workbench in a stage: first the {@link OpeningScene} (unless turned off), then, on
     * the FX thread once that frame is on the screen, the workbench itself in the same window;
     * PyTorch starts loading once the workbench's own first frame is laid out.
     */
    void open(Stage stage, Path preferencesFile, RunStore store, Path experimentsRoot) {
        WorkbenchPreferences.Loaded read = WorkbenchPreferences.load(preferencesFile);
        open(stage, read, () -> WorkbenchWindow.create(stage, read, preferencesFile, store, experimentsRoot));
    }

    /**
     * Opens the workbench that {@code build} makes in a stage, as {@link #open(Stage, Path, RunStore, Path)}
     * does. A workbench that fails to build behind the opening frame says so in that frame, in one
     * sentence, and on standard error, where before the window stayed on "Opening the workbench…"
     * (without the frame the failure ends the launch, which the launcher reports).
     */
    void open(Stage stage, WorkbenchPreferences.Loaded read, java.util.function.Supplier<WorkbenchWindow> build) {
        if (StartupProbe.on()) {
            stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> StartupProbe.windowShown());
        }
        if (!OpeningScene.on()) {
            openWorkbench(stage, build, true);
            return;
        }
        OpeningScene.show(stage, read.preferences());
        afterFirstFrame(stage.getScene(), () -> afterPulses(OpeningScene.PULSES_TO_SHOW, () -> {
            if (!stage.isShowing()) {
                return; // closed while opening: nothing to build, nothing to save
            }
            if (StartupProbe.on()) {
                StartupProbe.firstFrame();
            }
            try {
                openWorkbench(stage, build, false);
            } catch (RuntimeException | LinkageError e) {
                String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                String sentence = "The workbench could not open (" + why + "); close this window, and set "
                        + "HYPERTOWER_DEBUG=1 to see where.";
                System.err.println("hypertower: " + sentence);
                if (System.getenv("HYPERTOWER_DEBUG") != null) {
                    e.printStackTrace();
                }
                OpeningScene.fail(stage.getScene(), sentence);
            }
        }));
    }

    private void openWorkbench(Stage stage, java.util.function.Supplier<WorkbenchWindow> build, boolean firstFrame) {
        window = build.get();
        runs = window.runs();
        view = window.view();
        ReportOpener reports = ReportOpener.forThisMachine(getHostServices()::showDocument, text -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(text);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        }, view.experiments().messageProperty()::set);
        view.setOnOpenReport(reports::open);
        runs.setEngineLoading(true);
        afterFirstFrame(stage.getScene(), () -> {
            if (StartupProbe.on()) {
                if (firstFrame) {
                    StartupProbe.firstFrame();
                }
                StartupProbe.workbenchReady();
            }
            loadEngineBehindTheWindow(runs);
        });
        stage.show();
    }

    /**
     * Runs an action once the scene's first frame has been laid out (its first pulse after being
     * shown). The engine starts loading only then: while libtorch opens it holds the system's
     * loader lock, and the first frame's styling and drawing, which link native methods of
     * JavaFX's own for the first time, would wait for it.
     */
    static void afterFirstFrame(javafx.scene.Scene scene, Runnable action) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            javafx.application.Platform.runLater(action);
        };
        scene.addPostLayoutPulseListener(once[0]);
    }

    /**
     * Runs an action on the FX thread after a number of further pulses, the FX thread handling
     * whatever else is queued between them.
     */
    static void afterPulses(int pulses, Runnable action) {
        new javafx.animation.AnimationTimer() {
            private int seen;

            @Override
            public void handle(long now) {
                if (++seen >= pulses) {
                    stop();
                    javafx.application.Platform.runLater(action);
                }
            }
        }.start();
    }

    /**
     * Loads PyTorch's libraries once the window is up, so the first Start does not wait for them
     * (a run started before they are loaded waits on its training thread); the status bar says so.
     */
    private static void loadEngineBehindTheWindow(RunViewModel runs) {
        org.hypertower.engine.EngineLoader.preloadInBackground().thenRun(() -> javafx.application.Platform.runLater(() -> {
            runs.setEngineLoading(false);
            if (StartupProbe.on()) {
                StartupProbe.engineLoaded();
            }
        }));
    }

    /**
     * Closing the window stops the run in progress and waits until its files are written as
     * {@code stopped}, before the JVM (whose training thread is a daemon) may exit.
     */
    static void stopRunsOnClose(Stage stage, WorkbenchView view, RunViewModel runs) {
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> {
            view.dispose();
            runs.shutdown();
        });
    }

    /**
     * Sets up the engine for the window's process: PyTorch's inter-op pool (which training does not
     * use) keeps to one thread. Each run picks its own intra-op threads (see {@code
     * IntraOpThreads}: every core for the image models) on the training thread, whose lower
     * priority its PyTorch threads share, so the window keeps the processor when it needs it
     * (measured with {@code bench --ui}); an explicit setting wins. Call before the first run.
     */
    public static void configureEngine() {
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    @Override
    public void stop() {
        // also here: Platform.exit() from elsewhere ends the application without hiding the window
        if (window != null) {
            window.save();
        }
        if (view != null) {
            view.dispose();
        }
        if (runs != null) {
            runs.shutdown();
        }
    }
}
