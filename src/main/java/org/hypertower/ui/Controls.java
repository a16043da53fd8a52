package org.hypertower.ui;

import javafx.beans.property.IntegerProperty;
import javafx.scene.control.Spinner;
import javafx.util.StringConverter;

/** Small controls the workbench's views share. */
public final class Controls {

    private Controls() {}

    /**
     * Returns an editable spinner of whole numbers kept in sync both ways with a property. Text that
     * is not a whole number is not taken: the spinner shows its value again (a value out of range is
     * taken as the nearest bound).
     */
    public static Spinner<Integer> intSpinner(String id, int min, int max, IntegerProperty value, double width) {
        Spinner<Integer> s = new Spinner<>(min, max, value.get());
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(width);
        s.getValueFactory().setConverter(lenient(s, Integer::valueOf));
        s.valueProperty().addListener((obs, old, now) -> value.set(now));
        value.addListener((obs, old, now) -> s.getValueFactory().setValue(now.intValue()));
        return s;
    }

    /**
     * Returns a converter for a spinner that reads a number with a parser and, when the text is not
     * one, keeps the spinner's value and shows it again instead of throwing from the spinner's commit.
     */
    public static <T extends Number> StringConverter<T> lenient(Spinner<T> spinner,
            java.util.function.Function<String, T> parser) {
        return new StringConverter<>() {
            @Override
            public String toString(T v) {
                return v == null ? "" : v.toString();
            }

            @Override
            public T fromString(String text) {
                try {
                    return parser.apply(text.trim());
                } catch (RuntimeException notANumber) {
                    T current = spinner.getValue();
                    spinner.getEditor().setText(toString(current));
                    return current;
                }
            }
        };
    }
}
