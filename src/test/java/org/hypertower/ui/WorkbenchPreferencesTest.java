package org.hypertower.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workbench's remembered settings survive a restart, and a broken file never stops the window. */
class WorkbenchPreferencesTest {

    @TempDir
    Path dir;

    @Test
    void whatIsSavedIsWhatTheNextStartReads() throws Exception {
        Path file = dir.resolve("config/hypertower/workbench.json");
        WorkbenchPreferences saved = WorkbenchPreferences.defaults().withTheme("dark").withWindow(10, 20, 1200, 800, false)
                .withWork(0.4, "adam(alpha=0.01) / sgd(alpha=1e-05)", Map.of("dataset", "fashion-mnist", "epochs", "3"))
                .withDemo(true);
        saved.save(file);
        WorkbenchPreferences.Loaded loaded = WorkbenchPreferences.load(file);
        assertNull(loaded.problem());
        assertEquals(saved, loaded.preferences());
    }

    @Test
    void theDefaultsWithTheirUnsetPlacesSurviveASave() throws Exception {
        Path file = dir.resolve("workbench.json");
        WorkbenchPreferences.defaults().save(file);
        assertEquals(WorkbenchPreferences.defaults(), WorkbenchPreferences.load(file).preferences());
    }

    @Test
    void noFileGivesTheDefaultsQuietly() {
        WorkbenchPreferences.Loaded loaded = WorkbenchPreferences.load(dir.resolve("none.json"));
        assertEquals(WorkbenchPreferences.defaults(), loaded.preferences());
        assertNull(loaded.problem());
    }

    @Test
    void aBrokenFileGivesTheDefaultsAndSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("workbench.json"), "{\"theme\": \"dark\", \"width\": ");
        WorkbenchPreferences.Loaded loaded = WorkbenchPreferences.load(file);
        assertEquals(WorkbenchPreferences.defaults(), loaded.preferences());
        assertTrue(loaded.problem().startsWith("The workbench's saved settings in " + file + " could not be read (it "
                + "is not valid JSON"), loaded.problem());
    }

    @Test
    void oddValuesBecomeSensibleOnesAndUnknownFieldsAreIgnored() throws Exception {
        Path file = Files.writeString(dir.resolve("workbench.json"), "{\"theme\": \"purple\", \"width\": 3, \"height\": "
                + "-1, \"future\": true, \"settings\": null}");
        WorkbenchPreferences p = WorkbenchPreferences.load(file).preferences();
        assertEquals("light", p.theme());
        assertEquals(1440, p.width());
        assertEquals(900, p.height());
        assertEquals(Map.of(), p.settings());
    }
}
