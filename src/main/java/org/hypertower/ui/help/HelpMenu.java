package org.hypertower.ui.help;

import java.util.Map;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The Help menu: the keyboard shortcuts, and About with the versions and the papers to cite. */
public final class HelpMenu extends MenuButton {

    private final Supplier<String> hypertowerVersion;

    /**
     * @param hypertowerVersion Hypertower's version (read from the build)
     */
    public HelpMenu(Supplier<String> hypertowerVersion) {
        super("Help");
        this.hypertowerVersion = hypertowerVersion;
        setId("help");
        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setId("help-shortcuts");
        keys.setOnAction(e -> showShortcuts());
        MenuItem about = new MenuItem("About Hypertower");
        about.setId("help-about");
        about.setOnAction(e -> showAbout());
        getItems().addAll(keys, about);
    }

    /** Shows the shortcuts in a dialog. */
    public void showShortcuts() {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(6);
        int row = 0;
        for (HelpContent.Shortcut s : HelpContent.shortcuts()) {
            Label keys = new Label(s.keys().getDisplayText());
            keys.getStyleClass().add("shortcut-keys");
            grid.addRow(row++, keys, new Label(s.action()));
        }
        show("Keyboard shortcuts", grid, "help-shortcuts-dialog");
    }

    /** Shows the versions and the citations in a dialog. */
    public void showAbout() {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(4);
        int row = 0;
        for (Map.Entry<String, String> e : HelpContent.versions(hypertowerVersion.get(), null).entrySet()) {
            grid.addRow(row++, new Label(e.getKey()), new Label(e.getValue()));
        }
        VBox box = new VBox(10, new Label("Hypertower: a workbench for hyperoptimizer towers, optimizers whose "
                + "hyperparameters are trained by optimizers above them."), grid, new Label("Please cite:"));
        for (String c : HelpContent.CITATIONS) {
            Label l = new Label(c);
            l.setWrapText(true);
            l.setMaxWidth(560);
            box.getChildren().add(l);
        }
        box.setPadding(new Insets(4));
        show("About Hypertower", box, "help-about-dialog");
    }

    private void show(String title, javafx.scene.Node content, String id) {
        Alert dialog = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setId(id);
        if (getScene() != null) {
            dialog.initOwner(getScene().getWindow());
            dialog.getDialogPane().getStylesheets().setAll(getScene().getStylesheets());
        }
        dialog.show();
    }
}
