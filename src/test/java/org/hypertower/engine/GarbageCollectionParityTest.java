package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.hypertower.data.LabeledData;
import org.junit.jupiter.api.Test;

/**
 * DJL arrays made from Java buffers can be freed by a garbage collection while libtorch still
 * reads them (an Adam tower turned NaN within 100 steps that way). With a collection forced before
 * every step, a replay must still match the reference.
 */
class GarbageCollectionParityTest {

    @Test
    void adamTowerMatchesReferenceWithCollectionForcedEveryStep() {
        ReferenceTrajectory reference = ReferenceTrajectory.read(ReplayParityTest.reference("adam__adam"));
        LabeledData data = Replay.data(reference);
        List<Replay.Step> steps = new ArrayList<>();
        List<String> keys;
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = Replay.newTrainer(reference, reference.tower(), DataType.FLOAT32, manager)) {
            for (int t = 0; t < reference.steps(); t++) {
                System.gc();
                double loss = Replay.step(reference, data, trainer, t).loss();
                steps.add(new Replay.Step(t, loss, trainer.tower().hyperparameterValues(), trainer.tower().hypergradients()));
            }
            keys = trainer.tower().hyperparameterKeys();
        }
        ParityReport report = ParityReport.of(reference, new Replay.Result(keys, steps));
        assertTrue(report.withinTolerance(), String.join("; ", report.lines()));
    }
}
