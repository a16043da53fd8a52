package org.hypertower.ui;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PopOver;
import org.controlsfx.control.StatusBar;

/**
 * The workbench's status bar: the latest message on one line (pointing at it shows it whole;
 * Details shows it whole, selectable, with the messages before it), a progress bar while a run
 * trains or a dataset downloads, and the progress in words on the right.
 */
final class WorkbenchStatusBar extends StatusBar {

    private final StatusViewModel status;

    WorkbenchStatusBar(StatusViewModel status) {
        this.status = status;
        setId("status-bar");
        textProperty().bind(status.lineProperty());
        progressProperty().bind(status.progressProperty());
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(status.messageProperty());
        whole.setWrapText(true);
        whole.setMaxWidth(640);
        // the bar's own label shows the message: it keeps the id the window's tests and styles know it by
        skinProperty().addListener((obs, old, skin) -> {
            if (skin != null && lookup(".status-label") instanceof Label label) {
                label.setId("message");
                label.setTooltip(whole);
            }
        });
        Hyperlink details = new Hyperlink("Details");
        details.setId("message-details");
        details.visibleProperty().bind(status.messageProperty().isNotEmpty());
        details.managedProperty().bind(details.visibleProperty());
        details.setOnAction(e -> showDetails(details));
        Label progress = new Label();
        progress.setId("progress");
        progress.textProperty().bind(status.progressTextProperty());
        progress.setMinWidth(Region.USE_PREF_SIZE);
        getRightItems().addAll(details, new Separator(Orientation.VERTICAL), progress);
    }

    /** Shows the latest message whole, and the ones before it, in a popover above the status bar. */
    private void showDetails(Node anchor) {
        TextArea latest = new TextArea(status.messageProperty().get());
        latest.setId("message-details-text");
        latest.setEditable(false);
        latest.setWrapText(true);
        latest.setPrefRowCount(4);
        TextArea before = new TextArea(String.join("\n", status.earlier()));
        before.setId("message-details-earlier");
        before.setEditable(false);
        before.setWrapText(true);
        before.setPrefRowCount(6);
        VBox content = new VBox(6, new Label("Latest message"), latest, new Label("Before"), before);
        content.setPadding(new Insets(10));
        content.setPrefWidth(640);
        PopOver popOver = new PopOver(content);
        popOver.setId("message-details-popover");
        popOver.setArrowLocation(PopOver.ArrowLocation.BOTTOM_RIGHT);
        popOver.setDetachable(false);
        popOver.show(anchor);
    }
}
