package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code experiment rivals} from the command line: its runs, its plain-text table, its files, and a resume. */
class RivalsCommandTest {

    @Test
    void theRivalsSweepPrintsItsTableWritesItsFilesAndResumesWithoutTraining(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("rivals");
        String[] args = {"experiment", "rivals", "--templates", "sgd", "--heights", "0,1", "--rivals", "cocob", "--alphas",
            "0.01,1", "--seeds", "1", "--epochs", "2", "--workers", "2", "--out", out.toString()};

        CliResult r = CliResult.execute(args);

        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("rivals: 6 runs (3 methods x 2 alphas x 1 seeds) on this machine, 2 worker processes", lines.get(0));
        assertEquals(6, lines.stream().filter(l -> l.matches("\\[\\d/6] (sgd_h[01]|cocob)_a(0\\.01|1\\.0)_s0 completed, test error "
                + "0\\.\\d{4}")).count(), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("method +knob +spread +best +at alpha0 +at 1\\.0 +recovers")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("cocob +alpha +\\d\\.\\d{3} +\\d\\.\\d{3} +(0\\.01|1\\.0) +\\d\\.\\d{3} "
                + "+(yes|no)")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("sgd h=1 +alpha +\\d\\.\\d{3} +\\d\\.\\d{3} +(0\\.01|1\\.0) +\\d\\.\\d{3} "
                + "+(yes|no)")), r.out());
        assertEquals("wrote " + out.resolve("report.html") + ", sensitivity.svg, heatmap.svg, " + out.resolve("rivals.csv"),
                lines.get(lines.size() - 1));
        for (String f : List.of("rivals.csv", "sensitivity.svg", "heatmap.svg", "report.html", "experiment.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }

        CliResult again = CliResult.execute(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(Files.readString(out.resolve("rivals.csv")).contains("\ncocob,alpha,0.01,100.0,0,completed,"),
                "cocob's alpha is 1/alpha0");
        assertEquals(6, again.out().lines().filter(l -> l.endsWith(" completed (kept from before)")).count(), again.out());
    }
}
