package org.hypertower.ui.demo;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The Demos menu's model: the ready demos, and the one whose explanation is shown. Choosing a demo
 * sets up what it shows; closing its explanation leaves the setup as it is.
 */
public final class GuidedDemoModel {

    private final List<GuidedDemo> demos;
    private final GuidedDemo.Targets targets;
    private final ReadOnlyObjectWrapper<GuidedDemo> shown = new ReadOnlyObjectWrapper<>();

    /** The catalog's demos, set up on these targets. */
    public GuidedDemoModel(GuidedDemo.Targets targets) {
        this(GuidedDemo.catalog(), targets);
    }

    GuidedDemoModel(List<GuidedDemo> demos, GuidedDemo.Targets targets) {
        this.demos = List.copyOf(demos);
        this.targets = targets;
    }

    /** Returns the demos, in the menu's order. */
    public List<GuidedDemo> demos() {
        return demos;
    }

    /** Returns the demo with an id, for tests and shortcuts. */
    public GuidedDemo demo(String id) {
        return demos.stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No demo " + id + "."));
    }

    /** Sets a demo up and shows its explanation. */
    public void choose(GuidedDemo demo) {
        demo.setup().accept(targets);
        shown.set(demo);
    }

    /** Hides the explanation. */
    public void close() {
        shown.set(null);
    }

    /** Returns the demo whose explanation is shown; null when none is. */
    public ReadOnlyObjectProperty<GuidedDemo> shownProperty() {
        return shown.getReadOnlyProperty();
    }
}
