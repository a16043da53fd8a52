package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hypertower.model.Networks;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/** The threads benchmark: both counts timed in every block, on the calling thread, which it leaves as it found it. */
class ThreadScalingTest {

    @Test
    void everyCountIsTimedInEveryBlockAndTheThreadIsLeftAsItWas() {
        int before = IntraOpThreads.ofThisThread();
        List<String> lines = new ArrayList<>();

        ThreadScaling.Result r = ThreadScaling.run(Networks.mlp(new int[] {16}, 3), new long[] {8}, 3,
                TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=0.01)"), 4, new int[] {1, 2}, 3, 0.01, lines::add);

        assertArrayEquals(new int[] {1, 2}, r.threads());
        assertEquals(3, lines.size(), "a line per block");
        assertTrue(lines.get(0).matches("block 1/3: 1 thread \\d+ examples/s 2 threads \\d+ examples/s"), lines.get(0));
        assertTrue(r.steps() >= 3, "at least a step per block: " + r.steps());
        for (double rate : r.examplesPerSecond()) {
            assertTrue(rate > 0 && Double.isFinite(rate), "examples/s " + rate);
        }
        assertTrue(r.medianSpeedup() > 0 && Double.isFinite(r.medianSpeedup()), "speedup " + r.medianSpeedup());
        assertEquals(before, IntraOpThreads.ofThisThread());
    }
}
