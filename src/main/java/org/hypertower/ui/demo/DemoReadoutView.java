package org.hypertower.ui.demo;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/**
 * The demo's readout: a band above the charts with, in type large enough for the back of a room,
 * the shown run's step, epoch, loss, test accuracy and every value its tower learns. Shown only
 * in demo mode; tiles are reused, so a pulse only changes their text.
 */
public final class DemoReadoutView extends VBox {

    private final Label title = new Label();
    private final FlowPane tiles = new FlowPane();

    /** The readout of a demo's model. */
    public DemoReadoutView(DemoViewModel model) {
        setId("demo-readout");
        getStyleClass().add("demo-readout");
        title.setId("demo-readout-title");
        title.getStyleClass().add("demo-readout-title");
        title.textProperty().bind(model.titleProperty());
        tiles.getStyleClass().add("demo-readout-tiles");
        getChildren().addAll(title, tiles);
        setPadding(new Insets(6, 10, 8, 10));
        visibleProperty().bind(model.demoModeProperty());
        managedProperty().bind(model.demoModeProperty());
        model.readings().addListener((ListChangeListener<DemoViewModel.Reading>) c -> show(model.readings()));
        show(model.readings());
    }

    private void show(List<DemoViewModel.Reading> readings) {
        while (tiles.getChildren().size() > readings.size()) {
            tiles.getChildren().remove(tiles.getChildren().size() - 1);
        }
        while (tiles.getChildren().size() < readings.size()) {
            Label label = new Label();
            label.getStyleClass().add("demo-reading-label");
            Label value = new Label();
            value.getStyleClass().add("demo-reading-value");
            VBox tile = new VBox(label, value);
            tile.getStyleClass().add("demo-reading");
            tiles.getChildren().add(tile);
        }
        for (int i = 0; i < readings.size(); i++) {
            DemoViewModel.Reading r = readings.get(i);
            VBox tile = (VBox) tiles.getChildren().get(i);
            tile.setId("demo-reading-" + r.id());
            ((Label) tile.getChildren().get(0)).setText(r.label());
            ((Label) tile.getChildren().get(1)).setText(r.value());
        }
    }

    /** Returns the value shown for a reading's id (e.g. {@code 0.alpha}), or null when it is not shown (for tests). */
    public String valueOf(String id) {
        return tiles.getChildren().stream().filter(n -> ("demo-reading-" + id).equals(n.getId()))
                .map(n -> ((Label) ((VBox) n).getChildren().get(1)).getText()).findFirst().orElse(null);
    }
}
