package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hypertower.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepReportTest {

    private static final String CSV = String.join("\n",
            "height,alpha0,seed,status,final_train_loss,test_error",
            "0,1e-08,0,completed,2.3,0.90",
            "0,1e-08,1,completed,2.3,0.88",
            "0,0.01,0,completed,0.9,0.40",
            "0,0.01,1,completed,0.9,0.50",
            "1,1e-08,0,completed,0.9,0.34",
            "1,1e-08,1,completed,0.9,0.32",
            "1,0.01,0,completed,0.9,0.33",
            "1,0.01,1,diverged,,",
            "") ;

    @Test
    void theSummaryAveragesFinishedSeedsAndCountsDivergedOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("sweep.csv"), CSV);
        SweepSummary s = SweepSummary.read(dir.resolve("sweep.csv"));
        assertEquals(0.89, s.cell(0, 1e-8).mean(), 1e-12);
        assertEquals(Math.sqrt(0.0002), s.cell(0, 1e-8).std(), 1e-12);
        assertEquals(1, s.cell(1, 0.01).diverged());
        assertEquals(1, s.cell(1, 0.01).finished());
        assertEquals(0.89 - 0.45, s.spreadByHeight().get(0), 1e-12);
        assertEquals(0.33 - 0.33, s.spreadByHeight().get(1), 1e-12);
    }

    @Test
    void theReportWritesBothFiguresAndATableThatOpenOffline(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("sweep.csv"), CSV);
        Path html = SweepReport.write(dir, "test sweep");
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("height 1") && page.contains("0.890 &plusmn; 0.014"), page);
        assertTrue(page.contains("(1d)"), "diverged seeds are counted in the table");
        assertTrue(!page.contains("http://") || page.indexOf("http://") == page.indexOf("http://www.w3.org/2000/svg"),
                "nothing to fetch: the only URL is the SVG namespace");
        String svg = Files.readString(dir.resolve("sensitivity.svg"));
        assertTrue(svg.startsWith("<svg") && svg.contains("polyline") && svg.contains("polygon"));
        assertTrue(svg.contains(">1e-08</text>") && svg.contains(">0.01</text>"), "a tick at every alpha0: " + svg);
        assertEquals(1, svg.split("&#215;", -1).length - 1, "one × where a seed diverged (height 1, alpha0 0.01)");
        assertTrue(svg.contains("height 0 (plain)"));
        assertTrue(Files.readString(dir.resolve("heatmap.svg")).contains("0.890"));
    }

    @Test
    void aFileThatIsNotASweepIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("sweep.csv"), "a,b\n1,2\n");
        DataException e = assertThrows(DataException.class, () -> SweepSummary.read(dir.resolve("sweep.csv")));
        assertTrue(e.getMessage().contains("is not a sweep's result"), e.getMessage());
    }
}
