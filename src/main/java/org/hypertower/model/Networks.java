package org.hypertower.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Builds the models the papers and the workbench use. */
public final class Networks {

    private Networks() {}

    /**
     * The papers' MLP: {@code Linear -> tanh} for each hidden size, then {@code Linear -> tanh ->
     * log_softmax}. Inputs are flattened.
     */
    public static Network paperMlp(int[] hidden, int classes) {
        SequentialBlock block = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int units : hidden) {
            block.add(Linear.builder().setUnits(units).build()).add(Activation.tanhBlock());
        }
        block.add(Linear.builder().setUnits(classes).build())
                .add(Activation.tanhBlock())
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().logSoftmax(1)), "log_softmax"));
        return new Network(block, true, "paper-mlp " + sizes(hidden, classes));
    }

    /** An ordinary MLP: {@code Linear -> ReLU} for each hidden size, then a linear layer of logits. */
    public static Network mlp(int[] hidden, int classes) {
        SequentialBlock block = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int units : hidden) {
            block.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits(classes).build());
        return new Network(block, false, "mlp " + sizes(hidden, classes));
    }

    /**
     * A small CNN: two blocks of {@code 3x3 convolution (padding 1) -> ReLU -> 2x2 max pool} with 32
     * and 64 filters, then a linear layer of logits. Works for 1x28x28 and 3x32x32 inputs.
     */
    public static Network cnn(int classes) {
        SequentialBlock block = new SequentialBlock();
        for (int filters : new int[] {32, 64}) {
            block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters)
                            .build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        block.add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(classes).build());
        return new Network(block, false, "cnn 32-64");
    }

    private static String sizes(int[] hidden, int classes) {
        String h = Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining("-"));
        return h.isEmpty() ? "->" + classes : h + "-" + classes;
    }
}
