package org.hypertower.ui.tower;

import javafx.geometry.Insets;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.VBox;

/** The tower builder: the palette beside the tower's stack, its text form and the selected level's editor. */
public final class TowerBuilderView extends SplitPane {

    /** Creates the builder on its view-model. */
    public TowerBuilderView(TowerBuilderViewModel model) {
        setId("tower-builder");
        VBox right = new VBox(6, new TowerStackView(model), new TowerTextView(model), new LevelEditorView(model));
        right.setPadding(new Insets(0, 8, 8, 0));
        right.setPrefWidth(420);
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);
        PaletteView palette = new PaletteView(model);
        palette.setPrefWidth(170);
        getItems().addAll(palette, rightScroll);
        setDividerPositions(0.28);
        setPrefWidth(600);
    }
}

