package org.hypertower.ui.tower;

import javafx.event.EventHandler;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The tower builder: the palette beside the tower's stack, its text form and the selected level's
 * editor. Ctrl+Z undoes the latest change to the tower, Ctrl+Shift+Z and Ctrl+Y redo it, wherever
 * the focus is in the window while the builder is shown, except in the text fields outside it,
 * which keep their own undo; in the tower's text field, while a text is being typed, they undo and
 * redo the typing, as in any text field.
 */
public final class TowerBuilderView extends SplitPane {

    private static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    private static final KeyCombination REDO_Y = new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN);

    /** Wide enough for a card's longest equation on one or two lines. */
    private static final double PALETTE_WIDTH = 280;
    private static final double RIGHT_WIDTH = 400;

    private final TowerBuilderViewModel model;
    private final TowerTextView text;
    private final EventHandler<KeyEvent> elsewhere = this::history;

    /** Creates the builder on its view-model. */
    public TowerBuilderView(TowerBuilderViewModel model) {
        this.model = model;
        this.text = new TowerTextView(model);
        setId("tower-builder");
        getStylesheets().add(TowerBuilderView.class.getResource("tower.css").toExternalForm());
        VBox right = new VBox(6, historyBar(), new TowerStackView(model), text, new LevelEditorView(model));
        right.setPadding(new Insets(0, 8, 8, 0));
        right.setPrefWidth(RIGHT_WIDTH);
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);
        // the cards fit a 900-pixel window; a smaller one scrolls them
        ScrollPane palette = new ScrollPane(new PaletteView(model));
        palette.setId("palette");
        palette.setFitToWidth(true);
        palette.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        palette.setPrefWidth(PALETTE_WIDTH);
        getItems().addAll(palette, rightScroll);
        SplitPane.setResizableWithParent(palette, false);
        setPrefWidth(PALETTE_WIDTH + RIGHT_WIDTH);
        setDividerPositions(PALETTE_WIDTH / (PALETTE_WIDTH + RIGHT_WIDTH));
        // a filter: the text fields inside would otherwise take Ctrl+Z as their own undo
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!(e.getTarget() == text.field() && typing())) {
                history(e);
            }
        });
        // the rest of the window (buttons, lists) leaves these keys alone; text fields there keep their own
        sceneProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.removeEventHandler(KeyEvent.KEY_PRESSED, elsewhere);
            }
            if (now != null) {
                now.addEventHandler(KeyEvent.KEY_PRESSED, elsewhere);
            }
        });
    }

    /** Returns the divider between the palette and the tower, 0..1. */
    public double divider() {
        return getDividerPositions()[0];
    }

    /** Sets the divider between the palette and the tower, 0..1 (ignored outside 0.1..0.9). */
    public void setDivider(double position) {
        if (position >= 0.1 && position <= 0.9) {
            setDividerPositions(position);
        }
    }

    private HBox historyBar() {
        Button undo = new Button("Undo", new org.kordamp.ikonli.javafx.FontIcon(
                org.kordamp.ikonli.materialdesign2.MaterialDesignU.UNDO_VARIANT));
        undo.setId("undo");
        undo.setTooltip(new Tooltip("Undo the latest change to the tower (Ctrl+Z)"));
        undo.disableProperty().bind(model.canUndoProperty().not());
        undo.setOnAction(e -> model.undo());
        Button redo = new Button("Redo", new org.kordamp.ikonli.javafx.FontIcon(
                org.kordamp.ikonli.materialdesign2.MaterialDesignR.REDO_VARIANT));
        redo.setId("redo");
        redo.setTooltip(new Tooltip("Redo what was undone (Ctrl+Shift+Z or Ctrl+Y)"));
        redo.disableProperty().bind(model.canRedoProperty().not());
        redo.setOnAction(e -> model.redo());
        for (Button b : new Button[] {undo, redo}) {
            // clicking keeps the focus where it is, so a text being typed is not applied first
            b.setFocusTraversable(false);
        }
        HBox bar = new HBox(6, undo, redo);
        bar.setAlignment(Pos.CENTER_RIGHT);
        return bar;
    }

    /** Whether the text field holds a text being typed (one that differs from the tower's). */
    private boolean typing() {
        return model.textPendingProperty().get() || model.textErrorProperty().get() != null;
    }

    private void history(KeyEvent e) {
        if (UNDO.match(e)) {
            model.undo();
        } else if (REDO.match(e) || REDO_Y.match(e)) {
            model.redo();
        } else {
            return;
        }
        e.consume();
    }
}
