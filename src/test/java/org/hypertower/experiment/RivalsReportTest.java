package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hypertower.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rivals' sweep's summary and report, from a rivals.csv written by hand. */
class RivalsReportTest {

    private static final String HEAD = String.join(",", RivalsSweep.HEADER) + "\n";

    /** sgd h=0 collapses at 1 (diverges once); sgd h=1 recovers; prodigy is flat; cocob fails once. */
    private static final String CSV = HEAD + String.join("\n",
            "sgd h=0,alpha,1e-06,1e-06,0,completed,0.80,2.0,10,1.0,sgd(alpha=1e-06)",
            "sgd h=0,alpha,1e-06,1e-06,1,completed,0.70,2.0,10,1.0,sgd(alpha=1e-06)",
            "sgd h=0,alpha,0.01,0.01,0,completed,0.20,0.5,10,1.0,sgd(alpha=0.01)",
            "sgd h=0,alpha,0.01,0.01,1,completed,0.30,0.5,10,1.0,sgd(alpha=0.01)",
            "sgd h=0,alpha,1.0,1.0,0,diverged,,,3,0.2,sgd(alpha=1.0)",
            "sgd h=0,alpha,1.0,1.0,1,completed,0.60,1.0,10,1.0,sgd(alpha=1.0)",
            "sgd h=1,alpha,1e-06,1e-06,0,completed,0.40,1.0,10,1.0,sgd(alpha=1e-06) / sgd(alpha=0.01)",
            "sgd h=1,alpha,0.01,0.01,0,completed,0.22,1.0,10,1.0,sgd(alpha=0.01) / sgd(alpha=0.01)",
            "sgd h=1,alpha,1.0,1.0,0,completed,0.26,1.0,10,1.0,sgd(alpha=1.0) / sgd(alpha=0.01)",
            "prodigy,d0,1e-06,1e-06,0,completed,0.25,1.0,10,1.0,prodigy(d0=1e-06)",
            "prodigy,d0,0.01,0.01,0,completed,0.24,1.0,10,1.0,prodigy(d0=0.01)",
            "prodigy,d0,1.0,1.0,0,completed,0.25,1.0,10,1.0,prodigy(d0=1.0)",
            "cocob,alpha,1e-06,1000000.0,0,failed,,,,,cocob(alpha=1000000.0)",
            "cocob,alpha,0.01,100.0,0,completed,0.5,1.0,10,1.0,cocob(alpha=100.0)",
            "cocob,alpha,1.0,1.0,0,completed,0.5,1.0,10,1.0,cocob(alpha=1.0)",
            "");

    @Test
    void aDivergedSeedCountsAsTheWorstErrorAndAFailedOneInNoMean(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(RivalsSweep.FILE), CSV);
        RivalsSummary s = RivalsSummary.read(dir.resolve(RivalsSweep.FILE));
        assertEquals(List.of("sgd h=0", "sgd h=1", "prodigy", "cocob"), s.methods().stream().map(RivalsSummary.Method::name)
                .toList(), "the grid's order");
        assertEquals(List.of(1e-6, 0.01, 1.0), s.alphas());
        RivalsSummary.Method sgd = s.method("sgd h=0").orElseThrow();
        assertEquals((1.0 + 0.6) / 2, sgd.mean(1.0), 1e-12, "the diverged seed counts as 1");
        assertEquals(1, sgd.cells().get(1.0).diverged());
        assertEquals(0.8 - 0.25, sgd.spread(), 1e-12);
        assertEquals(0.25, sgd.best(), 1e-12);
        assertEquals(0.01, sgd.bestAlpha());
        assertFalse(sgd.recovers(s.largestAlpha()));
        RivalsSummary.Method tower = s.method("sgd h=1").orElseThrow();
        assertTrue(tower.recovers(s.largestAlpha()), "0.26 is within 0.05 of 0.22");
        assertEquals(0.18, tower.spread(), 1e-12);
        RivalsSummary.Method cocob = s.method("cocob").orElseThrow();
        assertEquals(1, cocob.cells().get(1e-6).failed());
        assertTrue(Double.isNaN(cocob.mean(1e-6)), "a failed run is no error");
        assertEquals(0.0, cocob.spread(), 1e-12);
        assertEquals("d0", s.method("prodigy").orElseThrow().knob());
        String text = s.text();
        assertTrue(text.lines().anyMatch(l -> l.matches("sgd h=0 +alpha +0\\.550 +0\\.250 +0\\.01 +0\\.800 +no")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("sgd h=1 +alpha +0\\.180 +0\\.220 +0\\.01 +0\\.260 +yes")), text);
    }

    @Test
    void theReportDrawsEveryMethodInAStyleOfItsOwnAndTabulatesSpreadBestAndRecovery(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve(RivalsSweep.FILE), CSV);
        Path html = RivalsReport.write(dir, "rivals test");
        String page = Files.readString(html);
        assertTrue(page.contains("<th>sgd h=1</th><td>alpha</td>"), page);
        assertTrue(page.contains("<td>0.550</td><td>0.250</td><td>0.01</td><td>no</td>"), "sgd h=0's spread, best, where, "
                + "recovers: " + page);
        assertTrue(page.contains("cocob alpha = 1/alpha0"), "the mapping is said");
        String svg = Files.readString(dir.resolve("sensitivity.svg"));
        Matcher line = Pattern.compile("<polyline points=\"[^\"]*\" fill=\"none\" stroke=\"(#[0-9a-f]{6})\" stroke-width=\"2\""
                + "( stroke-dasharray=\"([0-9,]+)\")?/>").matcher(svg);
        Set<String> styles = new TreeSet<>();
        List<String> colours = new java.util.ArrayList<>();
        while (line.find()) {
            styles.add(line.group(1) + " " + line.group(3));
            colours.add(line.group(1));
        }
        assertEquals(4, styles.size(), "four methods, four looks: " + styles);
        assertEquals(colours.get(0), colours.get(1), "one template, one colour");
        assertEquals(1, svg.split("&#215;", -1).length - 1, "one × where a seed diverged");
        String heat = Files.readString(dir.resolve("heatmap.svg"));
        assertTrue(heat.contains(">prodigy</text>") && heat.contains("0.800"), heat);
    }

    @Test
    void aFileThatIsNotARivalsSweepIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(RivalsSweep.FILE), "height,alpha0,seed,status,final_train_loss,test_error\n");
        DataException e = assertThrows(DataException.class, () -> RivalsSummary.read(dir.resolve(RivalsSweep.FILE)));
        assertTrue(e.getMessage().contains("is not a rivals' sweep's result"), e.getMessage());
    }
}
