package org.hypertower.ui.run;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;

/**
 * The Compare menu: a frozen baseline, a plain re-run at the learned values, or the plain optimizer
 * following the learned path, of the run selected in the runs list (else the last tower run). Each item names that run, and is disabled while it
 * cannot act.
 */
public final class CompareMenu extends MenuButton {

    /** Builds the menu on the runs' view-model. */
    public CompareMenu(RunViewModel runs) {
        super("Compare");
        setId("compare");
        MenuItem baseline = item("compare-baseline", runs.compare().baselineProperty());
        baseline.setOnAction(e -> runs.startBaseline());
        MenuItem learned = item("compare-learned", runs.compare().learnedProperty());
        learned.setOnAction(e -> runs.startAtLearnedValues());
        MenuItem follow = item("compare-follow", runs.compare().followProperty());
        follow.setOnAction(e -> runs.startFollowing());
        getItems().addAll(baseline, learned, follow);
    }

    private static MenuItem item(String id, ReadOnlyObjectProperty<CompareActions.Action> action) {
        MenuItem item = new MenuItem();
        item.setId(id);
        item.textProperty().bind(Bindings.createStringBinding(() -> action.get().text(), action));
        item.disableProperty().bind(Bindings.createBooleanBinding(() -> !action.get().enabled(), action));
        return item;
    }
}
