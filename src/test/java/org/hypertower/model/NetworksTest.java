package org.hypertower.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hypertower.engine.TowerTrainer;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class NetworksTest {

    static Stream<Arguments> imageModels() {
        return Stream.of(
                Arguments.of("cnn", Networks.cnn(10), new Shape(16, 1, 28, 28), "sgd(alpha=0.05) / sgd(alpha=1e-4)"),
                Arguments.of("cnn", Networks.cnn(10), new Shape(16, 3, 32, 32), "adam(alpha=0.001) / sgd(alpha=1e-6)"),
                Arguments.of("resnet20", ResNet20.build(10), new Shape(16, 3, 32, 32), "sgd(alpha=0.05) / sgd(alpha=1e-4)"),
                Arguments.of("mlp", Networks.mlp(new int[] {32}, 10), new Shape(16, 3, 32, 32),
                        "sgd_on_steroids(alpha=0.05, mu=0.5) / sgd(alpha=1e-4)"));
    }

    @ParameterizedTest(name = "{0} on {2} with {3}")
    @MethodSource("imageModels")
    void lossIsFiniteAndFallsOnAFixedBatch(String name, Network network, Shape shape, String tower) {
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, shape, 3);
            NDArray x = manager.randomUniform(0, 1, shape).duplicate();
            long[] labels = new long[(int) shape.get(0)];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 10;
            }
            NDArray y = manager.create(labels).duplicate();
            List<Double> losses = new ArrayList<>();
            try (TowerTrainer trainer = new TowerTrainer(network, TowerSpec.parse(tower), manager)) {
                for (int step = 0; step < 12; step++) {
                    losses.add(trainer.step(x, y).loss());
                }
            }
            assertTrue(losses.stream().allMatch(Double::isFinite), "finite losses " + losses);
            assertTrue(losses.get(losses.size() - 1) < losses.get(0), "loss falls on a fixed batch: " + losses);
        }
    }

    @Test
    void resnet20HasTheCifarVariantsParameterCountAndUntrainedRunningStatistics() {
        Network network = ResNet20.build(10);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32), 0);
            long trainable = network.trainableSize();
            // He et al. report 0.27 M parameters
            assertTrue(trainable > 265_000 && trainable < 275_000, "trainable parameters: " + trainable);
            int runningStats = 0;
            for (Pair<String, Parameter> p : network.block().getParameters()) {
                Parameter.Type type = p.getValue().getType();
                if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                    runningStats++;
                    assertFalse(p.getValue().requiresGradient(), p.getKey() + " is not trained");
                }
            }
            assertEquals(2 * 19, runningStats, "19 batch norms, each with a running mean and variance");
        }
    }

    @Test
    void batchNormalizationGammaStartsAtOneAndBetaAtZero() {
        Network network = ResNet20.build(10);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32), 0);
            for (Pair<String, Parameter> p : network.trainableParameters()) {
                float[] v = p.getValue().getArray().toFloatArray();
                if (p.getValue().getType() == Parameter.Type.GAMMA) {
                    for (float f : v) {
                        assertEquals(1f, f);
                    }
                } else if (p.getValue().getType() == Parameter.Type.BETA) {
                    for (float f : v) {
                        assertEquals(0f, f);
                    }
                }
            }
        }
    }

    @Test
    void sameSeedGivesSameWeightsAndOtherSeedOthers() {
        float[] a = firstWeight(Networks.cnn(10), 5);
        float[] b = firstWeight(Networks.cnn(10), 5);
        float[] c = firstWeight(Networks.cnn(10), 6);
        assertTrue(java.util.Arrays.equals(a, b));
        assertFalse(java.util.Arrays.equals(a, c));
        double bound = 1 / Math.sqrt(9.0); // conv 1 -> 32, 3x3: fan_in 9
        for (float f : a) {
            assertTrue(Math.abs(f) <= bound);
        }
    }

    /**
     * The weights are exactly the seeded draws in the network's type, and they stay so after the
     * Java buffers the draws were made in are collected and their memory reused: libtorch owns the
     * weights' memory.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT32", "FLOAT64"})
    void initialWeightsAreTheSeededDrawsAndOutliveACollection(DataType type) {
        Network network = Networks.mlp(new int[] {8}, 3);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, type, new Shape(1, 4), 7);
            List<ByteBuffer> reuse = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                System.gc();
                for (int i = 0; i < 64; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(32 * Double.BYTES);
                    while (b.hasRemaining()) {
                        b.put((byte) 0x7f);
                    }
                    reuse.add(b);
                }
            }
            NDArray weight = network.trainableParameters().get(0).getValue().getArray();
            SplittableRandom random = new SplittableRandom(7);
            double bound = 1 / Math.sqrt(4.0); // 4 inputs
            double[] actual = weight.toType(DataType.FLOAT64, false).toDoubleArray();
            assertEquals(type, weight.getDataType());
            assertEquals(32, actual.length);
            for (int i = 0; i < actual.length; i++) {
                double drawn = random.nextDouble(-bound, bound);
                assertEquals(type == DataType.FLOAT32 ? (double) (float) drawn : drawn, actual[i], 0, "weight " + i);
            }
            // asked of libtorch: DJL caches the flag of the tensor the array held before
            assertTrue(JniUtils.requiresGrad((PtNDArray) weight), "the weight is trainable");
        }
    }

    private static float[] firstWeight(Network network, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28), seed);
            return network.trainableParameters().get(0).getValue().getArray().toFloatArray();
        }
    }
}
