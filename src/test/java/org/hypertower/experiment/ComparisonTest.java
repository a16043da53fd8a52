package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Towers compared on the same seeds in worker processes: curves, summary, report, resume. */
class ComparisonTest {

    @Test
    void aComparisonSummarizesEveryTowerOverItsSeedsAndResumesWithoutRerunning(@TempDir Path out) throws Exception {
        Comparison.Config config = new Comparison.Config("test", List.of(TowerSpec.parse("sgd(alpha=0.1)"),
                TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)")), 2, 2, out,
                List.of("--dataset", "iris", "--epochs", "3"));
        List<Comparison.TowerResult> results = new Comparison(config).run(new WorkerPool.Listener() { });
        assertEquals(2, results.size());
        for (Comparison.TowerResult r : results) {
            assertEquals(2, r.runs(), r.toString());
            assertTrue(r.testErrorMean() >= 0 && r.testErrorMean() <= 1, r.toString());
            assertEquals(3, r.curves().epochs().length);
            assertEquals(2, r.curves().seeds()[2], "both seeds reached the last epoch");
        }
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("tower,runs,diverged,failed,test_error_mean,test_error_std", summary.get(0));
        assertEquals(3, summary.size());
        assertEquals(1 + 2 * 3, Files.readAllLines(out.resolve("curves.csv")).size());
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
        assertTrue(Files.exists(out.resolve("runs/t1_s1/steps.csv")));

        AtomicInteger kept = new AtomicInteger();
        List<Comparison.TowerResult> again = new Comparison(config).run(new WorkerPool.Listener() {
            @Override
            public void finished(WorkerPool.Result r, boolean wasKept) {
                if (wasKept) {
                    kept.incrementAndGet();
                }
            }
        });
        assertEquals(4, kept.get(), "every finished run is kept");
        assertEquals(results.get(1).testErrorMean(), again.get(1).testErrorMean(), 1e-12);
    }
}
