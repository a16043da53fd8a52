package org.hypertower.ui.demo;

import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.hypertower.ui.charts.ChartsView;
import org.hypertower.ui.help.HelpContent;

/**
 * What demo mode does to the window, kept here so the workbench only hooks it in: the style class
 * {@code demo} on the window's root (its stylesheet sets the type {@value #FONT_SCALE}× larger),
 * the charts' canvas text as large and their lines thicker, the flat hyperparameter charts hidden,
 * the tower builder folded away so the charts get its room (the readout names the tower and
 * what each level learns; leaving demo mode brings the builder back), the readout above the
 * charts, and the menu item that turns it on and off.
 */
public final class DemoMode {

    /** How much larger the type is in demo mode. */
    public static final double FONT_SCALE = 1.5;
    /** How much thicker the chart lines are in demo mode. */
    public static final double LINE_SCALE = 1.6;
    /** The style class on the window's root while demo mode is on. */
    public static final String STYLE_CLASS = "demo";

    private DemoMode() {}

    /** Makes the window's root, its charts and its tower builder follow the demo's mode. */
    public static void apply(DemoViewModel model, Region root, ChartsView charts, Node builder) {
        root.getStylesheets().add(DemoMode.class.getResource("demo.css").toExternalForm());
        model.demoModeProperty().addListener((obs, was, on) -> show(on, root, charts));
        show(model.demoModeProperty().get(), root, charts);
        builder.visibleProperty().bind(model.demoModeProperty().not());
        builder.managedProperty().bind(model.demoModeProperty().not());
    }

    private static void show(boolean on, Region root, ChartsView charts) {
        root.getStyleClass().remove(STYLE_CLASS);
        if (on) {
            root.getStyleClass().add(STYLE_CLASS);
        }
        charts.setScale(on ? FONT_SCALE : 1, on ? LINE_SCALE : 1);
        charts.setHideFlatHyperparameters(on);
    }

    /** Returns the charts with the readout in a band above them (shown only in demo mode). */
    public static Node withReadout(DemoViewModel model, Node charts) {
        VBox box = new VBox(new DemoReadoutView(model), charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        return box;
    }

    /** Returns the menu item that turns demo mode on and off, showing its shortcut. */
    public static MenuItem menuItem(DemoViewModel model) {
        // the key is named in the text, not set as an accelerator: the window's key filter takes it
        CheckMenuItem item = new CheckMenuItem("Demo mode for a projector (" + HelpContent.DEMO.getDisplayText() + ")");
        item.setId("demo-mode");
        item.selectedProperty().bindBidirectional(model.demoModeProperty());
        return item;
    }
}
