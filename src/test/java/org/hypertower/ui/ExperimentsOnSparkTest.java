package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.type;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hypertower.experiment.DriverCommand;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.export.RunStore;
import org.hypertower.ui.experiments.ExperimentsViewModel;
import org.hypertower.ui.run.RunViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Experiments tab's "Run on: Spark", driven like a user would, headless on Monocle, on Spark
 * in this machine ({@code local[2,2]}, in a driver process the tab starts): the runs arrive one by
 * one and give what this machine's workers give; a master that is not one is refused in one
 * sentence with nothing written; Stop, or closing the window, ends the driver and every process
 * under it, and the folder resumes.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(600)
class ExperimentsOnSparkTest {

    @TempDir
    Path tmp;

    private RunViewModel runs;
    private WorkbenchView view;

    @Start
    void start(Stage stage) {
        runs = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("runs")));
        view = FxTesting.showWorkbench(stage, runs, tmp.resolve("experiments"));
    }

    @AfterEach
    void stopEverything() throws TimeoutException {
        if (view != null) {
            WaitForAsyncUtils.asyncFx(() -> view.experiments().stop());
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> !view.experiments().runningProperty().get()));
            FxTesting.dispose(runs, view);
        }
    }

    private static void spin(FxRobot robot, String id, int value) throws Exception {
        @SuppressWarnings("unchecked")
        Spinner<Integer> spinner = robot.lookup("#" + id).queryAs(Spinner.class);
        robot.clickOn(spinner.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write(Integer.toString(value))
                .type(KeyCode.ENTER);
        assertEquals(value, fx(spinner::getValue), id);
    }

    private String message(FxRobot robot) {
        return robot.lookup("#experiment-message").queryLabeled().getText();
    }

    /** Opens the tab, chooses Spark at a master, fills in a sweep of the template sgd and starts it. */
    private void sweepOnSpark(FxRobot robot, String master, int epochs) throws Exception {
        robot.clickOn("Experiments");
        @SuppressWarnings("unchecked")
        ComboBox<ExperimentPlan.Kind> kind = robot.lookup("#experiment-kind").queryAs(ComboBox.class);
        robot.interact(() -> kind.setValue(ExperimentPlan.Kind.SWEEP));
        @SuppressWarnings("unchecked")
        ComboBox<ExperimentsViewModel.RunOn> runOn = robot.lookup("#experiment-run-on").queryAs(ComboBox.class);
        assertFalse(robot.lookup("#experiment-master").query().isVisible(), "the master is asked for on Spark only");
        robot.interact(() -> runOn.setValue(ExperimentsViewModel.RunOn.SPARK));
        assertTrue(robot.lookup("#experiment-master").query().isVisible());
        assertFalse(robot.lookup("#experiment-workers").query().isVisible(), "Spark's master says how many at once");
        assertEquals("local[2]", robot.lookup("#experiment-master").queryTextInputControl().getText(), "the default");
        type(robot, "#experiment-master", master);
        type(robot, "#experiment-towers", "sgd");
        type(robot, "#experiment-alphas", "0.01,0.1");
        type(robot, "#experiment-heights", "0,1");
        spin(robot, "experiment-seeds", 1);
        spin(robot, "experiment-epochs", epochs);
        robot.clickOn("#experiment-start");
    }

    private Path folder() throws Exception {
        return fx(() -> view.experiments().folderProperty().get());
    }

    @Test
    void aSweepOnSparkArrivesRunByRunAndGivesWhatThisMachineGives(FxRobot robot) throws Exception {
        List<Integer> counts = new CopyOnWriteArrayList<>();
        List<ExperimentPlan.Result> drawn = new CopyOnWriteArrayList<>();
        robot.interact(() -> {
            view.experiments().doneProperty().addListener((obs, old, now) -> counts.add(now.intValue()));
            view.experiments().resultProperty().addListener((obs, old, now) -> drawn.add(now));
        });
        sweepOnSpark(robot, "local[2,2]", 2);
        waitUntil("the sweep ends", 300, () -> !view.experiments().runningProperty().get());
        assertTrue(message(robot).startsWith("Done: the report is "), message(robot));
        assertEquals(List.of(1, 2, 3, 4), counts, "the count moves as each run arrives");
        assertEquals("4 of 4 runs", robot.lookup("#experiment-count").queryLabeled().getText());
        assertEquals(4, fx(() -> view.experiments().log().size()));
        assertTrue(fx(() -> view.experiments().log().stream().allMatch(l -> l.matches("h[01]_a0\\.0?1_s0 completed, test error "
                + "0\\.\\d{4}"))), () -> String.valueOf(view.experiments().log()));
        // drawn while it ran, from the folder (no report yet), then whole
        assertTrue(drawn.size() >= 2, "drawn " + drawn.size() + " times");
        assertTrue(drawn.get(0).sweep() != null && drawn.get(0).report() == null, "the first cells, before the end");
        assertNotNull(drawn.get(drawn.size() - 1).report());
        assertEquals(4, robot.lookup(".heat-cell").queryAllAs(Label.class).size());
        assertEquals(2, fx(() -> view.experimentsView().chart().getData().size()), "one line per height");

        Path folder = folder();
        assertTrue(Files.isRegularFile(folder.resolve("report.html")));
        ExperimentPlan plan = fx(() -> view.experiments().plan());
        assertTrue(ExperimentPlan.read(folder).sameExperiment(plan));
        // the same sweep on this machine's workers
        Path here = tmp.resolve("here");
        plan.run(here, 2, (run, status, error, why, kept) -> { });
        assertEquals(Files.readAllLines(here.resolve("sweep.csv")), Files.readAllLines(folder.resolve("sweep.csv")));
        assertEquals(5, Files.readAllLines(folder.resolve("sweep.csv")).size(), "a header and 4 runs");
        waitUntil("the driver and its workers are gone", 30, ExperimentsOnSparkTest::nothingRunsUnderThisJvm);
    }

    @Test
    void aMasterThatIsNotOneIsRefusedInOneSentenceWithNothingWritten(FxRobot robot) throws Exception {
        sweepOnSpark(robot, "sparkk://x", 1);
        waitUntil("it is refused", 30, () -> message(robot).startsWith("The experiment cannot start"));
        assertEquals("The experiment cannot start: the Spark master 'sparkk://x' is not a Spark master URL; give "
                + "local[N] (Spark on this machine), spark://HOST:PORT (a standalone cluster), yarn or k8s://HOST:PORT.",
                message(robot));
        waitUntil("the tab is ready again", 5, () -> !view.experiments().runningProperty().get());
        assertFalse(robot.lookup("#experiment-start").queryButton().isDisabled(), "a new experiment can start");
        Path root = tmp.resolve("experiments");
        assertTrue(!Files.exists(root) || isEmpty(root), "no experiment's folder is made");
        assertTrue(nothingRunsUnderThisJvm(), "no driver was started");
    }

    @Test
    void stopEndsTheDriverAndItsWorkersAndTheFolderResumesOnSpark(FxRobot robot) throws Exception {
        sweepOnSpark(robot, "local[2,2]", 400);
        waitUntil("a run has arrived", 300, () -> view.experiments().doneProperty().get() >= 1
                || !view.experiments().runningProperty().get());
        assertTrue(fx(() -> view.experiments().runningProperty().get()), message(robot));
        assertTrue(driverRuns(), "the driver runs under this JVM");
        robot.clickOn("#experiment-stop");
        waitUntil("it stops", 60, () -> !view.experiments().runningProperty().get());
        assertTrue(message(robot).startsWith("Stopped. The runs that finished are kept in "), message(robot));
        waitUntil("the driver and its workers are gone", 10, ExperimentsOnSparkTest::nothingRunsUnderThisJvm);
        int finished = fx(() -> view.experiments().doneProperty().get());
        assertTrue(finished < 4, finished + " runs finished: it was stopped");

        Path folder = folder();
        Map<Path, byte[]> kept = committedRuns(folder);
        assertEquals(finished, kept.size(), "each run that arrived is in the folder: " + kept.keySet());
        // Open / resume on that folder: only what had not finished trains
        robot.interact(() -> view.experiments().open(folder));
        waitUntil("the sweep ends", 300, () -> !view.experiments().runningProperty().get());
        assertTrue(message(robot).startsWith("Done: the report is "), message(robot));
        assertEquals("4 of 4 runs", robot.lookup("#experiment-count").queryLabeled().getText());
        List<String> log = fx(() -> List.copyOf(view.experiments().log()));
        for (Map.Entry<Path, byte[]> run : kept.entrySet()) {
            assertTrue(log.contains(run.getKey() + " completed (kept from before)"), log.toString());
            assertArrayEquals(run.getValue(), Files.readAllBytes(folder.resolve("runs").resolve(run.getKey())
                    .resolve("run.json")), run.getKey() + " was kept, not trained again");
        }
        assertTrue(Files.readAllLines(folder.resolve("sweep.csv")).stream().skip(1).allMatch(r -> r.contains(",completed,")));
        waitUntil("the driver and its workers are gone", 30, ExperimentsOnSparkTest::nothingRunsUnderThisJvm);
    }

    @Test
    void closingTheWindowEndsTheExperimentOnSpark(FxRobot robot) throws Exception {
        sweepOnSpark(robot, "local[2,2]", 100_000);
        waitUntil("the driver runs", 60, ExperimentsOnSparkTest::driverRuns);
        waitUntil("its workers train", 120, () -> ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .count() >= 3);
        // what closing the window does (WorkbenchApp.stopRunsOnClose and stop)
        robot.interact(() -> view.dispose());
        waitUntil("the driver and its workers are gone", 30, ExperimentsOnSparkTest::nothingRunsUnderThisJvm);
        waitUntil("the tab says so", 10, () -> !view.experiments().runningProperty().get());
        assertTrue(message(robot).startsWith("Stopped."), message(robot));
        assertTrue(Files.isRegularFile(folder().resolve(ExperimentPlan.FILE)), "the folder stays, to resume");
    }

    @Test
    void aDriverEndedBySigtermFromOutsideIsReportedAsStoppedAndItsFolderResumes(FxRobot robot) throws Exception {
        sweepOnSpark(robot, "local[2,2]", 100_000);
        waitUntil("its workers train", 120, () -> ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .count() >= 3);
        // what `kill PID` does: the tab did not ask for it
        assertTrue(driver().orElseThrow().destroy(), "SIGTERM sent");
        waitUntil("it stops", 60, () -> !view.experiments().runningProperty().get());
        Path folder = folder();
        assertEquals("Stopped by SIGTERM from outside Hypertower. The runs that finished are kept in " + folder
                + "; open that folder to resume.", message(robot));
        waitUntil("the driver and its workers are gone", 30, ExperimentsOnSparkTest::nothingRunsUnderThisJvm);
        assertTrue(Files.isRegularFile(folder.resolve(ExperimentPlan.FILE)), "the folder stays, to resume");
        assertFalse(robot.lookup("#experiment-start").queryButton().isDisabled(), "a new experiment can start");
    }

    /** Returns the runs committed in an experiment's folder, each with its run.json. */
    private static Map<Path, byte[]> committedRuns(Path folder) throws IOException {
        Map<Path, byte[]> out = new HashMap<>();
        Path runs = folder.resolve("runs");
        if (Files.isDirectory(runs)) {
            try (var list = Files.list(runs)) {
                for (Path p : list.filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> Files.isRegularFile(p.resolve("run.json"))).toList()) {
                    out.put(p.getFileName(), Files.readAllBytes(p.resolve("run.json")));
                }
            }
        }
        return out;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.findAny().isEmpty();
        }
    }

    private static boolean nothingRunsUnderThisJvm() {
        return ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive);
    }

    /** Returns whether a driver the tab started runs (its environment says it is one). */
    private static boolean driverRuns() {
        return driver().isPresent();
    }

    /** Returns the driver the tab started, while it runs. */
    private static java.util.Optional<ProcessHandle> driver() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"), StandardCharsets.ISO_8859_1)
                        .contains(DriverCommand.VARIABLE + "=1");
            } catch (IOException gone) {
                return false;
            }
        }).findFirst();
    }
}
