package org.hypertower.ui.help;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.input.KeyCombination;

/**
 * What the Help menu says: the workbench's keyboard shortcuts, the software's versions and the
 * papers to cite. Kept apart from the dialogs so tests read the same text the window shows.
 */
public final class HelpContent {

    /** A shortcut: its keys and what they do. */
    public record Shortcut(KeyCombination keys, String action) {}

    /** Starts a run of the tower (the window's accelerator). */
    public static final KeyCombination START = KeyCombination.keyCombination("Shortcut+Enter");
    /** Pauses or resumes the run (the window's accelerator). */
    public static final KeyCombination PAUSE = KeyCombination.keyCombination("Shortcut+P");
    /** Stops the run (the window's accelerator). */
    public static final KeyCombination STOP = KeyCombination.keyCombination("Shortcut+Period");
    /** Exports every chart as PNG (the window's accelerator). */
    public static final KeyCombination EXPORT = KeyCombination.keyCombination("Shortcut+E");
    /** Turns demo mode (large type, a readout, a pace to talk over) on or off (the window's accelerator). */
    public static final KeyCombination DEMO = KeyCombination.keyCombination("F5");
    /** Shows the shortcuts (the window's accelerator). */
    public static final KeyCombination SHORTCUTS = KeyCombination.keyCombination("F1");

    /** The papers Hypertower implements. */
    public static final List<String> CITATIONS = List.of(
            "Kartik Chandra, Audrey Xie, Jonathan Ragan-Kelley, Erik Meijer. Gradient Descent: The Ultimate Optimizer. "
                    + "NeurIPS 2022 (arXiv:1909.13371).",
            "Optimizing Optimization: the extension of the above with SGD_ON_STEROIDS (learned learning rate, momentum, "
                    + "weight decay and dampening) and towers stacked three levels high.");

    private HelpContent() {}

    /**
     * Returns the shortcuts of the training window, in the order the Help menu lists them: the
     * window's accelerators above, then the keys the tower builder and the runs list bind
     * themselves ({@code TowerBuilderView}, {@code TowerStackView}, {@code TowerTextView},
     * {@code RunListView}).
     */
    public static List<Shortcut> shortcuts() {
        return List.of(
                new Shortcut(START, "Start a run of the tower"),
                new Shortcut(PAUSE, "Pause or resume the run"),
                new Shortcut(STOP, "Stop the run (its files are kept)"),
                new Shortcut(EXPORT, "Export every chart as PNG"),
                new Shortcut(DEMO, "Turn demo mode on or off (large type and a readout, for a projector)"),
                new Shortcut(KeyCombination.keyCombination("Shortcut+Z"), "Undo a change to the tower"),
                new Shortcut(KeyCombination.keyCombination("Shortcut+Shift+Z"), "Redo a change to the tower"),
                new Shortcut(KeyCombination.keyCombination("Shortcut+Y"), "Redo a change to the tower"),
                new Shortcut(KeyCombination.keyCombination("Enter"), "In the tower's text: build the tower typed"),
                new Shortcut(KeyCombination.keyCombination("Esc"), "In the tower's text: give the tower's text back"),
                new Shortcut(KeyCombination.keyCombination("Delete"),
                        "Remove the selected level (in the tower) or run (in the runs list); Backspace too"),
                new Shortcut(SHORTCUTS, "Show these shortcuts"));
    }

    /**
     * Returns the software's versions for the About dialog. The PyTorch engine is named only once
     * a run has loaded it (loading it takes seconds, too long for a menu).
     */
    public static Map<String, String> versions(String hypertower, String engine) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("Hypertower", hypertower);
        v.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("JavaFX", System.getProperty("javafx.runtime.version", "unknown"));
        v.put("Deep Java Library", ai.djl.engine.Engine.getDjlVersion());
        v.put("Engine", engine == null ? "PyTorch (loaded with the first run)" : engine);
        v.put("System", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }
}
