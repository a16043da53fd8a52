package org.hypertower.ui;

import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The window's first frame: the workbench's own window (its title, theme, place and size) saying
 * that the workbench is opening, shown as soon as JavaFX is up, while the workbench is built on
 * the FX thread behind it and then takes its place in the same window. Building the workbench
 * the first time in a process is mostly first-time cost (about 2,400 classes, then the first
 * styling of every control): over a second on a 2-core machine, during which the user saw no
 * window at all. {@code -Dhypertower.window.opening=false} opens the workbench directly.
 */
final class OpeningScene {

    /**
     * Pulses after its first layout before the workbench is built (about 0.1 s). A frame laid out
     * is not yet on the screen: the new window must be mapped and exposed, and with software
     * rendering (Prism's SW pipeline, e.g. under Xvfb or without a usable GPU) each frame's
     * pixels are handed to the window on the FX thread itself, so a build started at once kept
     * the window blank until the workbench was in. Screen dumps taken as the build began (Xvfb,
     * load 4) showed the opening frame after 6 pulses in 4 of 4 starts, after 4 in 3 of 3, after
     * 3 in 1 of 2 and after 2 in none.
     */
    static final int PULSES_TO_SHOW = 6;

    /** The style class of the opening frame's root. */
    static final String STYLE_CLASS = "opening";

    private static final String NOTE_ID = "opening-note";

    private OpeningScene() {}

    /** Returns whether the window opens with this frame first. */
    static boolean on() {
        return !"false".equals(System.getProperty("hypertower.window.opening"));
    }

    /**
     * Shows the opening frame in a stage, where and as the workbench will open on these
     * preferences ({@link WorkbenchWindow#putInStage}), in their theme.
     */
    static void show(Stage stage, WorkbenchPreferences preferences) {
        WorkbenchTheme.named(preferences.theme()).applyStylesheet();
        Label title = new Label("Hypertower");
        title.getStyleClass().add("title-1");
        Label note = new Label("Opening the workbench…");
        note.getStyleClass().add("text-muted");
        note.setId(NOTE_ID);
        note.setWrapText(true);
        note.setMaxWidth(640);
        note.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        VBox lines = new VBox(6, title, note);
        lines.setAlignment(Pos.CENTER);
        StackPane root = new StackPane(lines);
        root.getStyleClass().add(STYLE_CLASS);
        WorkbenchWindow.putInStage(stage, root, preferences);
        stage.show();
    }

    /** Says in the opening frame why the workbench could not open, in place of "Opening the workbench…". */
    static void fail(Scene scene, String sentence) {
        if (scene.lookup("#" + NOTE_ID) instanceof Label note) {
            note.setText(sentence);
            note.getStyleClass().setAll("label", "danger");
        }
    }
}
