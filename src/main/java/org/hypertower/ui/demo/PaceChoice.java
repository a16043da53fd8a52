package org.hypertower.ui.demo;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;

/**
 * How fast runs train: full speed, or a few steps per second to talk over a demo. Applies to the
 * run in progress at once and to the runs that start later; Pause and Stop still act at once.
 */
public final class PaceChoice extends ComboBox<Double> {

    /** A choice of {@link DemoViewModel#PACES} bound to the demo's pace. */
    public PaceChoice(DemoViewModel model) {
        setId("pace");
        getItems().setAll(DemoViewModel.PACES);
        setConverter(new StringConverter<>() {
            @Override
            public String toString(Double pace) {
                return pace == null ? "" : DemoViewModel.paceText(pace);
            }

            @Override
            public Double fromString(String text) {
                return getItems().stream().filter(p -> DemoViewModel.paceText(p).equals(text)).findFirst().orElse(0.0);
            }
        });
        setValue(model.paceProperty().get());
        valueProperty().addListener((obs, old, now) -> model.paceProperty().set(now == null ? 0 : now));
        model.paceProperty().addListener((obs, old, now) -> {
            if (getValue() == null || getValue() != now.doubleValue()) {
                setValue(now.doubleValue());
            }
        });
        setTooltip(new Tooltip("How fast the run trains: full speed, or a few steps per second to talk over it in "
                + "a demo. It applies at once, to the run going and to those that start later."));
    }
}
