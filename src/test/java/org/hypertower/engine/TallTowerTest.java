package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.hypertower.data.LabeledData;
import org.hypertower.tower.LayerType;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

class TallTowerTest {

    @Test
    void towerOfTwentyFourMixedLevelsTrainsWithoutError() {
        // every layer type, three times over, bottom first; upper levels get small step sizes, the normalizing ones smaller still
        List<String> levels = new ArrayList<>();
        levels.add("adam(alpha=0.01)");
        String[] cycle = {"sgd(alpha=1e-4)", "sgd_on_steroids(alpha=1e-4, mu=0.5, wd=1e-5, dp=0.1)",
                "adam(alpha=1e-7)", "adam_baydin(alpha=1e-7)", "adagrad(alpha=1e-6)", "rmsprop(alpha=1e-7)",
                "rmsprop_alpha(alpha=1e-7)", "sgd_per_param(alpha=1e-4)"};
        for (int r = 0; r < 3; r++) {
            for (String level : cycle) {
                levels.add(level);
            }
        }
        levels.remove(levels.size() - 1);
        TowerSpec tower = TowerSpec.parse(String.join(" / ", levels));
        assertEquals(24, tower.height());
        assertTrue(tower.levels().stream().map(l -> l.type()).distinct().count() == java.util.Arrays.stream(LayerType.values()).filter(t -> !t.standalone()).count());

        ReferenceTrajectory problem = ReferenceTrajectory.read(ReplayParityTest.reference("sgd"));
        LabeledData data = Replay.data(problem);
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = Replay.newTrainer(problem, tower, DataType.FLOAT32, manager)) {
            double first = Double.NaN;
            double lastEpoch = 0;
            int steps = 90;
            for (int t = 0; t < steps; t++) {
                double loss = Replay.step(problem, data, trainer, t).loss();
                assertTrue(Double.isFinite(loss), "loss finite at step " + t);
                if (t < 3) {
                    first = Double.isNaN(first) ? loss : first + loss;
                }
                if (t >= steps - 3) {
                    lastEpoch += loss;
                }
                for (double h : trainer.tower().hyperparameterValues()) {
                    assertTrue(Double.isFinite(h), "hyperparameters finite at step " + t);
                }
            }
            assertTrue(lastEpoch < first, "the loss over an epoch fell: " + first + " -> " + lastEpoch);
            List<String> keys = trainer.tower().hyperparameterKeys();
            assertTrue(keys.contains("23.alpha"), "the top level's alpha is reported");
            double[] grads = trainer.tower().hypergradients();
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).startsWith("23.")) {
                    assertTrue(Double.isNaN(grads[i]), "the top level receives no hypergradient: " + keys.get(i));
                } else {
                    assertTrue(Double.isFinite(grads[i]), "every level below the top receives one: " + keys.get(i));
                }
            }
        }
    }
}
