package org.hypertower.ui.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.SegmentedButton;

/** The charts' mode choosers: ControlsFX segmented buttons of which exactly one is always chosen. */
final class ModeButtons {

    private ModeButtons() {}

    /**
     * Returns a segmented button with id {@code id} and buttons {@code id-LABEL}, the first
     * chosen; {@code onChoice} gets the index of each new choice.
     */
    static SegmentedButton of(String id, List<String> labels, List<String> tips, IntConsumer onChoice) {
        List<ToggleButton> buttons = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            ToggleButton b = new ToggleButton(labels.get(i));
            b.setId(id + "-" + labels.get(i));
            b.setTooltip(new Tooltip(tips.get(i)));
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // a word cut to "b..." says nothing
            buttons.add(b);
        }
        SegmentedButton group = new SegmentedButton(buttons.toArray(ToggleButton[]::new));
        group.setId(id);
        group.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        buttons.get(0).setSelected(true);
        group.getToggleGroup().selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one mode is always chosen
            } else {
                onChoice.accept(buttons.indexOf((ToggleButton) now));
            }
        });
        return group;
    }
}
