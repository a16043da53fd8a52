package org.hypertower.ui.run;

import java.util.HashSet;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.CheckListView;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.ui.charts.ChartsView;

/**
 * The runs of this session: a tick shows a run in the charts, selecting it makes it the one the
 * level charts and the Compare menu follow; each row shows the run's status, test accuracy and
 * train loss, its tooltip the whole tower and configuration. Runs are removed from the list, never
 * from the disk.
 */
public final class RunListView extends VBox {

    private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");

    private final RunViewModel runs;
    private final ChartsView charts;
    private final CheckListView<RunData> list;
    /** Which runs are unticked: the check model keeps ticks by index, so they are put back after every change. */
    private final Set<RunData> hidden = new HashSet<>();
    private boolean syncing;

    /** Builds the list on the runs' view-model; ticks and selection drive the charts. */
    public RunListView(RunViewModel runs, ChartsView charts) {
        this.runs = runs;
        this.charts = charts;
        this.list = new CheckListView<>(runs.runs());
        createView();
        initListeners();
    }

    private void createView() {
        getStylesheets().add(RunListView.class.getResource("runs.css").toExternalForm());
        getStyleClass().add("run-list");
        list.setId("runs");
        list.setPrefWidth(280);
        list.setCellFactory(v -> new RunCell());
        list.setPlaceholder(new Label("No runs yet: press Start."));
        Button remove = new Button("Remove");
        remove.setId("remove-run");
        remove.setTooltip(new Tooltip("Removes the selected run from this list; its files stay on disk."));
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> removeSelected());
        Button clear = new Button("Clear finished");
        clear.setId("clear-runs");
        clear.setTooltip(new Tooltip("Removes every run that has ended from this list; their files stay on disk."));
        clear.disableProperty().bind(Bindings.isEmpty(runs.runs()));
        clear.setOnAction(e -> runs.clearFinished());
        MenuItem removeItem = new MenuItem("Remove from list");
        removeItem.setOnAction(e -> removeSelected());
        MenuItem clearItem = new MenuItem("Clear finished runs");
        clearItem.setOnAction(e -> runs.clearFinished());
        MenuItem followItem = new MenuItem("Follow this run's learned path");
        followItem.setId("follow-path");
        followItem.disableProperty().bind(Bindings.createBooleanBinding(() -> !runs.compare().followProperty().get().enabled(),
                runs.compare().followProperty()));
        followItem.setOnAction(e -> runs.startFollowing());
        list.setContextMenu(new ContextMenu(removeItem, clearItem, new javafx.scene.control.SeparatorMenuItem(), followItem));
        Label title = new Label("Runs");
        title.getStyleClass().add("section-title");
        HBox buttons = new HBox(6, remove, clear);
        getChildren().addAll(title, list, buttons);
        VBox.setVgrow(list, Priority.ALWAYS);
        setSpacing(6);
        setPadding(new Insets(8));
    }

    private void initListeners() {
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                removeSelected();
                e.consume();
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            runs.compare().selectedProperty().set(now);
            if (now != null) {
                charts.focus(now);
            }
        });
        runs.runs().addListener((ListChangeListener<RunData>) c -> {
            boolean removed = false;
            while (c.next()) {
                for (RunData gone : c.getRemoved()) {
                    if (!runs.runs().contains(gone)) {
                        hidden.remove(gone);
                        charts.setVisible(gone, true); // the charts forget it
                        removed = true;
                    }
                }
            }
            syncChecks();
            if (removed) {
                RunData selected = list.getSelectionModel().getSelectedItem();
                int n = runs.runs().size();
                charts.focus(selected != null ? selected : n == 0 ? null : runs.runs().get(n - 1));
            }
            list.refresh(); // colours follow the position; cells bind to the check model's new properties
        });
        list.getCheckModel().getCheckedItems().addListener((ListChangeListener<RunData>) c -> {
            if (syncing) {
                return;
            }
            for (RunData run : runs.runs()) {
                boolean visible = list.getCheckModel().isChecked(run);
                if (visible == hidden.contains(run)) {
                    if (visible) {
                        hidden.remove(run);
                    } else {
                        hidden.add(run);
                    }
                    charts.setVisible(run, visible);
                }
            }
        });
        syncChecks();
        // the swatches match the lines, whose colours differ between the themes
        charts.themeProperty().addListener(obs -> list.refresh());
    }

    private void syncChecks() {
        syncing = true;
        try {
            for (int i = 0; i < runs.runs().size(); i++) {
                if (hidden.contains(runs.runs().get(i))) {
                    list.getCheckModel().clearCheck(i);
                } else {
                    list.getCheckModel().check(i);
                }
            }
        } finally {
            syncing = false;
        }
    }

    /** Selects a run in the list (as a click would). */
    public void select(RunData run) {
        list.getSelectionModel().select(run);
        list.scrollTo(run);
    }

    private void removeSelected() {
        RunData selected = list.getSelectionModel().getSelectedItem();
        if (selected != null) {
            runs.remove(selected);
        }
    }

    /** One run: tick, colour, name and status line; the tooltip tells the rest. */
    private final class RunCell extends ListCell<RunData> {
        private final CheckBox visible = new CheckBox();
        private final Label swatch = new Label("■");
        private final Label name = new Label();
        private final Label status = new Label();
        private final Tooltip tooltip = new Tooltip();
        private final HBox box;
        private final ChangeListener<Object> changed = (obs, old, now) -> describe();
        private RunData shown;
        private BooleanProperty bound;

        RunCell() {
            name.getStyleClass().add("run-name");
            name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
            name.setEllipsisString("…");
            status.getStyleClass().add("run-status");
            status.setTextOverrun(OverrunStyle.ELLIPSIS);
            swatch.getStyleClass().add("run-swatch");
            VBox text = new VBox(1, name, status);
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
            box = new HBox(5, visible, swatch, text);
            box.setMinWidth(0);
            tooltip.setShowDelay(Duration.millis(300));
            tooltip.setShowDuration(Duration.seconds(30));
            tooltip.setWrapText(true);
            tooltip.setMaxWidth(520);
            setPrefWidth(0); // the list's width, not the name's, sets the row's: long names are cut with an ellipsis
        }

        @Override
        protected void updateItem(RunData item, boolean empty) {
            super.updateItem(item, empty);
            if (shown != null) {
                shown.versionProperty().removeListener(changed);
                shown.endedProperty().removeListener(changed);
            }
            if (bound != null) {
                visible.selectedProperty().unbindBidirectional(bound);
                bound = null;
            }
            shown = empty ? null : item;
            if (shown == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            shown.versionProperty().addListener(changed);
            shown.endedProperty().addListener(changed);
            bound = list.getItemBooleanProperty(shown);
            if (bound != null) {
                visible.selectedProperty().bindBidirectional(bound);
            }
            swatch.setStyle("-fx-text-fill: " + charts.colorOf(shown) + ";");
            setText(null);
            setGraphic(box);
            setTooltip(tooltip);
            describe();
        }

        private void describe() {
            if (shown != null) {
                name.setText(shown.name());
                status.setText(RunText.statusLine(shown));
                RunEnded ended = shown.endedProperty().get();
                status.pseudoClassStateChanged(PROBLEM, ended != null && (ended.status()
                        == RunStatus.DIVERGED || ended.status() == RunStatus.FAILED));
                tooltip.setText(RunText.tooltip(shown));
            }
        }
    }
}
