package org.hypertower.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.hypertower.export.RunStore;
import org.hypertower.files.FileErrors;
import org.hypertower.tower.TowerPreset;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;

/**
 * The workbench in its window, as the user left it: the preferences file is read before the window
 * opens (the theme, the window's place and size, the builder's divider, the last tower, the run
 * settings, demo mode) and written when the window closes and whenever the theme changes. A file
 * that cannot be read starts the defaults and says so in one sentence in the status bar. The
 * training pace is not kept: every start trains at full speed.
 */
public final class WorkbenchWindow {

    /** The window's title. */
    static final String TITLE = "Hypertower — hyperoptimizer towers";

    private final Stage stage;
    private final Path preferencesFile;
    private final TowerBuilderViewModel tower;
    private final RunViewModel runs;
    private final WorkbenchView view;
    private final ObjectProperty<WorkbenchTheme> theme = new SimpleObjectProperty<>(WorkbenchTheme.LIGHT);
    private final WorkbenchPreferences loaded;
    /** The window's bounds while neither maximized nor iconified: what a restart restores. */
    private Rectangle2D normal;
    /** The preferences as they stood at most two seconds ago: what the process saves when it is ended (SIGTERM, logout). */
    private volatile WorkbenchPreferences lastSeen;
    private final Thread saveAtExit = new Thread(this::saveLastSeen, "hypertower-save-settings");

    private WorkbenchWindow(Stage stage, WorkbenchPreferences.Loaded read, Path preferencesFile, RunStore store,
            Path experimentsRoot) {
        this.stage = stage;
        this.preferencesFile = preferencesFile;
        loaded = read.preferences();
        String towerProblem = null;
        TowerSpec start = TowerPreset.ADAM_SGD.spec();
        if (!loaded.tower().isBlank()) {
            try {
                start = TowerSpec.parse(loaded.tower());
            } catch (IllegalArgumentException e) {
                towerProblem = "The tower left last time ('" + loaded.tower() + "') is not valid (" + e.getMessage()
                        + "); the workbench starts with " + start + ".";
            }
        }
        tower = new TowerBuilderViewModel(start);
        tower.selectedProperty().set(0);
        runs = RunViewModel.withBackgroundThread(store);
        RunSettingsMemory.apply(loaded.settings(), runs);
        view = new WorkbenchView(tower, runs, experimentsRoot);
        WorkbenchIcons.install(view);
        view.addMenu(new ViewMenu(theme, view.demo()));
        view.towerBuilder().setDivider(loaded.builderDivider());
        // demo mode as it was left (a projector stays a projector); the pace always starts at full speed
        view.demo().demoModeProperty().set(loaded.demo());
        theme.set(WorkbenchTheme.named(loaded.theme()));
        theme.get().apply(view);
        theme.addListener((obs, old, now) -> {
            now.apply(view);
            save();
        });

        normal = putInStage(stage, view, loaded, WorkbenchApp.class.getResource("workbench.css").toExternalForm());
        for (var p : List.of(stage.xProperty(), stage.yProperty(), stage.widthProperty(), stage.heightProperty())) {
            p.addListener(obs -> rememberBounds());
        }
        stage.addEventHandler(WindowEvent.WINDOW_HIDING, e -> save());
        // a process ended without closing the window still keeps what was set: read off the FX thread's
        // state every two seconds, written by a shutdown hook (no FX call there: the toolkit may be gone)
        javafx.animation.Timeline watch = new javafx.animation.Timeline(
                new javafx.animation.KeyFrame(javafx.util.Duration.seconds(2), e -> lastSeen = preferences()));
        watch.setCycleCount(javafx.animation.Animation.INDEFINITE);
        watch.play();
        Runtime.getRuntime().addShutdownHook(saveAtExit);
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            watch.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(saveAtExit); // saved on hiding
            } catch (IllegalStateException exiting) {
                // the hook is running or has run
            }
        });
        WorkbenchApp.stopRunsOnClose(stage, view, runs);
        for (String problem : new String[] {read.problem(), towerProblem}) {
            if (problem != null) {
                view.post(problem);
            }
        }
    }

    /**
     * Builds the workbench in a stage (not yet shown) on the preferences in a file.
     *
     * @param preferencesFile where the preferences are read from and saved to
     * @param store where runs are written
     * @param experimentsRoot where experiments are written
     */
    public static WorkbenchWindow create(Stage stage, Path preferencesFile, RunStore store, Path experimentsRoot) {
        return create(stage, WorkbenchPreferences.load(preferencesFile), preferencesFile, store, experimentsRoot);
    }

    /**
     * Builds the workbench in a stage, shown or not, on preferences already read from their file
     * (the window's opening frame read them to open where the workbench will).
     */
    static WorkbenchWindow create(Stage stage, WorkbenchPreferences.Loaded read, Path preferencesFile, RunStore store,
            Path experimentsRoot) {
        return new WorkbenchWindow(stage, read, preferencesFile, store, experimentsRoot);
    }

    /** Returns the window's content. */
    public WorkbenchView view() {
        return view;
    }

    /** Returns the runs' view-model. */
    public RunViewModel runs() {
        return runs;
    }

    /** Returns the tower builder's view-model. */
    public TowerBuilderViewModel tower() {
        return tower;
    }

    /** Returns the theme shown; setting it applies it and saves the preferences. */
    public ObjectProperty<WorkbenchTheme> themeProperty() {
        return theme;
    }

    /** Returns the preferences as the window stands now (what closing it saves). */
    public WorkbenchPreferences preferences() {
        TowerSpec spec = tower.specProperty().get();
        String towerText = spec != null ? spec.toString() : tower.specTextProperty().get();
        return loaded.withTheme(theme.get().key())
                .withWindow(normal.getMinX(), normal.getMinY(), normal.getWidth(), normal.getHeight(), stage.isMaximized())
                .withWork(view.towerBuilder().divider(), towerText, RunSettingsMemory.of(runs))
                .withDemo(view.demo().demoModeProperty().get());
    }

    /** Saves the preferences; a failure is told in the status bar, never stops the window. */
    public void save() {
        try {
            preferences().save(preferencesFile);
        } catch (IOException e) {
            view.post("The workbench's settings could not be saved in " + preferencesFile + " (" + FileErrors.reason(e)
                    + "); the next start opens as before.");
        }
    }

    /** Returns the preferences last read from the window by the two-second watch (null before the first). */
    WorkbenchPreferences lastSeen() {
        return lastSeen;
    }

    /** Writes the preferences last seen; called when the process ends without the window closing. */
    void saveLastSeen() {
        WorkbenchPreferences seen = lastSeen;
        if (seen != null) {
            try {
                seen.save(preferencesFile);
            } catch (IOException e) {
                // the process is ending: there is no one left to tell
            }
        }
    }

    private void rememberBounds() {
        if (!stage.isMaximized() && !stage.isIconified() && stage.getWidth() > 0 && stage.getHeight() > 0
                && Double.isFinite(stage.getX()) && Double.isFinite(stage.getY())) {
            normal = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        }
    }

    /**
     * Puts a scene of a root into a stage, with the window's title, where and as the workbench opens
     * on these preferences ({@link #place}), and returns those bounds. The opening frame and the
     * workbench both go through it, so the workbench takes the frame's place exactly.
     */
    static Rectangle2D putInStage(Stage stage, Parent root, WorkbenchPreferences p, String... stylesheets) {
        Rectangle2D bounds = place(p, Screen.getScreens().stream().map(Screen::getVisualBounds).toList(),
                Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(root, bounds.getWidth(), bounds.getHeight());
        scene.getStylesheets().addAll(stylesheets);
        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setMaximized(p.maximized());
        return bounds;
    }

    /**
     * Where the window opens: as it was left, on the screen that shows its top edge, shrunk to that
     * screen and moved inside it; centred on the primary screen the first time (at 90% of it, up to
     * 1920x1200), or when the screen it was on is gone.
     *
     * @param screens the screens' visual bounds
     * @param primary the primary screen's visual bounds
     */
    static Rectangle2D place(WorkbenchPreferences p, List<Rectangle2D> screens, Rectangle2D primary) {
        Rectangle2D screen = null;
        if (Double.isFinite(p.x()) && Double.isFinite(p.y())) {
            // the title bar is what the user grabs: a window is found when a strip of its top is on a screen
            Rectangle2D top = new Rectangle2D(p.x(), p.y(), Math.max(1, p.width()), 40);
            screen = screens.stream().filter(s -> s.intersects(top)).findFirst().orElse(null);
        }
        boolean centre = screen == null;
        if (centre) {
            screen = primary;
        }
        double w = Math.min(p.width(), screen.getWidth());
        double h = Math.min(p.height(), screen.getHeight());
        if (!Double.isFinite(p.x()) || !Double.isFinite(p.y())) {
            // the first start: most of the screen (charts want the room), at most 1920x1200
            w = Math.max(w, Math.min(1920, Math.floor(screen.getWidth() * 0.9)));
            h = Math.max(h, Math.min(1200, Math.floor(screen.getHeight() * 0.9)));
        }
        double x = centre ? screen.getMinX() + (screen.getWidth() - w) / 2
                : Math.max(screen.getMinX(), Math.min(p.x(), screen.getMaxX() - w));
        double y = centre ? screen.getMinY() + (screen.getHeight() - h) / 2
                : Math.max(screen.getMinY(), Math.min(p.y(), screen.getMaxY() - h));
        return new Rectangle2D(x, y, w, h);
    }
}
