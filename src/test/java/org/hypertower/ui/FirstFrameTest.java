package org.hypertower.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The engine starts loading once the window's first frame is laid out, once, on the FX thread. */
@ExtendWith(ApplicationExtension.class)
class FirstFrameTest {

    @Test
    void theActionRunsOnceAfterTheFirstFrameWasLaidOut() throws Exception {
        List<String> seen = new ArrayList<>();
        Label label = new Label("first");
        WaitForAsyncUtils.asyncFx(() -> {
            Stage stage = new Stage();
            stage.setScene(new Scene(new StackPane(label), 200, 100));
            WorkbenchApp.afterFirstFrame(stage.getScene(), () -> seen.add(
                    (javafx.application.Platform.isFxApplicationThread() ? "fx " : "other ") + label.getWidth()));
            assertTrue(seen.isEmpty(), "not before the window is shown");
            stage.show();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !seen.isEmpty());
        // later frames do not run it again
        WaitForAsyncUtils.asyncFx(() -> label.setText("second, longer")).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, seen.size(), seen.toString());
        assertTrue(seen.get(0).startsWith("fx "), seen.toString());
        assertTrue(Double.parseDouble(seen.get(0).substring(3)) > 0, "laid out: " + seen);
    }
}
