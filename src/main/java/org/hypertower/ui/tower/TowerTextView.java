package org.hypertower.ui.tower;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;

/**
 * The tower's text form. What is typed is a draft: Enter (or leaving the field) applies it when it
 * parses, Escape gives back the tower's text; meanwhile a line says whether it parses, and where it
 * does not, and a text that does not is marked by ControlsFX's decoration.
 */
public final class TowerTextView extends VBox {

    private final TextField field = new TextField();

    /** Creates the field for a model's text form. */
    public TowerTextView(TowerBuilderViewModel model) {
        setSpacing(6);
        Label title = new Label("Tower as text (bottom level first)");
        title.getStyleClass().add("section-title");
        field.setId("spec");
        field.setPromptText("adam(alpha=0.01) / sgd(alpha=1e-5)");
        field.textProperty().bindBidirectional(model.specTextProperty());
        field.setOnAction(e -> model.applyText());
        field.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.revertText();
                field.end();
                e.consume();
            }
        });
        field.focusedProperty().addListener((obs, was, now) -> {
            if (!now) {
                model.applyText();
            }
        });
        Label error = new Label();
        error.setId("spec-error");
        error.getStyleClass().add("error");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        Label status = new Label();
        status.setId("spec-status");
        status.getStyleClass().add("hint");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.when(model.textPendingProperty())
                .then("Valid: press Enter to build it, Escape to keep the tower as it is.").otherwise(""));
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        ValidationSupport validation = FieldValidation.support();
        FieldValidation.register(validation, field, () -> model.textErrorProperty().get());
        model.textErrorProperty().addListener(obs -> validation.revalidate(field));
        getChildren().addAll(title, field, status, error);
    }

    /** Returns the text field (for the builder's keys). */
    TextField field() {
        return field;
    }
}
