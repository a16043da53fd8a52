package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/** The Iris semi-supervised mode: confident unlabeled rows join training with their predicted labels. */
class PseudoLabelTest {

    private static List<EpochMetrics> epochs(double threshold) {
        DataConfig data = new DataConfig("iris", null, 0, 0, false, false, 0.2, threshold);
        RunConfig config = new RunConfig(data, "paper-mlp", new int[] {8}, TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-5)"),
                40, 10, 0, "float32");
        List<EpochMetrics> out = new ArrayList<>();
        RunEnded ended = RunFactory.create(config).run(new RunListener() {
            @Override
            public void epoch(EpochMetrics m) {
                out.add(m);
            }
        });
        assertEquals(RunStatus.COMPLETED, ended.status());
        return out;
    }

    @Test
    void confidentUnlabeledRowsJoinTrainingAndAreReportedSeparately() {
        List<EpochMetrics> epochs = epochs(0.6);
        EpochMetrics last = epochs.get(epochs.size() - 1);
        assertTrue(last.pseudoLabeled() > 0, "some of the 120 unlabeled rows are pseudo-labeled: " + last);
        assertTrue(last.pseudoLabeled() <= 120, "never more than the unlabeled rows: " + last);
        assertTrue(last.pseudoLabelAccuracy() >= 0 && last.pseudoLabelAccuracy() <= 1, "an accuracy: " + last);
        // an epoch after pseudo-labels appeared trains on more than the 30 labeled rows (3 steps of 10)
        for (int e = 1; e < epochs.size(); e++) {
            long steps = epochs.get(e).steps() - epochs.get(e - 1).steps();
            assertEquals(3 + epochs.get(e - 1).pseudoLabeled() / 10, steps, "steps of epoch " + e);
        }
    }

    @Test
    void offByDefaultReportsNoPseudoLabels() {
        for (EpochMetrics m : epochs(0)) {
            assertEquals(0, m.pseudoLabeled());
            assertTrue(Double.isNaN(m.pseudoLabelAccuracy()));
        }
    }
}
