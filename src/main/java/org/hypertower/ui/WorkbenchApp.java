package org.hypertower.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerPreset;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;

/** The Hypertower workbench: opens on Iris with Adam / SGD ready, one click from a run. */
public final class WorkbenchApp extends Application {

    private RunViewModel runs;
    private WorkbenchView view;

    @Override
    public void start(Stage stage) {
        TowerBuilderViewModel tower = new TowerBuilderViewModel(TowerPreset.ADAM_SGD.spec());
        tower.selectedProperty().set(0);
        runs = RunViewModel.withBackgroundThread(RunStore.defaultStore());
        view = new WorkbenchView(tower, runs,
                org.hypertower.data.DataDirs.userFolder("HYPERTOWER_EXPERIMENTS", "experiments"));
        ReportOpener reports = ReportOpener.forThisMachine(getHostServices()::showDocument, text -> {
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putString(text);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        }, view.experiments().messageProperty()::set);
        view.experimentsView().setOnOpenReport(reports::open);
        Scene scene = new Scene(view, 1440, 900);
        scene.getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
        stage.setTitle("Hypertower — hyperoptimizer towers");
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void stop() {
        if (view != null) {
            view.dispose();
        }
        if (runs != null) {
            runs.shutdown();
        }
    }
}
