package org.hypertower.ui.tower;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.hypertower.tower.LayerType;

/**
 * Every optimizer layer, as a card to drag into the tower (a full press-drag-release gesture, so
 * it works the same in every windowing system and headless). A level dropped back here is removed.
 */
public final class PaletteView extends VBox {

    /** Creates the palette; removing a dropped level goes through the model. */
    public PaletteView(TowerBuilderViewModel model) {
        getStyleClass().add("palette");
        setSpacing(6);
        setPadding(new Insets(8));
        Label title = new Label("Optimizers");
        title.getStyleClass().add("section-title");
        getChildren().add(title);
        for (LayerType type : LayerType.values()) {
            getChildren().add(card(type));
        }
        Label hint = new Label("Drag into the tower. Drag a level here, or press Delete, to remove it.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        getChildren().add(hint);
        setOnMouseDragReleased(e -> {
            if (e.getGestureSource() instanceof TowerStackView.Block block) {
                model.remove(block.index());
                e.consume();
            }
        });
    }

    private Label card(LayerType type) {
        Label card = new Label(type.specName());
        card.setId("palette-" + type.specName());
        card.getStyleClass().add("palette-card");
        card.setMaxWidth(Double.MAX_VALUE);
        card.setUserData(type);
        Tooltip tip = new Tooltip(type.description() + "\n" + type.formula());
        tip.setShowDelay(Duration.millis(300));
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        Tooltip.install(card, tip);
        card.setOnDragDetected(e -> {
            card.startFullDrag();
            e.consume();
        });
        return card;
    }
}
