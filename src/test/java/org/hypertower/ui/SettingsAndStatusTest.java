package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.controlsfx.control.StatusBar;
import org.hypertower.data.DatasetFiles;
import org.hypertower.data.DatasetId;
import org.hypertower.data.DownloadProgress;
import org.hypertower.data.Downloader;
import org.hypertower.data.DownloaderTest.LocalServer;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerPreset;
import org.hypertower.ui.data.DatasetViewModel;
import org.hypertower.ui.help.HelpContent;
import org.hypertower.ui.run.RunData;
import org.hypertower.ui.run.RunViewModel;
import org.hypertower.ui.tower.TowerBuilderViewModel;
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
 * The settings bar, the run controls' keys, the Help menu and the status bar on the real window,
 * headless on Monocle: datasets looked for in (and downloaded to) a temporary folder, runs written
 * to another.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsAndStatusTest {

    private static final String FASHION_MISSING = "Fashion-MNIST is not on this machine: Download it first (29.4 MiB).";

    @TempDir
    Path tmp;

    private TowerBuilderViewModel tower;
    private RunViewModel runs;
    private WorkbenchView view;
    /** What Download does: by default, after a moment, it puts a small copy of the dataset in place. */
    private volatile DatasetViewModel.Fetcher fetcher = new DatasetViewModel.Fetcher() {
        @Override
        public void fetch(DatasetId id, Path dataDir, org.hypertower.data.DownloadListener listener) {
            for (int i = 0; i <= 10; i++) {
                listener.progress(new DownloadProgress("train-images-idx3-ubyte.gz", i * 2_642_188L, 26_421_880, 1e7));
                WaitForAsyncUtils.sleep(80, TimeUnit.MILLISECONDS);
            }
            DatasetFiles.writeDataset(id, dataDir);
        }

        @Override
        public boolean cancelAndWait(Duration max) {
            return true;
        }
    };
    private final List<Thread> backgroundThreads = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        tower = new TowerBuilderViewModel(TowerPreset.ADAM_SGD.spec());
        tower.selectedProperty().set(0);
        runs = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("runs")));
        view = new WorkbenchView(tower, runs, tmp.resolve("experiments"), datasets(tmp.resolve("data")));
        FxTesting.show(stage, view);
    }

    private DatasetViewModel datasets(Path dataDir) {
        return new DatasetViewModel(Platform::runLater, job -> {
            Thread t = new Thread(job, "test-datasets");
            t.setDaemon(true);
            backgroundThreads.add(t);
            t.start();
        }, () -> fetcher, Optional.of(dataDir));
    }

    @AfterEach
    void stopTraining() throws TimeoutException {
        WaitForAsyncUtils.asyncFx(() -> {
            // dialogs a test left open would stay for the next one
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w instanceof Stage s && s.getScene() != null && s.getScene().getRoot() instanceof DialogPane) {
                    s.close();
                }
            }
            runs.stop();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> runs.stateProperty().get() == RunViewModel.State.IDLE));
        WaitForAsyncUtils.waitForAsyncFx(30_000, () -> {
            view.dispose();
            runs.shutdown();
        });
    }

    // ---------------------------------------------------------------- helpers

    /** Chooses a dataset in the bar's list, as a user would. */
    private static void choose(FxRobot robot, DatasetId id) {
        robot.clickOn("#dataset");
        robot.clickOn((Node n) -> n instanceof ListCell<?> cell && cell.isVisible() && cell.getText() != null
                && (cell.getText().equals(id.title()) || cell.getText().startsWith(id.title() + "  (")));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private static Spinner<Integer> spinner(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryAs(Spinner.class);
    }

    /** Types a value into a spinner's field and presses Enter; the focus stays in the field. */
    private static void typeInto(FxRobot robot, String id, String text) {
        robot.clickOn(spinner(robot, id).getEditor()).push(KeyCode.CONTROL, KeyCode.A).write(text).type(KeyCode.ENTER);
    }

    private static String message(FxRobot robot) {
        return robot.lookup("#message").queryLabeled().getText();
    }

    private static Button button(FxRobot robot, String id) {
        return robot.lookup("#" + id).queryButton();
    }

    private static void press(FxRobot robot, KeyCombinationText keys) {
        robot.push(keys.combination());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A shortcut as the Help lists it, to press. */
    private record KeyCombinationText(KeyCodeCombination combination) {
        static KeyCombinationText of(javafx.scene.input.KeyCombination keys) {
            return new KeyCombinationText((KeyCodeCombination) keys);
        }
    }

    private RunData run(int index) throws Exception {
        waitUntil("run " + index + " is listed", 10, () -> runs.runs().size() > index);
        return fx(() -> runs.runs().get(index));
    }

    private static RunEnded awaitEnd(RunData run, int seconds) throws Exception {
        waitUntil(run.name() + " ends", seconds, () -> run.endedProperty().get() != null);
        return fx(() -> run.endedProperty().get());
    }

    private static Optional<DialogPane> dialog(String id) {
        return Window.getWindows().stream().filter(Window::isShowing).map(Window::getScene)
                .filter(s -> s != null && s.getRoot() instanceof DialogPane pane && id.equals(pane.getId()))
                .map(s -> (DialogPane) s.getRoot()).findFirst();
    }

    private static List<String> texts(Node root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node node, List<String> out) {
        if (node instanceof Labeled l && l.getText() != null) {
            out.add(l.getText());
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(child -> collect(child, out));
        }
    }

    // ---------------------------------------------------------------- the dataset must be here

    @Test
    void startIsOffWhileTheDatasetIsNotHereAndDownloadTurnsItOn(FxRobot robot) throws Exception {
        choose(robot, DatasetId.FASHION_MNIST);

        assertTrue(button(robot, "start").isDisabled(), "no run without its dataset");
        assertTrue(robot.lookup("#download").queryButton().isVisible());
        assertEquals("Download 29.4 MiB", button(robot, "download").getText());
        assertEquals("not on this machine", robot.lookup("#dataset-status").queryLabeled().getText());
        assertTrue(message(robot).startsWith(FASHION_MISSING), message(robot));

        // pointing at the disabled Start says why
        robot.moveTo("#start");
        waitUntil("Start's tooltip shows why", 10, () -> Window.getWindows().stream()
                .anyMatch(w -> w instanceof Tooltip t && t.isShowing() && FASHION_MISSING.equals(t.getText())));

        robot.clickOn("#download");
        waitUntil("the download's progress shows", 5, () -> robot.lookup("#download-progress").query().isVisible()
                && robot.lookup("#cancel-download").query().isVisible());
        assertFalse(robot.lookup("#download").query().isVisible());
        waitUntil("the status bar shows the download", 5, () -> robot.lookup("#progress").queryLabeled().getText()
                .startsWith("Downloading Fashion-MNIST: train-images-idx3-ubyte.gz"));
        waitUntil("the download has ended", 20, () -> !view.datasets().downloadingProperty().get());

        assertFalse(button(robot, "start").isDisabled(), "Start is on once the dataset is here");
        assertEquals("on this machine", robot.lookup("#dataset-status").queryLabeled().getText());
        assertEquals("Fashion-MNIST is on this machine now: press Start.", message(robot));
        assertFalse(robot.lookup("#download").query().isVisible());
        assertTrue(Files.exists(tmp.resolve("data/fashion-mnist/train-images-idx3-ubyte.gz")));
    }

    @Test
    void theDatasetListSaysWhichNeedADownload(FxRobot robot) throws Exception {
        DatasetFiles.writeDataset(DatasetId.MNIST, tmp.resolve("data"));
        robot.interact(() -> view.datasets().scan());
        waitUntil("the scan has looked", 10, () -> Boolean.TRUE.equals(view.datasets().availability().get(DatasetId.MNIST)));
        robot.clickOn("#dataset");
        javafx.scene.control.ComboBox<?> combo = robot.lookup("#dataset").queryComboBox();
        List<String> items = fx(() -> ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) combo.getSkin()).getPopupContent()
                .lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n).filter(Node::isVisible).map(ListCell::getText)
                .filter(t -> t != null && !t.isEmpty()).toList());
        robot.type(KeyCode.ESCAPE);
        assertEquals(List.of("Iris", "MNIST", "Fashion-MNIST  (download 29.4 MiB)", "CIFAR-10  (download 162.2 MiB)",
                "CIFAR-100  (download 160.7 MiB)"), items);
    }

    // ---------------------------------------------------------------- each dataset's settings

    @Test
    void choosingADatasetGivesItsOwnEpochsAndBatchAndSaysWhatChanged(FxRobot robot) throws Exception {
        typeInto(robot, "epochs", "2000");
        assertEquals(2000, (int) fx(() -> spinner(robot, "epochs").getValue()));

        choose(robot, DatasetId.FASHION_MNIST);

        assertEquals(5, (int) fx(() -> spinner(robot, "epochs").getValue()), "not Iris's 2000");
        assertEquals(128, (int) fx(() -> spinner(robot, "batch").getValue()));
        assertEquals("128", robot.lookup("#hidden").queryAs(TextField.class).getText());
        assertEquals(FASHION_MISSING + " Fashion-MNIST: model paper-mlp → mlp, hidden 8 → 128, epochs 2000 → 5, "
                + "batch 10 → 128 (its defaults).", message(robot));

        choose(robot, DatasetId.IRIS);
        assertEquals(2000, (int) fx(() -> spinner(robot, "epochs").getValue()), "Iris keeps what the user set for it");
        assertEquals(10, (int) fx(() -> spinner(robot, "batch").getValue()));
        assertTrue(message(robot).startsWith("Iris: model mlp → paper-mlp"), message(robot));
        assertTrue(message(robot).endsWith("(as you left them)."), message(robot));
    }

    @Test
    void theLimitTypedInTheBarIsWhatTheRunTrainsOnAndRecords(FxRobot robot) throws Exception {
        assertEquals("all", spinner(robot, "limit").getEditor().getText());
        assertEquals("all", spinner(robot, "test-limit").getEditor().getText());
        typeInto(robot, "epochs", "3");
        typeInto(robot, "limit", "20");
        assertEquals(20, (int) fx(() -> runs.limitProperty().get()));

        robot.clickOn("#start");
        RunData run = run(0);
        RunEnded ended = awaitEnd(run, 60);

        assertEquals(RunStatus.COMPLETED, ended.status(), ended.message());
        assertEquals(6, ended.steps(), "3 epochs of the first 20 rows in batches of 10");
        JsonNode config = new ObjectMapper().readTree(run.folder().resolve("run.json").toFile()).get("configuration");
        assertEquals(20, config.get("limit").asInt(), config.toString());
        assertEquals(0, config.get("test_limit").asInt(), config.toString());
    }

    @Test
    void aValueTypedThatIsNotANumberInRangeIsRefusedWithASentenceAndNothingChanges(FxRobot robot) throws Exception {
        typeInto(robot, "epochs", "abc");
        assertEquals("Epochs: 'abc' is not a whole number from 1 to 100,000; it stays 100.", message(robot));
        typeInto(robot, "epochs", "200000");
        assertEquals("Epochs: '200000' is not a whole number from 1 to 100,000; it stays 100.", message(robot),
                "out of range is refused, not taken as the nearest bound");
        assertEquals(100, (int) fx(() -> runs.epochsProperty().get()));
        assertEquals("100", fx(() -> spinner(robot, "epochs").getEditor().getText()));

        typeInto(robot, "labeled-fraction", "NaN");
        assertEquals("Labeled: 'NaN' is not a number from 0.05 to 0.95; it stays 0.2.", message(robot));
        typeInto(robot, "labeled-fraction", "Infinity");
        assertTrue(message(robot).startsWith("Labeled: 'Infinity' is not a number"), message(robot));
        assertEquals(0.2, fx(() -> runs.labeledFractionProperty().get()));

        typeInto(robot, "batch", "-3");
        assertEquals("Batch: '-3' is not a whole number from 1 to 4,096; it stays 10.", message(robot));
        assertEquals(List.of(), fx(() -> runs.runs()), "nothing ran");
    }

    // ---------------------------------------------------------------- the status bar

    @Test
    void aLongMessageIsShownWholeInItsTooltipAndItsDetails(FxRobot robot) throws Exception {
        robot.interact(() -> runs.clearFinished());
        Path deep = tmp.resolve("a-folder-with-a-long-name-that-a-user-might-well-have-for-runs-kept-from-last-year")
                .resolve("and-another-one-below-it-whose-name-is-just-as-long-as-the-first-one");
        robot.interact(() -> runs.open(deep));
        String whole = fx(() -> runs.messageProperty().get());
        assertTrue(whole.length() > 200, whole);

        Label label = robot.lookup("#message").queryAs(Label.class);
        assertEquals(whole, label.getText());
        String shown = fx(() -> ((Text) label.lookup(".text")).getText());
        assertTrue(shown.length() < whole.length(), "the bar has room for part of it: " + shown);
        assertEquals(whole, fx(() -> label.getTooltip().getText()));

        robot.clickOn("#message-details");
        waitUntil("the details show", 5, () -> robot.lookup("#message-details-text").tryQuery().isPresent());
        assertEquals(whole, robot.lookup("#message-details-text").queryAs(TextArea.class).getText());
        String earlier = robot.lookup("#message-details-earlier").queryAs(TextArea.class).getText();
        assertTrue(earlier.endsWith("No run has ended yet, so there is nothing to clear."), earlier);
        robot.type(KeyCode.ESCAPE);
    }

    @Test
    @Timeout(120)
    void theStatusBarShowsTheRunsProgressWhileItTrains(FxRobot robot) throws Exception {
        typeInto(robot, "epochs", "10000");
        robot.clickOn("#start");
        RunData run = run(0);
        StatusBar bar = robot.lookup("#status-bar").queryAs(StatusBar.class);

        waitUntil("the progress is in words", 30, () -> robot.lookup("#progress").queryLabeled().getText()
                .matches("step \\d+ of 30000, epoch \\d+ of 10000, \\d+ examples/s on 1 thread, \\S+ left"));
        waitUntil("the bar shows how far", 10, () -> bar.getProgress() > 0 && bar.getProgress() < 1);
        assertTrue(fx(() -> bar.lookup(".progress-bar").isVisible()));

        robot.clickOn("#stop");
        awaitEnd(run, 30);
        waitUntil("the bar is done", 10, () -> bar.getProgress() == 0);
        assertEquals("Ready.", robot.lookup("#progress").queryLabeled().getText());
    }

    // ---------------------------------------------------------------- nothing hidden

    private static final List<String> SETTINGS = List.of("presets", "dataset", "dataset-status", "download", "limit",
            "test-limit", "model", "epochs", "batch", "seed", "start", "pause", "stop", "device", "constrained",
            "compare", "export", "files", "help");

    /**
     * Every control of the settings and the run bar that is meant to show, in a window's scene, lies
     * whole inside it.
     */
    private static void assertEverySettingShows(FxRobot robot, javafx.scene.Scene scene, List<String> ids) throws Exception {
        double width = scene.getWidth();
        double height = scene.getHeight();
        List<String> problems = fx(() -> {
            List<String> out = new ArrayList<>();
            assertTrue(robot.from(scene.getRoot()).lookup(".tool-bar-overflow-button").tryQuery().isEmpty(), "no overflow menu");
            for (String id : ids) {
                Node n = robot.from(scene.getRoot()).lookup("#" + id).query();
                if (!shows(n)) {
                    out.add(id + " is hidden");
                    continue;
                }
                Bounds b = n.localToScene(n.getLayoutBounds());
                if (b.getMinX() < 0 || b.getMaxX() > width || b.getMinY() < 0 || b.getMaxY() > height) {
                    out.add(id + " lies outside the window at " + b);
                }
            }
            for (String bar : List.of("#settings-bar", "#run-bar")) {
                for (Node n : robot.from(scene.getRoot()).lookup(bar)
                        .lookup((Node c) -> c instanceof Control && c.isVisible() && !insideAControl(c)).queryAll()) {
                    Bounds b = n.localToScene(n.getLayoutBounds());
                    if (shows(n) && (b.getMaxX() > width || b.getWidth() <= 0)) {
                        out.add(n + " is cut off at " + b);
                    }
                }
            }
            return out;
        });
        assertEquals(List.of(), problems);
    }

    /** Whether a node is part of another control (a combo box's list, a spinner's field). */
    private static boolean insideAControl(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof Control) {
                return true;
            }
        }
        return false;
    }

    /** Whether a node and every parent up to the scene are visible. */
    private static boolean shows(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void at1440PixelsWithAnImageDatasetEverySettingShows(FxRobot robot) throws Exception {
        choose(robot, DatasetId.FASHION_MNIST);
        javafx.scene.Scene scene = robot.lookup("#settings-bar").query().getScene();
        assertEquals(1440, scene.getWidth());
        assertEquals(900, scene.getHeight());

        List<String> ids = new ArrayList<>(SETTINGS);
        ids.add("hidden");
        assertEverySettingShows(robot, scene, ids);
        double top = fx(() -> view.getTop().getLayoutBounds().getHeight());
        assertTrue(top < 150, "the settings take " + top + " px of 900");

        // downloading shows a progress bar and Cancel instead of the button
        robot.clickOn("#download");
        waitUntil("the download shows", 5, () -> robot.lookup("#cancel-download").query().isVisible());
        List<String> downloading = new ArrayList<>(ids);
        downloading.removeAll(List.of("download", "dataset-status"));
        downloading.addAll(List.of("download-progress", "cancel-download"));
        assertEverySettingShows(robot, scene, downloading);
        waitUntil("the download has ended", 20, () -> !view.datasets().downloadingProperty().get());
    }

    @Test
    void aNarrowerWindowWrapsTheSettingsInsteadOfHidingThem(FxRobot robot) throws Exception {
        Stage narrow = fx(() -> {
            Stage s = new Stage();
            RunViewModel other = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("narrow-runs")));
            WorkbenchView workbench = new WorkbenchView(new TowerBuilderViewModel(TowerPreset.ADAM_SGD.spec()), other,
                    tmp.resolve("narrow-experiments"), datasets(tmp.resolve("narrow-data")));
            WorkbenchApp.stopRunsOnClose(s, workbench, other);
            s.setScene(new javafx.scene.Scene(workbench, 1024, 768));
            s.getScene().getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
            s.show();
            other.datasetProperty().set(DatasetId.CIFAR100);
            return s;
        });
        try {
            WaitForAsyncUtils.waitForFxEvents();
            assertEverySettingShows(robot, narrow.getScene(), SETTINGS);
        } finally {
            robot.interact(narrow::close);
        }
    }

    // ---------------------------------------------------------------- keys and help

    @Test
    @Timeout(120)
    void startPauseAndStopKeysWorkFromTheSettingsFields(FxRobot robot) throws Exception {
        typeInto(robot, "epochs", "10000"); // the focus stays in the epochs field

        press(robot, KeyCombinationText.of(HelpContent.START));
        RunData run = run(0);
        waitUntil("the run has taken a few steps", 30, () -> run.steps() >= 5);

        press(robot, KeyCombinationText.of(HelpContent.PAUSE));
        assertEquals(RunViewModel.State.PAUSED, fx(() -> runs.stateProperty().get()));
        assertEquals("Resume", button(robot, "pause").getText());
        press(robot, KeyCombinationText.of(HelpContent.PAUSE));
        assertEquals(RunViewModel.State.RUNNING, fx(() -> runs.stateProperty().get()));

        press(robot, KeyCombinationText.of(HelpContent.STOP));
        assertEquals(RunStatus.STOPPED, awaitEnd(run, 30).status());
        assertEquals(1, (int) fx(() -> runs.runs().size()));

        press(robot, KeyCombinationText.of(HelpContent.STOP));
        assertEquals("No run is going, so there is nothing to stop.", message(robot));
    }

    @Test
    void theStartKeySaysWhyWhenStartIsOff(FxRobot robot) throws Exception {
        choose(robot, DatasetId.FASHION_MNIST);
        robot.clickOn("#tower-stack");
        robot.interact(() -> runs.clearFinished());

        press(robot, KeyCombinationText.of(HelpContent.START));

        assertEquals(0, (int) fx(() -> runs.runs().size()), "neither a run nor a failed one");
        assertEquals(FASHION_MISSING, message(robot));
    }

    @Test
    void theStartKeyBuildsTheTowerBeingTypedFirst(FxRobot robot) throws Exception {
        typeInto(robot, "epochs", "2");
        FxTesting.type(robot, "#spec", "sgd(alpha=0.1)");

        press(robot, KeyCombinationText.of(HelpContent.START));

        RunData run = run(0);
        assertEquals("sgd(alpha=0.1)", fx(() -> run.config().tower().toString()));
        awaitEnd(run, 60);
    }

    @Test
    void theExportKeyAsksForTheChartsSize(FxRobot robot) throws Exception {
        robot.clickOn("#tower-stack");

        press(robot, KeyCombinationText.of(HelpContent.EXPORT));

        waitUntil("the size is asked for", 5, () -> Window.getWindows().stream()
                .anyMatch(w -> w instanceof Stage s && s.isShowing() && "Export charts".equals(s.getTitle())));
        robot.type(KeyCode.ESCAPE);
        waitUntil("the question is gone", 5, () -> Window.getWindows().stream()
                .noneMatch(w -> w instanceof Stage s && s.isShowing() && "Export charts".equals(s.getTitle())));
    }

    @Test
    void f1ListsEveryShortcutAndTheHelpMenuTheVersionsAndPapers(FxRobot robot) throws Exception {
        robot.clickOn("#tower-stack");

        press(robot, KeyCombinationText.of(HelpContent.SHORTCUTS));

        waitUntil("the shortcuts show", 5, () -> dialog("help-shortcuts-dialog").isPresent());
        List<String> shown = fx(() -> texts(dialog("help-shortcuts-dialog").orElseThrow()));
        for (HelpContent.Shortcut s : HelpContent.shortcuts()) {
            assertTrue(shown.contains(s.keys().getDisplayText()) && shown.contains(s.action()), s + " in " + shown);
        }
        assertTrue(shown.contains("Ctrl+P") && shown.contains("Ctrl+Shift+Z") && shown.contains("F1"), shown.toString());
        robot.type(KeyCode.ESCAPE);
        waitUntil("the shortcuts close", 5, () -> dialog("help-shortcuts-dialog").isEmpty());

        robot.clickOn("#help").clickOn("About Hypertower");
        waitUntil("About shows", 5, () -> dialog("help-about-dialog").isPresent());
        List<String> about = fx(() -> texts(dialog("help-about-dialog").orElseThrow()));
        for (String key : List.of("Hypertower", "Java", "JavaFX", "Deep Java Library", "Engine", "System")) {
            assertTrue(about.contains(key), key + " in " + about);
        }
        for (String citation : HelpContent.CITATIONS) {
            assertTrue(about.contains(citation), citation);
        }
        robot.type(KeyCode.ESCAPE);
    }

    @Test
    void theUndoAndRedoKeysTheHelpListsChangeTheTower(FxRobot robot) throws Exception {
        List<javafx.scene.input.KeyCombination> keys = HelpContent.shortcuts().stream().map(HelpContent.Shortcut::keys).toList();
        for (String listed : List.of("Shortcut+Z", "Shortcut+Shift+Z", "Shortcut+Y", "Delete")) {
            assertTrue(keys.contains(javafx.scene.input.KeyCombination.keyCombination(listed)), listed + " in " + keys);
        }
        robot.clickOn("#level-1").type(KeyCode.DELETE);
        assertEquals(1, (int) fx(() -> tower.levels().size()));

        press(robot, KeyCombinationText.of(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Z")));
        assertEquals(2, (int) fx(() -> tower.levels().size()));
        press(robot, KeyCombinationText.of(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+Z")));
        assertEquals(1, (int) fx(() -> tower.levels().size()));
        press(robot, KeyCombinationText.of(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Z")));
        press(robot, KeyCombinationText.of(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Y")));
        assertEquals(1, (int) fx(() -> tower.levels().size()));
    }

    // ---------------------------------------------------------------- startup

    @Test
    void theExperimentsTabIsBuiltWhenFirstShownNotAtStartup(FxRobot robot) {
        assertTrue(robot.lookup("#experiments").tryQuery().isEmpty(), "nothing of it is built with the window");

        robot.clickOn("Experiments");

        assertTrue(robot.lookup("#experiments").tryQuery().isPresent());
        assertTrue(robot.lookup("#experiment-start").tryQuery().isPresent());
    }

    // ---------------------------------------------------------------- closing

    @Test
    @Timeout(120)
    void closingTheWindowDuringADownloadCancelsItAndLeavesNoPartialFile(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LocalServer server = new LocalServer()) {
            // the first file arrives slowly: a few bytes, then nothing until the test ends
            server.handle("train-images-idx3-ubyte.gz", ex -> {
                ex.sendResponseHeaders(200, 26_421_880);
                OutputStream out = ex.getResponseBody();
                out.write(new byte[8192]);
                out.flush();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            fetcher = DatasetViewModel.Fetcher.of(new Downloader(Downloader.under(server.base())));
            Path data = tmp.resolve("closing-data");
            RunViewModel closingRuns = RunViewModel.withBackgroundThread(new RunStore(tmp.resolve("closing-runs")));
            Stage window = fx(() -> {
                Stage s = new Stage();
                WorkbenchView workbench = new WorkbenchView(new TowerBuilderViewModel(TowerPreset.ADAM_SGD.spec()),
                        closingRuns, tmp.resolve("closing-experiments"), datasets(data));
                WorkbenchApp.stopRunsOnClose(s, workbench, closingRuns);
                FxTesting.show(s, workbench);
                closingRuns.datasetProperty().set(DatasetId.FASHION_MNIST);
                return s;
            });
            robot.clickOn(robot.lookup("#download").match(n -> n.getScene() == window.getScene()).queryButton());
            Path part = data.resolve("fashion-mnist").resolve("train-images-idx3-ubyte.gz.part");
            waitUntil("the download has begun", 20, () -> Files.exists(part));

            // as the window manager's close button does
            robot.interact(() -> window.fireEvent(new WindowEvent(window, WindowEvent.WINDOW_CLOSE_REQUEST)));

            assertFalse(fx(window::isShowing));
            assertFalse(Files.exists(part), "the partial file is gone once the window has closed");
            for (Thread t : backgroundThreads) {
                t.join(5_000);
                assertFalse(t.isAlive(), t.getName() + " has ended, so nothing holds the application open");
            }
            try (var left = Files.walk(data)) {
                assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
            }
        } finally {
            release.countDown();
        }
    }
}
