package org.hypertower.ui;

import static org.hypertower.ui.FxTesting.fx;
import static org.hypertower.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.hypertower.data.DatasetId;
import org.hypertower.export.RunStore;
import org.hypertower.ui.charts.ChartTheme;
import org.hypertower.ui.charts.RunColors;
import org.hypertower.ui.charts.TraceChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench window as {@link WorkbenchApp} opens it, on a preferences file in a temporary
 * folder: what it remembers survives closing it and opening a new one on the same file, and a
 * broken file opens the defaults with one sentence. Headless on Monocle.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchWindowTest {

    @TempDir
    Path tmp;

    private final List<Stage> open = new ArrayList<>();

    @AfterEach
    void closeAndGoBackToLight() throws Exception {
        fx(() -> {
            open.forEach(Stage::close);
            // the user-agent stylesheet is the application's: the next test class starts light
            WorkbenchTheme.LIGHT.applyStylesheet();
            return null;
        });
    }

    private Path prefs() {
        return tmp.resolve("config/workbench.json");
    }

    private WorkbenchWindow openWindow() throws Exception {
        WorkbenchWindow window = fx(() -> {
            Stage stage = new Stage();
            WorkbenchWindow w = WorkbenchWindow.create(stage, prefs(), new RunStore(tmp.resolve("runs")),
                    tmp.resolve("experiments"));
            stage.show();
            open.add(stage);
            return w;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return window;
    }

    private void close(WorkbenchWindow window) throws Exception {
        fx(() -> {
            Stage stage = (Stage) window.view().getScene().getWindow();
            stage.close();
            open.remove(stage);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Stage stageOf(WorkbenchWindow window) {
        return (Stage) window.view().getScene().getWindow();
    }

    @Test
    void theDarkThemeChosenFromTheViewMenuSurvivesARestart(FxRobot robot) throws Exception {
        WorkbenchWindow first = openWindow();
        assertEquals(WorkbenchTheme.LIGHT, fx(() -> first.themeProperty().get()));
        robot.clickOn("#view").clickOn("Theme").clickOn("Dark");
        waitUntil("the dark theme is applied", 5, () -> first.view().getStyleClass().contains("dark"));
        assertEquals(ChartTheme.DARK, fx(() -> first.view().charts().charts().get(0).theme()));
        assertEquals("dark", WorkbenchPreferences.load(prefs()).preferences().theme(), "saved at once, not only on close");
        close(first);

        WorkbenchWindow second = openWindow();
        assertEquals(WorkbenchTheme.DARK, fx(() -> second.themeProperty().get()));
        assertTrue(fx(() -> second.view().getStyleClass().contains("dark")));
        assertTrue(fx(Application::getUserAgentStylesheet).contains("primer-dark"), fx(Application::getUserAgentStylesheet));
        for (TraceChart chart : fx(() -> second.view().charts().charts())) {
            assertEquals(ChartTheme.DARK.axis(), chart.theme().axis(), chart.getTitle() + "'s axes");
        }
    }

    @Test
    void theRunsListSwatchesAndTheLinesShareTheirColourInBothThemes(FxRobot robot) throws Exception {
        Path recorded = RecordedRuns.train(tmp.resolve("recorded"), "adam(alpha=0.001) / sgd(alpha=1e-05)", 1);
        WorkbenchWindow window = openWindow();
        org.hypertower.ui.run.RunData run = fx(() -> window.runs().open(recorded));
        for (WorkbenchTheme theme : WorkbenchTheme.values()) {
            fx(() -> {
                window.themeProperty().set(theme);
                return null;
            });
            String expected = RunColors.of(run.colorSlot(), theme == WorkbenchTheme.DARK);
            waitUntil("the swatch is " + expected, 5, () -> robot.lookup(".run-swatch").queryAll().stream()
                    .anyMatch(n -> n.getStyle().contains(expected)));
            TraceChart loss = fx(() -> window.view().charts().charts().get(0));
            assertEquals(javafx.scene.paint.Color.web(expected), fx(() -> loss.traces().get(0).color()), theme.key());
        }
    }

    @Test
    void theWindowsSizeTheTowerAndTheSettingsSurviveARestart(FxRobot robot) throws Exception {
        WorkbenchWindow first = openWindow();
        fx(() -> {
            Stage stage = stageOf(first);
            stage.setX(40);
            stage.setY(30);
            stage.setWidth(1300);
            stage.setHeight(850);
            first.tower().specTextProperty().set("adam(alpha=0.01) / adam(alpha=0.001) / sgd(alpha=1e-05)");
            first.tower().applyText();
            first.runs().epochsProperty().set(7);
            first.runs().seedProperty().set(42);
            first.view().towerBuilder().setDivider(0.45);
            return null;
        });
        close(first);
        WorkbenchPreferences saved = WorkbenchPreferences.load(prefs()).preferences();
        assertEquals("7", saved.settings().get("epochs"));

        WorkbenchWindow second = openWindow();
        assertEquals(new Rectangle2D(40, 30, 1300, 850), fx(() -> {
            Stage s = stageOf(second);
            return new Rectangle2D(s.getX(), s.getY(), s.getWidth(), s.getHeight());
        }));
        assertEquals("adam(alpha=0.01) / adam(alpha=0.001) / sgd(alpha=1e-05)",
                fx(() -> second.tower().specProperty().get().toString()));
        assertEquals(7, fx(() -> second.runs().epochsProperty().get()));
        assertEquals(42, fx(() -> second.runs().seedProperty().get()));
        assertEquals(0.45, fx(() -> second.view().towerBuilder().divider()), 0.02);
    }

    @Test
    void aBrokenPreferencesFileOpensTheDefaultsAndSaysSoInOneSentence() throws Exception {
        Files.createDirectories(prefs().getParent());
        Files.writeString(prefs(), "{\"theme\": \"dark\", \"width\": ");
        WorkbenchWindow window = openWindow();
        assertEquals(WorkbenchTheme.LIGHT, fx(() -> window.themeProperty().get()));
        assertEquals(DatasetId.IRIS, fx(() -> window.runs().datasetProperty().get()));
        String said = fx(() -> ((StatusBar) window.view().lookup(".status-bar")).getText());
        assertTrue(said.startsWith("The workbench's saved settings in " + prefs() + " could not be read ("), said);
        assertTrue(said.endsWith("."), said);
        assertEquals(1, said.split("\\. [A-Z]").length, "one sentence: " + said);
    }

    @Test
    void demoModeSurvivesARestartAndTheSpeedStartsFull() throws Exception {
        WorkbenchPreferences.defaults().withDemo(true).save(prefs());
        WorkbenchWindow first = openWindow();
        assertTrue(fx(() -> first.view().demo().demoModeProperty().get()), "demo mode as it was left");
        assertTrue(fx(() -> first.view().getStyleClass().contains("demo")), "and shown");
        fx(() -> {
            first.runs().paceProperty().set(5);
            first.view().demo().demoModeProperty().set(false);
            return null;
        });
        close(first);
        assertFalse(WorkbenchPreferences.load(prefs()).preferences().demo());

        WorkbenchWindow second = openWindow();
        assertFalse(fx(() -> second.view().demo().demoModeProperty().get()));
        assertEquals(0.0, fx(() -> second.runs().paceProperty().get()), "every start trains at full speed");
    }

    @Test
    void theRunButtonsAndThePaletteCardsCarryIconsAndKeepTheirTooltips(FxRobot robot) throws Exception {
        openWindow();
        for (String id : List.of("#start", "#pause", "#stop", "#export", "#files", "#compare", "#view", "#help")) {
            assertInstanceOf(FontIcon.class, fx(() -> robot.lookup(id).queryLabeled().getGraphic()), id);
        }
        assertFalse(fx(() -> robot.lookup("#stop").queryAs(Button.class).getTooltip().getText()).isBlank());
        Label name = fx(() -> (Label) robot.lookup("#palette-adam .card-name").query());
        assertInstanceOf(FontIcon.class, name.getGraphic());
    }

    @Test
    void aWindowLeftOnAScreenThatIsGoneOpensCentredOnThePrimaryOne() {
        Rectangle2D primary = new Rectangle2D(0, 0, 1600, 1000);
        WorkbenchPreferences p = WorkbenchPreferences.defaults().withWindow(3000, 200, 1400, 900, false);
        assertEquals(new Rectangle2D(100, 50, 1400, 900), WorkbenchWindow.place(p, List.of(primary), primary));
        WorkbenchPreferences big = WorkbenchPreferences.defaults().withWindow(1500, 100, 2500, 1400, false);
        assertEquals(new Rectangle2D(0, 0, 1600, 1000), WorkbenchWindow.place(big, List.of(primary), primary),
                "shrunk to the screen and moved inside it");
        Rectangle2D fullHd = new Rectangle2D(0, 0, 1920, 1080);
        assertEquals(new Rectangle2D(96, 54, 1728, 972),
                WorkbenchWindow.place(WorkbenchPreferences.defaults(), List.of(fullHd), fullHd),
                "the first start takes 90% of the screen, centred");
        Rectangle2D small = new Rectangle2D(0, 0, 1280, 720);
        assertEquals(new Rectangle2D(0, 0, 1280, 720), WorkbenchWindow.place(WorkbenchPreferences.defaults(),
                List.of(small), small), "a default larger than 90% of a small screen is shrunk to the screen");
    }

    @Test
    void settingsAreKeptWhenTheProcessEndsWithoutTheWindowClosing() throws Exception {
        WorkbenchWindow window = openWindow();
        fx(() -> {
            window.runs().epochsProperty().set(321);
            return null;
        });
        waitUntil("the watch has read the new epochs", 10, () -> {
            WorkbenchPreferences seen = window.lastSeen();
            return seen != null && "321".equals(seen.settings().get("epochs"));
        });
        window.saveLastSeen(); // what the shutdown hook does on SIGTERM
        assertEquals("321", WorkbenchPreferences.load(prefs()).preferences().settings().get("epochs"));
    }
}
