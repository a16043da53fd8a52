package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hypertower.tower.TowerSpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny sweep end to end in worker processes, with a worker killed and the sweep resumed. */
class SweepTest {

    private static SweepConfig tiny(Path out) {
        return new SweepConfig(TowerTemplate.parse("sgd"), List.of(0.01, 0.1), List.of(0, 1), 2, 2, out,
                List.of("--dataset", "iris", "--model", "paper-mlp", "--epochs", "2"));
    }

    @Test
    void aKilledWorkerFailsItsRunTheRestCompleteAndASecondSweepResumesOnlyWhatDidNotFinish(@TempDir Path out)
            throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        List<Sweep.Outcome> first = new Sweep(tiny(out)).run(new Sweep.Listener() {
            @Override
            public void started(Sweep.Point point, Process process) {
                if (killed.compareAndSet(false, true)) {
                    process.destroyForcibly();
                }
            }
        });
        assertEquals(8, first.size());
        assertEquals(1, first.stream().filter(o -> o.status().equals("failed")).count(), first.toString());
        assertEquals(7, first.stream().filter(o -> o.status().equals("completed")).count(), first.toString());
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals("height,alpha0,seed,status,final_train_loss,test_error", csv.get(0));
        assertEquals(9, csv.size());
        assertEquals(1, csv.stream().filter(l -> l.contains(",failed,")).count());

        AtomicInteger kept = new AtomicInteger();
        AtomicInteger rerun = new AtomicInteger();
        List<Sweep.Outcome> second = new Sweep(tiny(out)).run(new Sweep.Listener() {
            @Override
            public void finished(Sweep.Outcome o, boolean resumed) {
                (resumed ? kept : rerun).incrementAndGet();
            }
        });
        assertEquals(7, kept.get(), "finished runs are kept");
        assertEquals(1, rerun.get(), "only the failed run runs again");
        assertTrue(second.stream().allMatch(o -> o.status().equals("completed")), second.toString());
        for (Sweep.Outcome o : second) {
            assertTrue(o.testError() >= 0 && o.testError() <= 1, o.toString());
            assertTrue(Files.exists(out.resolve("runs").resolve(o.point().id()).resolve("steps.csv")));
        }
    }

    @Test
    void aTemplateStacksItsUpperLayerOnTheBottomWithAlphaZero() {
        TowerTemplate t = TowerTemplate.parse("adam / sgd(alpha=1e-5)");
        assertEquals("adam(alpha=0.003)", t.build(0, 0.003).toString());
        assertEquals("adam(alpha=0.003) / sgd(alpha=1e-05) / sgd(alpha=1e-05)", t.build(2, 0.003).toString());
        assertEquals("sgd(alpha=1e-08) / sgd(alpha=0.01)", TowerTemplate.parse("sgd").build(1, 1e-8).toString());
        assertThrows(TowerSpecException.class, () -> TowerTemplate.parse("sgd / sgd / sgd"));
    }

    @Test
    void aGridWithoutPointsIsRefused(@TempDir Path out) throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new SweepConfig(TowerTemplate.parse("sgd"), List.of(), List.of(0),
                1, 1, out, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SweepConfig(TowerTemplate.parse("sgd"), List.of(0.1),
                List.of(-1), 1, 1, out, List.of()));
    }
}
