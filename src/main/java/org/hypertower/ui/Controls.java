package org.hypertower.ui;

import javafx.beans.property.IntegerProperty;
import javafx.scene.control.Spinner;

/** Small controls the workbench's views share. */
public final class Controls {

    private Controls() {}

    /** Returns an editable spinner of whole numbers kept in sync both ways with a property. */
    public static Spinner<Integer> intSpinner(String id, int min, int max, IntegerProperty value, double width) {
        Spinner<Integer> s = new Spinner<>(min, max, value.get());
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(width);
        s.valueProperty().addListener((obs, old, now) -> value.set(now));
        value.addListener((obs, old, now) -> s.getValueFactory().setValue(now.intValue()));
        return s;
    }
}
