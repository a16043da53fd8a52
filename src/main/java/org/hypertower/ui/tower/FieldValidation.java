package org.hypertower.ui.tower;

import java.util.function.Supplier;
import javafx.scene.control.Control;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.decoration.CompoundValidationDecoration;
import org.controlsfx.validation.decoration.GraphicValidationDecoration;
import org.controlsfx.validation.decoration.StyleClassValidationDecoration;

/**
 * ControlsFX validation for the builder's fields: a field whose value is refused is outlined (style
 * class {@value #INVALID}) and carries an error icon whose tooltip gives the reason. The reason is
 * the view-model's, so the field and the error line below it always say the same sentence.
 */
final class FieldValidation {

    /** The style class of a field whose value is refused. */
    static final String INVALID = "invalid-value";

    private FieldValidation() {}

    /** Returns a validation support that decorates as described above. */
    static ValidationSupport support() {
        ValidationSupport support = new ValidationSupport();
        support.setValidationDecorator(new CompoundValidationDecoration(new GraphicValidationDecoration(),
                new StyleClassValidationDecoration(INVALID, "warning-value")));
        return support;
    }

    /**
     * Validates a field by asking the view-model why its value is refused (null: it is not). The
     * decoration is shown from the start, not only after the first edit, so a value given back by
     * an undo is marked as it was.
     */
    static void register(ValidationSupport support, Control field, Supplier<String> problem) {
        support.registerValidator(field, false, (Control c, Object value) -> {
            String why = problem.get();
            return ValidationResult.fromErrorIf(c, why, why != null);
        });
        support.initInitialDecoration();
    }
}
