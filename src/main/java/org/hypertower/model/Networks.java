package org.hypertower.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
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

    private static String sizes(int[] hidden, int classes) {
        String h = Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining("-"));
        return h.isEmpty() ? "->" + classes : h + "-" + classes;
    }
}
