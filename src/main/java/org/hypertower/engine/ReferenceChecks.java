package org.hypertower.engine;

import static org.hypertower.engine.ReferenceJson.element;
import static org.hypertower.engine.ReferenceJson.member;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.hypertower.engine.ReferenceJson.FormatException;

/**
 * Checks that the parts of a reference file fit each other, so that a replay never reaches an
 * index out of bounds or a shape DJL refuses: the features feed the first layer, every layer's
 * outputs feed the next, the labels are outputs of the last layer, the batches name existing rows,
 * and every step records the same hyperparameters. Each failure names the field by its JSON path.
 */
final class ReferenceChecks {

    private static final String INIT = "initial_parameters";

    private ReferenceChecks() {}

    /**
     * Reads {@code layer1.weight, layer1.bias, layer2.weight, ...}: each weight a matrix (out x in),
     * each bias as long as its weight has rows, each layer's inputs the previous layer's outputs.
     */
    static List<ReferenceTrajectory.Weight> layers(JsonNode init) {
        List<ReferenceTrajectory.Weight> weights = new ArrayList<>();
        int layer = 1;
        for (; init.has("layer" + layer + ".weight"); layer++) {
            String weightName = "layer" + layer + ".weight";
            String biasName = "layer" + layer + ".bias";
            String weightPath = member(INIT, weightName);
            String biasPath = member(INIT, biasName);
            float[][] matrix = ReferenceJson.matrix(init.get(weightName), weightPath);
            float[] bias = ReferenceJson.floats(ReferenceJson.field(init, INIT, biasName), biasPath);
            int out = matrix.length;
            int in = matrix[0].length;
            if (bias.length != out) {
                throw new FormatException(biasPath + " has " + bias.length + " values, but " + weightPath + " has " + out
                        + " rows");
            }
            if (layer > 1) {
                long previousOut = weights.get(weights.size() - 1).shape()[0];
                if (in != previousOut) {
                    throw new FormatException(weightPath + " has " + in + " columns, but "
                            + member(INIT, "layer" + (layer - 1) + ".weight") + " has " + previousOut
                            + " rows (a layer's inputs are the outputs of the layer before)");
                }
            }
            float[] flat = new float[out * in];
            for (int r = 0; r < out; r++) {
                System.arraycopy(matrix[r], 0, flat, r * in, in);
            }
            weights.add(new ReferenceTrajectory.Weight(weightName, new long[] {out, in}, flat));
            weights.add(new ReferenceTrajectory.Weight(biasName, new long[] {out}, bias));
        }
        int layers = layer - 1;
        if (layers == 0) {
            throw new FormatException(member(INIT, "layer1.weight") + " is missing");
        }
        for (Iterator<String> names = init.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.matches("layer[1-9][0-9]{0,5}\\.(weight|bias)")
                    || Integer.parseInt(name.substring(5, name.indexOf('.'))) > layers) {
                throw new FormatException(member(INIT, name) + " is not a weight or bias of "
                        + (layers == 1 ? "layer1, the model's only layer" : "the model's layers, layer1 to layer" + layers)
                        + " (layers are numbered without gaps)");
            }
        }
        return weights;
    }

    /** Checks that every row has as many features as the first layer has inputs. */
    static void featuresFitTheModel(float[][] features, List<ReferenceTrajectory.Weight> weights) {
        long inputs = weights.get(0).shape()[1];
        if (features[0].length != inputs) {
            throw new FormatException("problem.features has " + features[0].length + " values per row, but "
                    + member(INIT, "layer1.weight") + " has " + inputs + " columns (the model's inputs)");
        }
    }

    /** Checks that there is one label per row and that each is one of the model's classes. */
    static void labelsFitTheRows(int[] labels, int rows, int classes) {
        if (labels.length != rows) {
            throw new FormatException("problem.labels has " + labels.length + " values, but problem.features has " + rows
                    + " rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new FormatException(element("problem.labels", i) + " is " + labels[i] + ", not a class of the model ("
                        + "0 to " + (classes - 1) + ", as its last layer has " + classes + " outputs)");
            }
        }
    }

    /** Reads the batches: at least one, none empty, each index a row. */
    static int[][] batches(JsonNode node, int rows) {
        String path = "problem.batches";
        ReferenceJson.nonEmptyArray(node, path, "a reference needs at least one batch");
        int[][] batches = new int[node.size()][];
        for (int b = 0; b < batches.length; b++) {
            String batchPath = element(path, b);
            batches[b] = ReferenceJson.integers(node.get(b), batchPath, "every batch needs at least one row");
            for (int i = 0; i < batches[b].length; i++) {
                int row = batches[b][i];
                if (row >= rows) {
                    throw new FormatException(element(batchPath, i) + " is " + row + ", but there are only " + rows
                            + " rows (0 to " + (rows - 1) + ")");
                }
                if (row < 0) {
                    throw new FormatException(element(batchPath, i) + " is " + row + ", not a row index (0 to " + (rows - 1)
                            + ")");
                }
            }
        }
        return batches;
    }

    /** Checks that a step records exactly the hyperparameters of the first step. */
    static void sameKeys(Set<String> keys, String path, Set<String> expected, String expectedPath) {
        for (String key : expected) {
            if (!keys.contains(key)) {
                throw new FormatException(path + " has no \"" + key + "\", which " + expectedPath + " has");
            }
        }
        for (String key : keys) {
            if (!expected.contains(key)) {
                throw new FormatException(path + " has \"" + key + "\", which " + expectedPath + " does not have");
            }
        }
    }
}
