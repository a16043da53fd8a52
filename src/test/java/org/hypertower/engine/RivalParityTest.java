package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hypertower.data.LabeledData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rival's reference trajectory (made by its published PyTorch implementation) replays within
 * the reference README's tolerances at every step, in float32 and float64: the loss, the adapted
 * scalar ({@code 0.d}, {@code 0.eta}), and at the end the training weights and, for DoG and
 * Schedule-Free, the weights they are evaluated at.
 */
class RivalParityTest {

    static final List<String> FILES = List.of("dadapt_sgd", "dadapt_sgd_momentum", "dadapt_adam", "dadapt_adam_wd",
            "prodigy", "prodigy_wd", "dog", "dog_wd", "schedulefree_sgd", "schedulefree_sgd_wd", "schedulefree_adamw",
            "schedulefree_adamw_wd", "cocob", "cocob_alpha50");

    static Path reference(String name) {
        try {
            return Path.of(RivalParityTest.class.getResource("/reference/rivals/" + name + ".json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() {
        return FILES.stream().flatMap(f -> Stream.of(Arguments.of(f, DataType.FLOAT32), Arguments.of(f, DataType.FLOAT64)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void rivalReplaysItsReferenceAtEveryStep(String name, DataType dataType) {
        ReferenceTrajectory reference = ReferenceTrajectory.read(reference(name));
        Replay.Result result = Replay.run(reference, dataType, -1);

        ReplayParityTest.assertWithinTolerance(name, reference, result,
                dataType == DataType.FLOAT64 ? float64Fraction(name) : 1);
    }

    /**
     * The fraction of the float32 tolerances a float64 replay is held to: 0.1 as for the towers,
     * or, where the rivals' README measured the reference's own float64 run farther from its float32
     * file, that fraction with half again as much margin.
     */
    static double float64Fraction(String name) {
        return switch (name) {
            case "dadapt_sgd" -> 1.5 * 0.166;
            case "dadapt_adam_wd" -> 1.5 * 0.142;
            case "prodigy" -> 1.5 * 0.137;
            default -> 0.1;
        };
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("cases")
    void rivalEndsAtTheReferenceWeights(String name, DataType dataType) throws IOException {
        ReferenceTrajectory reference = ReferenceTrajectory.read(reference(name));
        JsonNode root = new ObjectMapper().readTree(reference(name).toFile());
        LabeledData data = Replay.data(reference);
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = Replay.newTrainer(reference, reference.tower(), dataType, manager)) {
            for (int t = 0; t < reference.steps(); t++) {
                Replay.step(reference, data, trainer, t);
            }
            List<Double> initial = flatten(root.get("initial_parameters"));
            List<Double> training = flatten(root.get("final_parameters"));
            // 1e-3 of the farthest any weight moved, as the README scales a hyperparameter's tolerance by its
            // largest value; training and evaluation weights differ by 0.05 to 0.1 in these files. In float32
            // twice that: rounding alone moves dadapt_adam's end by more than 1e-3 (replays whose square roots
            // differed only in the last bit, for one value in six, ended 0.37, 0.78 and 1.6 of it from the
            // reference; the float64 replay 0.27), though every step's loss and d stay within the README's.
            double moved = 0;
            for (int i = 0; i < initial.size(); i++) {
                moved = Math.max(moved, Math.abs(training.get(i) - initial.get(i)));
            }
            double tolerance = (dataType == DataType.FLOAT32 ? 2e-3 : 1e-3) * moved + 1e-6;
            assertClose(name + " training weights", training, trainer.weights(manager), tolerance);
            JsonNode evaluation = root.get("evaluation_parameters");
            if (evaluation != null) {
                assertClose(name + " evaluation weights", flatten(evaluation), trainer.evaluationWeights(manager),
                        tolerance);
            } else {
                assertClose(name + " evaluation weights", training, trainer.evaluationWeights(manager), tolerance);
            }
        }
    }

    static void assertClose(String what, List<Double> want, List<NDArray> actual, double tolerance) {
        List<Double> got = new ArrayList<>();
        for (NDArray a : actual) {
            for (double v : a.toType(DataType.FLOAT64, false).toDoubleArray()) {
                got.add(v);
            }
        }
        assertEquals(want.size(), got.size(), what + ": number of weights");
        double worst = 0;
        for (int i = 0; i < want.size(); i++) {
            worst = Math.max(worst, Math.abs(want.get(i) - got.get(i)));
        }
        assertTrue(worst <= tolerance, what + " differ by up to " + worst + ", more than " + tolerance);
    }

    /** Returns {@code layer1.weight, layer1.bias, layer2.weight, layer2.bias} flat, row-major. */
    private static List<Double> flatten(JsonNode weights) {
        List<Double> out = new ArrayList<>();
        for (String layer : List.of("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias")) {
            flatten(weights.get(layer), out);
        }
        return out;
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, out));
        } else {
            out.add(node.asDouble());
        }
    }
}
