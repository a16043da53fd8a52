package org.hypertower.ui.charts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A legend in a chart narrower than its key line: the key is read from its start, not cut at both ends. */
@ExtendWith(ApplicationExtension.class)
class RunLegendTest {

    private final Pane root = new Pane();

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(root, 600, 200));
        stage.show();
    }

    @Test
    void aKeyWiderThanTheChartStartsAtItsLeftEdge() throws Exception {
        Label key = WaitForAsyncUtils.asyncFx(() -> {
            RunLegend legend = new RunLegend();
            legend.setManaged(false); // laid out at the chart's width, as TraceChart does
            root.getChildren().add(legend);
            legend.set("solid: smoothed loss · faint: raw loss · dashed: test loss", List.of("a run"), List.of(Color.BLUE));
            legend.build();
            legend.fit(220, 100);
            legend.resizeRelocate(0, 0, 220, 100);
            legend.layout();
            return (Label) legend.getChildren().get(0);
        }).get(10, TimeUnit.SECONDS);
        Bounds b = WaitForAsyncUtils.asyncFx(() -> key.getBoundsInParent()).get(10, TimeUnit.SECONDS);
        assertTrue(b.getMinX() >= 0 && b.getMaxX() <= 220, "the key lies in the legend's 220 px: " + b);
    }
}
