package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.hypertower.model.Network;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A model's size is known before it is built, so a model too big for the machine is refused up front. */
class ModelSizeTest {

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("paper-mlp", new int[] {8}, 3, new long[] {4}),
                Arguments.of("mlp", new int[] {128, 64}, 10, new long[] {1, 28, 28}),
                Arguments.of("mlp", new int[] {}, 10, new long[] {3, 32, 32}),
                Arguments.of("cnn", new int[] {8}, 10, new long[] {1, 28, 28}),
                Arguments.of("cnn", new int[] {8}, 100, new long[] {3, 32, 32}),
                Arguments.of("resnet20", new int[] {8}, 100, new long[] {3, 32, 32}));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("models")
    void theCountedSizeIsTheBuiltModelsSize(String model, int[] hidden, int classes, long[] shape) {
        long counted = java.util.Arrays.stream(RunFactory.parameterCounts(model, hidden, classes, shape)).sum();
        Network network = RunFactory.network(model, hidden, classes, shape);
        long[] input = new long[shape.length + 1];
        input[0] = 2;
        System.arraycopy(shape, 0, input, 1, shape.length);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, new Shape(input), 0);
            assertEquals(network.trainableSize(), counted);
        }
    }

    @org.junit.jupiter.api.Test
    void aLayerTooBigForTheHeapThatWillTrainItIsRefusedWithThatHeapsAdvice() {
        RunConfig config = new RunConfig(DataConfig.iris(0.2), "paper-mlp", new int[] {100_000}, TowerSpec.parse("sgd"),
                1, 10, 0, "float32");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFactory.check(config, 1L << 20, "HYPERTOWER_WORKER_JAVA_OPTS=-Xmx8g"));
        assertEquals("The model (paper-mlp with hidden sizes 100000) has 800,003 trainable parameters: its largest layer "
                + "(500,000 weights) does not fit in Java's heap (1 MB) while it is initialized; use smaller --hidden "
                + "sizes, or give Java more, e.g. HYPERTOWER_WORKER_JAVA_OPTS=-Xmx8g.", e.getMessage());
        assertArrayEquals(new long[] {500_000, 300_003}, RunFactory.parameterCounts("paper-mlp", new int[] {100_000}, 3,
                new long[] {4}));
    }
}
