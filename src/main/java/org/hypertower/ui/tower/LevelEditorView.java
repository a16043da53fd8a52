package org.hypertower.ui.tower;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;
import org.hypertower.tower.Numbers;

/**
 * Edits the selected level's arguments. Values are validated as typed: a refused one is marked by
 * ControlsFX's decoration, its reason shown below, and the tower stays unusable until it is fixed.
 */
public final class LevelEditorView extends VBox {

    private final TowerBuilderViewModel model;
    private final Label title = new Label();
    private final GridPane grid = new GridPane();
    private final Label problem = new Label();
    private final List<Runnable> unbind = new ArrayList<>();

    /** Creates the editor for a model's selected level. */
    public LevelEditorView(TowerBuilderViewModel model) {
        this.model = model;
        setId("level-editor");
        getStyleClass().add("level-editor");
        setPadding(new Insets(8));
        setSpacing(6);
        title.getStyleClass().add("section-title");
        grid.setHgap(8);
        grid.setVgap(4);
        problem.setId("argument-error");
        problem.getStyleClass().add("error");
        problem.setWrapText(true);
        getChildren().addAll(title, grid, problem);
        model.selectedProperty().addListener((obs, old, now) -> show());
        model.levels().addListener((ListChangeListener<LevelModel>) c -> show());
        show();
    }

    private void show() {
        unbind.forEach(Runnable::run);
        unbind.clear();
        grid.getChildren().clear();
        problem.setText("");
        int k = model.selectedProperty().get();
        if (k < 0 || k >= model.levels().size()) {
            title.setText("Select a level to edit it");
            return;
        }
        LevelModel level = model.levels().get(k);
        title.setText("Level " + k + ": " + level.type().specName());
        problem.setText(Objects.toString(level.error(), ""));
        // one support per set of fields: a support cannot forget a field, and would stay invalid for a removed one
        ValidationSupport validation = FieldValidation.support();
        int row = 0;
        for (ArgumentModel a : level.arguments()) {
            Label name = new Label(a.def().name());
            name.setTooltip(new Tooltip(a.def().description() + " (" + a.def().rangeText() + ")"));
            TextField field = new TextField();
            field.setId("arg-" + a.def().name());
            field.setPrefColumnCount(9);
            field.setPromptText(Numbers.format(a.def().defaultValue()));
            field.textProperty().bindBidirectional(a.textProperty());
            // the keystrokes of one visit to a field are one undoable step
            field.setOnAction(e -> model.endEdit());
            field.focusedProperty().addListener((obs, was, now) -> model.endEdit());
            boolean top = k + 1 >= model.levels().size();
            CheckBox learned = new CheckBox(!a.def().learned() ? "constant"
                    : top ? "constant (top level)" : "learned by level " + (k + 1));
            learned.setId("learned-" + a.def().name());
            learned.getStyleClass().add("hint");
            learned.setDisable(!a.def().learned() || top);
            learned.setSelected(a.learnedProperty().get() && !top);
            if (a.def().learned() && !top) {
                learned.selectedProperty().bindBidirectional(a.learnedProperty());
            }
            FieldValidation.register(validation, field, () -> a.errorProperty().get());
            InvalidationListener listener = obs -> problem.setText(Objects.toString(level.error(), ""));
            a.errorProperty().addListener(listener);
            unbind.add(() -> {
                a.errorProperty().removeListener(listener);
                field.textProperty().unbindBidirectional(a.textProperty());
                learned.selectedProperty().unbindBidirectional(a.learnedProperty());
            });
            grid.addRow(row++, name, field, learned);
        }
    }
}
