package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.hypertower.data.LabeledData;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schedule-Free is evaluated at x and DoG at its average, while they train at y and x_t: the
 * trainer's test loss and accuracy, and its predictions, are those of the evaluation weights, not
 * of the training weights, and equal to the tower layers' own when there is no difference.
 */
class EvaluationPointTest {

    @ParameterizedTest
    @ValueSource(strings = {"schedulefree_sgd(lr=0.5)", "schedulefree_adamw(lr=0.01)", "dog(reps_rel=0.001)"})
    void evaluationUsesTheWeightsTheLayerIsEvaluatedAt(String tower) {
        ReferenceTrajectory problem = ReferenceTrajectory.read(ReplayParityTest.reference("sgd"));
        LabeledData data = Replay.data(problem);
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = Replay.newTrainer(problem, TowerSpec.parse(tower), DataType.FLOAT64, manager)) {
            for (int t = 0; t < 30; t++) {
                Replay.step(problem, data, trainer, t);
            }
            TowerTrainer.BatchResult reported = trainer.evaluate(data, 64);
            TowerTrainer.BatchResult atEvaluation = evaluateAt(problem, trainer.evaluationWeights(manager), data, manager);
            TowerTrainer.BatchResult atTraining = evaluateAt(problem, trainer.weights(manager), data, manager);

            assertEquals(atEvaluation.loss(), reported.loss(), 1e-12, "the test loss is the evaluation weights'");
            assertEquals(atEvaluation.accuracy(), reported.accuracy(), 0, "the accuracy is the evaluation weights'");
            assertNotEquals(atTraining.loss(), reported.loss(), "the training weights give another loss");
            assertEquals(List.of(), mismatches(trainer.predict(data, 64), plain(problem, trainer.evaluationWeights(manager),
                    manager).predict(data, 64)), "predictions at the evaluation weights");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"prodigy(d0=1e-4)", "cocob", "adam(alpha=0.01) / sgd(1e-5)"})
    void otherLayersAreEvaluatedWhereTheyTrain(String tower) {
        ReferenceTrajectory problem = ReferenceTrajectory.read(ReplayParityTest.reference("sgd"));
        LabeledData data = Replay.data(problem);
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = Replay.newTrainer(problem, TowerSpec.parse(tower), DataType.FLOAT64, manager)) {
            for (int t = 0; t < 10; t++) {
                Replay.step(problem, data, trainer, t);
            }
            assertEquals(evaluateAt(problem, trainer.weights(manager), data, manager).loss(), trainer.evaluate(data, 64).loss(),
                    1e-12);
        }
    }

    private static TowerTrainer plain(ReferenceTrajectory problem, List<NDArray> weights, NDManager manager) {
        TowerTrainer other = Replay.newTrainer(problem, TowerSpec.parse("sgd(0.0)"), DataType.FLOAT64, manager);
        other.setWeights(weights);
        return other;
    }

    private static TowerTrainer.BatchResult evaluateAt(ReferenceTrajectory problem, List<NDArray> weights,
            LabeledData data, NDManager manager) {
        try (TowerTrainer other = plain(problem, weights, manager)) {
            return other.evaluate(data, 64);
        }
    }

    private static List<Integer> mismatches(TowerTrainer.Predictions a, TowerTrainer.Predictions b) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < a.classes().length; i++) {
            if (a.classes()[i] != b.classes()[i] || Math.abs(a.confidence()[i] - b.confidence()[i]) > 1e-6) {
                out.add(i);
            }
        }
        return out;
    }
}
