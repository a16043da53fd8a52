package org.hypertower.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A model to train: a DJL block, what its output means, and its trainable parameters in a fixed
 * order.
 *
 * @param block the DJL block
 * @param outputsLogProbabilities true when the block ends in log_softmax (the loss is then the
 *     plain negative log-likelihood), false when it outputs logits
 * @param description a short human-readable description, e.g. {@code paper-mlp 4-8-3}
 */
public record Network(Block block, boolean outputsLogProbabilities, String description) {

    /** Returns the trainable parameters with their names, in the block's order. */
    public List<Pair<String, Parameter>> trainableParameters() {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Initializes the block for inputs of a shape (batch dimension included), then draws every
     * trainable parameter as PyTorch's layers do by default, from a seeded generator so the same
     * seed gives the same weights on every machine: weights and biases of linear and convolution
     * layers uniform in {@code ±1/sqrt(fan_in)} (a bias takes its layer's weight's fan-in), batch
     * normalization's gamma 1 and beta 0. Running statistics start at 0 (mean) and 1 (variance).
     */
    public void initialize(NDManager manager, DataType dataType, Shape inputShape, long seed) {
        block.initialize(manager, dataType, inputShape);
        SplittableRandom random = new SplittableRandom(seed);
        long fanIn = 1;
        for (Pair<String, Parameter> pair : trainableParameters()) {
            Parameter parameter = pair.getValue();
            NDArray array = parameter.getArray();
            Shape shape = array.getShape();
            double[] values = new double[(int) shape.size()];
            switch (parameter.getType()) {
                case GAMMA -> java.util.Arrays.fill(values, 1.0);
                case BETA -> java.util.Arrays.fill(values, 0.0);
                default -> {
                    if (parameter.getType() == Parameter.Type.WEIGHT && shape.dimension() >= 2) {
                        fanIn = shape.size() / shape.get(0);
                    }
                    double bound = 1 / Math.sqrt(fanIn);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = random.nextDouble(-bound, bound);
                    }
                }
            }
            // The drawn values take the place of the array's tensor instead of being written into
            // it: NDArray.set(Buffer) runs DJL's native torchSet, whose legacy guard makes libtorch
            // print a deprecation warning on stderr. The replacement is a clone, so libtorch owns
            // its memory: a created array only wraps a Java buffer, and toType to the same type
            // returns an alias of it.
            try (NDArray drawn = manager.create(values, shape);
                    NDArray typed = drawn.toType(dataType, true)) {
                array.intern(typed.duplicate());
            }
            array.setRequiresGradient(true); // the flag belonged to the tensor that was replaced
        }
    }

    /** Returns the number of trainable scalars. */
    public long trainableSize() {
        long n = 0;
        for (Pair<String, Parameter> pair : trainableParameters()) {
            n += pair.getValue().getArray().size();
        }
        return n;
    }
}
