package org.hypertower.ui.run;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

/**
 * A band above the charts, shown while a run trains or is paused: set a learned hyperparameter of
 * any level of that run. Kept apart from the tower builder's fields, which shape the next run.
 */
public final class InterventionBar extends FlowPane {

    /** The band of a model. */
    public InterventionBar(InterventionModel model) {
        super(6, 4);
        setId("intervention-bar");
        getStyleClass().add("intervention-bar");
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 8, 4, 8));
        Label title = new Label("Set now:");
        title.setTooltip(new Tooltip("Set a learned hyperparameter of the run training now, between two steps"));
        ComboBox<String> key = new ComboBox<>(model.keys());
        key.setId("intervene-key");
        key.valueProperty().bindBidirectional(model.keyProperty());
        key.setTooltip(new Tooltip("The learned hyperparameter to set, LEVEL.NAME as in steps.csv"));
        Label current = new Label();
        current.setId("intervene-current");
        current.textProperty().bind(model.currentProperty());
        current.setPrefWidth(90);
        TextField value = new TextField();
        value.setId("intervene-value");
        value.setPromptText("new value");
        value.setPrefColumnCount(8);
        value.textProperty().bindBidirectional(model.textProperty());
        value.setOnAction(e -> model.set());
        Button set = new Button("Set");
        set.setId("intervene-set");
        set.setOnAction(e -> model.set());
        set.setTooltip(new Tooltip("Applied between two steps (at once when paused), marked on every chart of the run "
                + "and written to its run.json"));
        Button times = new Button("×10");
        times.setId("intervene-times10");
        times.setOnAction(e -> model.multiply(10));
        times.setTooltip(new Tooltip("Ten times its value now: the classic demo, then watch the level above bring it back"));
        Button divide = new Button("÷10");
        divide.setId("intervene-div10");
        divide.setOnAction(e -> model.multiply(0.1));
        divide.setTooltip(new Tooltip("A tenth of its value now"));
        getChildren().addAll(title, key, current, value, set, times, divide);
        // a narrow chart area wraps the band rather than cutting its words
        getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
        visibleProperty().bind(model.availableProperty());
        managedProperty().bind(model.availableProperty());
    }
}
