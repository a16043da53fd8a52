package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/**
 * PyTorch keeps autograd's mode per thread, and starts new threads with it on: a run on a fresh
 * thread (the workbench's training thread) must give exactly the numbers of a run on the thread
 * that loaded the engine.
 */
class TrainingThreadTest {

    private static List<Double> run(RunConfig config) {
        List<Double> out = new ArrayList<>();
        RunFactory.create(config).run(new RunListener() {
            @Override
            public void step(StepMetrics m) {
                out.add(m.loss());
                out.add(m.hyperparameters()[0]);
            }
        });
        return out;
    }

    @Test
    void aRunOnAFreshThreadMatchesTheSameRunOnTheEngineThread() throws InterruptedException {
        RunConfig config = new RunConfig("iris", "paper-mlp", new int[] {8},
                TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-5)"), 3, 10, 0, 0.2, "float32");
        List<Double> here = run(config);
        AtomicReference<List<Double>> there = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread fresh = new Thread(() -> {
            try {
                there.set(run(config));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        fresh.start();
        fresh.join();
        assertEquals(null, failure.get());
        assertEquals(here, there.get());
        assertNotEquals(0.01, here.get(here.size() - 1), "level 0's alpha was learned");
    }
}
