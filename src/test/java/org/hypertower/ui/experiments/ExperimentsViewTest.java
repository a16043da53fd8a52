package org.hypertower.ui.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.SweepSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Experiments view draws a result readably: one distinct colour per line, whatever the palette's order. */
@ExtendWith(ApplicationExtension.class)
class ExperimentsViewTest {

    @TempDir
    java.nio.file.Path tmp;

    private ExperimentsView view;

    @Start
    void start(Stage stage) {
        view = new ExperimentsView(new ExperimentsViewModel(tmp, Runnable::run, Runnable::run));
        Scene scene = new Scene(view, 1200, 800);
        scene.getStylesheets().add(ExperimentsView.class.getResource("/org/hypertower/ui/workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void everyHeightOfASweepIsDrawnInItsOwnColour() throws Exception {
        java.nio.file.Path csv = tmp.resolve("sweep.csv");
        StringBuilder rows = new StringBuilder("height,alpha0,seed,status,final_train_loss,test_error\n");
        for (int h = 0; h < 4; h++) {
            for (String a : List.of("1e-06", "0.001", "1.0")) {
                rows.append(h).append(',').append(a).append(",0,completed,1.0,").append(0.2 + 0.1 * h).append('\n');
            }
        }
        Files.writeString(csv, rows);
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "t", "sgd", List.of(1e-6, 1e-3, 1.0),
                List.of(0, 1, 2, 3), 1, List.of());
        ExperimentPlan.Result result = new ExperimentPlan.Result(plan, null, SweepSummary.read(csv), null, null, null);
        // shown twice, as while a sweep runs: the colours must not drift from one drawing to the next
        WaitForAsyncUtils.asyncFx(() -> view.show(result)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> view.show(result)).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Set<String> strokes = WaitForAsyncUtils.asyncFx(() -> {
            view.applyCss();
            view.layout();
            Set<String> out = new TreeSet<>();
            for (var s : view.chart().getData()) {
                Paint stroke = ((javafx.scene.shape.Path) s.getNode()).getStroke();
                out.add(String.valueOf(stroke));
            }
            return out;
        }).get(10, TimeUnit.SECONDS);
        assertEquals(4, strokes.size(), "four heights, four colours: " + strokes);
        assertTrue(strokes.stream().noneMatch(c -> c.startsWith("0xf3622d") || c.startsWith("0xfba71b")),
                "not Modena's orange and amber, which look alike: " + strokes);
    }
    @Test
    void eachRunAWorkerTrainsHasARowWithItsProgressThatGoesWhenTheRunEnds() throws Exception {
        javafx.collections.ObservableList<ExperimentsViewModel.WorkerRun> training =
                javafx.collections.FXCollections.observableArrayList();
        WorkersView workers = fx(() -> {
            WorkersView w = new WorkersView(training);
            view.getChildren().add(w);
            return w;
        });
        ExperimentsViewModel.WorkerRun run = new ExperimentsViewModel.WorkerRun("h1_a0.1_s0");
        fx(() -> training.add(run));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("h1_a0.1_s0"), fx(() -> workers.getTasks().stream()
                .map(javafx.concurrent.Task::getTitle).toList()));

        fx(() -> {
            run.show(new org.hypertower.experiment.RunProgress.Snapshot(30, 1, 4, 20));
            return null;
        });
        waitUntil("the row shows the run's progress", 5, () -> fx(
                () -> workers.getTasks().get(0).getMessage().equals("step 30 of 80 · epoch 2 of 4")
                        && Math.abs(workers.getTasks().get(0).getProgress() - 30 / 80.0) < 1e-9));

        fx(() -> training.remove(run));
        waitUntil("the row goes when its run ends", 5,
                () -> fx(() -> workers.getTasks().isEmpty()));
    }

    private static <T> T fx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static void waitUntil(String what, int seconds, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }
}
