package org.hypertower.ui.demo;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The shown demo's explanation, in a panel beside the tab's content, in type large enough for a
 * projector; × closes it. Hidden while no demo is shown.
 */
public final class GuidedDemoView extends VBox {

    private final Label title = new Label();
    private final Label explanation = new Label();

    /** The panel of a model's shown demo. */
    public GuidedDemoView(GuidedDemoModel model) {
        setId("guided-demo");
        getStyleClass().add("guided-demo");
        getStylesheets().add(GuidedDemoView.class.getResource("guided.css").toExternalForm());
        title.setId("guided-demo-title");
        title.getStyleClass().add("guided-demo-title");
        title.setWrapText(true);
        explanation.setId("guided-demo-text");
        explanation.getStyleClass().add("guided-demo-text");
        explanation.setWrapText(true);
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        Button close = new Button("×");
        close.setId("guided-demo-close");
        close.getStyleClass().addAll("flat", "guided-demo-close");
        close.setTooltip(new Tooltip("Close the explanation; the demo's settings stay."));
        close.setOnAction(e -> model.close());
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox head = new HBox(6, title, close);
        head.setAlignment(Pos.TOP_LEFT);
        Label hint = new Label("Change any setting and the paths follow; the Demos menu sets it all back.");
        hint.getStyleClass().addAll("hint", "guided-demo-hint");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(head, explanation, hint);
        model.shownProperty().addListener((obs, old, now) -> show(now));
        show(model.shownProperty().get());
    }

    private void show(GuidedDemo demo) {
        setVisible(demo != null);
        setManaged(demo != null);
        title.setText(demo == null ? "" : demo.title());
        explanation.setText(demo == null ? "" : demo.explanation());
    }

    /** Returns the explanation shown, empty when none is (for tests). */
    public String text() {
        return isVisible() ? explanation.getText() : "";
    }

    /** Returns the Demos menu: one item per demo, each choosing it. */
    public static MenuButton menu(GuidedDemoModel model) {
        MenuButton menu = new MenuButton("Demos");
        menu.setId("demos");
        menu.setGraphic(new FontIcon(MaterialDesignS.SCHOOL));
        menu.setTooltip(new Tooltip("Ready demos for a class: each sets up the Playground and explains what to watch."));
        for (GuidedDemo demo : model.demos()) {
            MenuItem item = new MenuItem(demo.title());
            item.setId("guided-" + demo.id());
            item.setOnAction(e -> model.choose(demo));
            menu.getItems().add(item);
        }
        return menu;
    }
}
