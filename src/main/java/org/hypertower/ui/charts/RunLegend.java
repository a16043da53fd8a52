package org.hypertower.ui.charts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * A chart's legend: a line that explains the line styles, then one entry per run (its colour and
 * name), however many lines each run draws. Its labels are built only when it is shown, and an
 * entry that stays is kept, so a new run costs one label.
 */
final class RunLegend extends FlowPane {

    private final Label key = new Label();
    private final Rectangle clip = new Rectangle();
    private List<Object> content = List.of("", List.of(), List.of());
    private boolean built = true;
    private Map<String, Label> labels = new HashMap<>();

    RunLegend() {
        super(10, 2);
        getStyleClass().add("chart-run-legend");
        setAlignment(Pos.CENTER);
        setClip(clip);
        key.getStyleClass().add("chart-legend-key");
    }

    /** Sets what it says; returns whether that changed. */
    boolean set(String styleKey, List<String> names, List<Color> colors) {
        List<Object> wanted = List.of(styleKey, List.copyOf(names), List.copyOf(colors));
        if (wanted.equals(content)) {
            return false;
        }
        content = wanted;
        built = false;
        return true;
    }

    /** Returns whether it names no run. */
    boolean hasNoRuns() {
        return ((List<?>) content.get(1)).isEmpty();
    }

    /** Builds its labels if what it says changed; returns whether it did. */
    boolean build() {
        if (built) {
            return false;
        }
        built = true;
        String styleKey = (String) content.get(0);
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) content.get(1);
        @SuppressWarnings("unchecked")
        List<Color> colors = (List<Color>) content.get(2);
        List<Node> items = new ArrayList<>();
        key.setText(styleKey);
        if (!styleKey.isEmpty()) {
            items.add(key);
        }
        Map<String, Label> kept = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String id = names.get(i) + "\n" + colors.get(i);
            Label entry = labels.get(id);
            if (entry == null) {
                entry = new Label(names.get(i), new Rectangle(16, 4, colors.get(i)));
                entry.getStyleClass().add("chart-run-legend-item");
            }
            kept.put(id, entry);
            items.add(entry);
        }
        labels = kept;
        getChildren().setAll(items);
        applyCss(); // sized with its font from the start
        return true;
    }

    /** Lays its entries out for a width: at least two side by side, long names cut with an ellipsis. */
    void fit(double width, double height) {
        double entryWidth = Math.max(100, Math.min(260, width / 2 - 12));
        for (Node n : getChildren()) {
            if (n != key) {
                ((Label) n).setMaxWidth(entryWidth);
            }
        }
        // the key reads from its start in a narrow chart (centred and wider, it lost both ends)
        key.setMaxWidth(Math.max(40, width - 4));
        clip.setWidth(width);
        clip.setHeight(height);
    }

    /** Returns the run entries (for tests). */
    List<Label> entries() {
        build();
        return getChildren().stream().filter(n -> n != key).map(Label.class::cast).toList();
    }
}
