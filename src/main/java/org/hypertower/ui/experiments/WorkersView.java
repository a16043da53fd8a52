package org.hypertower.ui.experiments;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.controlsfx.control.TaskProgressView;

/**
 * The runs an experiment's workers are training, one row each with its name, its progress in
 * words and a progress bar (ControlsFX's {@link TaskProgressView}); a row goes when its run ends.
 * Each row is a task that only mirrors a {@link ExperimentsViewModel.WorkerRun}: the work itself is
 * done by the worker processes, and the whole experiment is stopped with the tab's Stop.
 */
final class WorkersView extends TaskProgressView<Task<Void>> {

    private final Map<ExperimentsViewModel.WorkerRun, Mirror> shown = new IdentityHashMap<>();
    // each mirror waits on its own thread until its run ends: at most one per worker process
    private final ExecutorService waiting = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hypertower-experiment-rows");
        t.setDaemon(true);
        return t;
    });

    WorkersView(ObservableList<ExperimentsViewModel.WorkerRun> training) {
        setId("experiment-workers");
        getStyleClass().add("experiment-workers");
        training.addListener((ListChangeListener<ExperimentsViewModel.WorkerRun>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(this::end);
                c.getAddedSubList().forEach(this::begin);
            }
        });
        training.forEach(this::begin);
    }

    private void begin(ExperimentsViewModel.WorkerRun run) {
        Mirror mirror = new Mirror(run);
        shown.put(run, mirror);
        getTasks().add(mirror);
        waiting.execute(mirror);
    }

    private void end(ExperimentsViewModel.WorkerRun run) {
        Mirror mirror = shown.remove(run);
        if (mirror != null) {
            mirror.ended.countDown();
        }
    }

    /** A task that shows a worker's run and succeeds when the run ends. */
    private static final class Mirror extends Task<Void> {
        final CountDownLatch ended = new CountDownLatch(1);

        Mirror(ExperimentsViewModel.WorkerRun run) {
            updateTitle(run.name());
            updateMessage(run.textProperty().get());
            updateProgress(-1, 1);
            run.textProperty().addListener((obs, old, now) -> updateMessage(now));
            run.fractionProperty().addListener((obs, old, now) -> updateProgress(now.doubleValue() < 0 ? -1 : now.doubleValue(), 1));
        }

        @Override
        protected Void call() throws InterruptedException {
            ended.await();
            return null;
        }
    }
}
