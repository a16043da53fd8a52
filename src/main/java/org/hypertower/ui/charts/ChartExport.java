package org.hypertower.ui.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.SnapshotParameters;
import javafx.scene.chart.Chart;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.transform.Transform;
import javax.imageio.ImageIO;

/** Writes charts as PNG images; call on the FX thread. A chart's legend is always in its image. */
public final class ChartExport {

    private ChartExport() {}

    /**
     * Writes a chart as a PNG of the given size in pixels: the chart is laid out at that size for
     * the snapshot and restored afterwards.
     */
    public static void png(Region chart, Path file, int width, int height) throws IOException {
        // min = max pins the size without touching the preferred size, which a layout may bind
        double oldMinW = chart.getMinWidth();
        double oldMinH = chart.getMinHeight();
        double oldMaxW = chart.getMaxWidth();
        double oldMaxH = chart.getMaxHeight();
        chart.setMinSize(width, height);
        chart.setMaxSize(width, height);
        if (chart instanceof TraceChart trace) {
            trace.setExporting(true);
        }
        chart.applyCss();
        chart.resize(width, height);
        chart.requestLayout();
        chart.layout();
        try {
            SnapshotParameters params = new SnapshotParameters();
            params.setTransform(Transform.scale(1, 1));
            WritableImage image = chart.snapshot(params, new WritableImage(width, height));
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
                throw new IOException("no PNG writer is available");
            }
        } finally {
            if (chart instanceof TraceChart trace) {
                trace.setExporting(false);
            }
            chart.setMinSize(oldMinW, oldMinH);
            chart.setMaxSize(oldMaxW, oldMaxH);
        }
    }

    /** Writes every chart into a folder as {@code 01-loss.png}, {@code 02-accuracy.png}, ... */
    public static List<Path> pngs(List<? extends Region> charts, Path folder, int width, int height) throws IOException {
        java.util.ArrayList<Path> out = new java.util.ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            Region c = charts.get(i);
            String title = title(c);
            String name = String.format(java.util.Locale.ROOT, "%02d-%s.png", i + 1,
                    title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", ""));
            Path file = folder.resolve(name);
            png(c, file, width, height);
            out.add(file);
        }
        return out;
    }

    private static String title(Region chart) {
        String title = chart instanceof TraceChart t ? t.getTitle() : chart instanceof Chart c ? c.getTitle() : null;
        return title == null || title.isBlank() ? "chart" : title;
    }
}
