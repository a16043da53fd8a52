package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkTest {

    private static Benchmark.Result result(Double... ratios) {
        return new Benchmark.Result(100, 3.0, 2.0, List.of(ratios), List.of(ratios),
                List.of(new Benchmark.MemorySample(1, 1)));
    }

    @Test
    void overheadRatioIsTheMedianOfTheBlocksSoOneDisturbedBlockDoesNotMoveIt() {
        Benchmark.Result r = result(1.04, 1.9, 1.02, 1.06, 1.03);

        assertEquals(1.04, r.overheadRatio(), 0);
        assertEquals(1.04, r.cpuOverheadRatio(), 0);
        assertEquals((1.04 + 1.9 + 1.02 + 1.06 + 1.03) / 5, r.meanRatio(), 1e-12);
    }

    @Test
    void evenBlockCountsTakeTheMeanOfTheMiddleTwo() {
        assertEquals(1.05, result(1.2, 1.0, 1.04, 1.06).overheadRatio(), 1e-12);
    }

    @Test
    void noCpuTimesGiveNoCpuRatio() {
        Benchmark.Result r = new Benchmark.Result(100, 3.0, 2.0, List.of(1.1), List.of(), List.of());

        assertEquals(Double.NaN, r.cpuOverheadRatio());
    }

    @Test
    void ratioOfMeansIsTheTowersMeanTimeOverThePlainOnes() {
        assertEquals(1.5, result(1.0).ratioOfMeans(), 0);
    }
}
