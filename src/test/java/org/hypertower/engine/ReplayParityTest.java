package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reference trajectory replays within the reference README's tolerances at every step. */
class ReplayParityTest {

    static final List<String> FILES = List.of("sgd", "sgd_momentum", "sgd__sgd", "adam__sgd", "adam__adam",
            "adagrad__sgd", "rmsprop__sgd", "steroids__sgd", "steroids__steroids__sgd");

    static Path reference(String name) {
        try {
            return Path.of(ReplayParityTest.class.getResource("/reference/" + name + ".json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() {
        return FILES.stream().flatMap(f -> Stream.of(Arguments.of(f, DataType.FLOAT32), Arguments.of(f, DataType.FLOAT64)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void replayMatchesReferenceAtEveryStep(String name, DataType dataType) {
        ReferenceTrajectory reference = ReferenceTrajectory.read(reference(name));
        Replay.Result result = Replay.run(reference, dataType, -1);

        // float64 stays 10x inside the float32 tolerance (reference README)
        assertWithinTolerance(name, reference, result, dataType == DataType.FLOAT64 ? 0.1 : 1);
    }

    /**
     * Asserts a replay's loss and every hyperparameter at every step against its reference, with the
     * reference README's tolerances times {@code tighten}.
     */
    static void assertWithinTolerance(String name, ReferenceTrajectory reference, Replay.Result result, double tighten) {
        assertEquals(reference.steps(), result.steps().size(), "steps replayed");
        assertEquals(reference.hyperparameterKeys(), result.keys(), "hyperparameter keys");
        double[] scale = new double[result.keys().size()];
        for (var step : reference.hyperparameters()) {
            for (int k = 0; k < scale.length; k++) {
                scale[k] = Math.max(scale[k], Math.abs(step.get(result.keys().get(k))));
            }
        }
        for (Replay.Step step : result.steps()) {
            int t = step.step();
            double expectedLoss = reference.losses()[t];
            double lossTolerance = 1e-4 * Math.max(1, Math.abs(expectedLoss)) * tighten;
            assertEquals(expectedLoss, step.loss(), lossTolerance, () -> name + " loss at step " + t);
            for (int k = 0; k < scale.length; k++) {
                String key = result.keys().get(k);
                double expected = reference.hyperparameters().get(t).get(key);
                double tolerance = (1e-3 * scale[k] + 1e-7) * tighten;
                int kk = k;
                assertEquals(expected, step.hyperparameters()[k], tolerance, () -> name + " " + key + " at step " + t);
                assertTrue(Double.isFinite(step.hyperparameters()[kk]));
            }
        }
    }
}
