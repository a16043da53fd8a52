package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bench --ui}: the real window, headless, measured while it trains with finished runs open. */
class BenchUiTest {

    @Test
    @Timeout(300)
    void benchUiTrainsThroughTheWindowAndEndsWithTheLongestStall() {
        CliResult r = CliResult.execute("bench", "--ui", "--runs", "2", "--loaded-epochs", "5", "--seconds", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).matches("fx_stall_max_ms=\\d+"), lines.get(lines.size() - 1));
        assertTrue(r.out().contains("runs_loaded=2"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("phase=mlp_on_iris steps=\\d+ examples_per_s=\\d+ stop_ms=\\d+ .*")),
                r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("phase=cnn_on_generated_28x28_images steps=")), r.out());
        assertTrue(r.out().contains("stopped: Stopped after"), "both runs end by Stop: " + r.out());
    }

    @Test
    void benchUiRefusesNegativeRuns() {
        CliResult r = CliResult.execute("bench", "--ui", "--runs", "-1");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("--runs"), r.err());
    }
}
