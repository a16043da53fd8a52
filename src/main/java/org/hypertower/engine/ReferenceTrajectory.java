package org.hypertower.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hypertower.data.DataException;
import org.hypertower.tower.TowerSpec;
import org.hypertower.tower.TowerSpecException;

/**
 * A trajectory computed by the reference PyTorch implementation: the whole problem (Iris rows,
 * labeled rows, fixed batch order, the papers' MLP and its initial weights) and, per step, the
 * loss and every level's effective hyperparameters after the step.
 *
 * @param tower the tower
 * @param features the Iris features, row by row
 * @param labels the class of every row
 * @param batches the row indices of each batch; step t uses batch t mod size
 * @param hidden the hidden layer sizes of the papers' MLP
 * @param initialWeights {@code layer1.weight, layer1.bias, ...} as flat row-major arrays with
 *     shapes
 * @param losses the reference loss of each step
 * @param hyperparameters for each step, {@code LEVEL.NAME} to the effective value after it
 */
public record ReferenceTrajectory(
        TowerSpec tower,
        float[][] features,
        int[] labels,
        int[][] batches,
        int[] hidden,
        List<Weight> initialWeights,
        double[] losses,
        List<Map<String, Double>> hyperparameters) {

    /**
     * One weight tensor.
     *
     * @param name its name in the reference, e.g. {@code layer1.weight}
     * @param shape its shape (out x in for a weight matrix)
     * @param values its values, row-major
     */
    public record Weight(String name, long[] shape, float[] values) {}

    /** Returns the number of steps recorded. */
    public int steps() {
        return losses.length;
    }

    /** Returns the hyperparameter keys of the reference, in its order. */
    public List<String> hyperparameterKeys() {
        return hyperparameters.isEmpty() ? List.of() : List.copyOf(hyperparameters.get(0).keySet());
    }

    /**
     * Reads a reference file.
     *
     * @throws DataException naming the file and what is missing or malformed
     */
    public static ReferenceTrajectory read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DataException("Cannot read the reference file " + file + ": " + e.getMessage().split("\n")[0] + ".", e);
        }
        try {
            return fromJson(root);
        } catch (TowerSpecException e) {
            // the tower's message is already a sentence
            throw new DataException("The reference file " + file + " has an unusable tower: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DataException("The reference file " + file + " is not in the reference format (" + e.getMessage()
                    + "); see the README of the reference folder.", e);
        }
    }

    static ReferenceTrajectory fromJson(JsonNode root) {
        TowerSpec tower = TowerSpec.parse(required(root, "tower").asText());
        JsonNode problem = required(root, "problem");
        JsonNode featureNode = required(problem, "features");
        float[][] features = new float[featureNode.size()][];
        for (int i = 0; i < features.length; i++) {
            JsonNode row = featureNode.get(i);
            features[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                features[i][j] = (float) row.get(j).asDouble();
            }
        }
        int[] labels = ints(required(problem, "labels"));
        JsonNode batchNode = required(problem, "batches");
        int[][] batches = new int[batchNode.size()][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = ints(batchNode.get(i));
        }
        JsonNode init = required(root, "initial_parameters");
        List<Weight> weights = new ArrayList<>();
        List<Integer> hidden = new ArrayList<>();
        for (int layer = 1; init.has("layer" + layer + ".weight"); layer++) {
            for (String kind : new String[] {"weight", "bias"}) {
                String name = "layer" + layer + "." + kind;
                weights.add(weight(name, required(init, name)));
            }
            hidden.add(required(init, "layer" + layer + ".bias").size());
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("no layer1.weight in initial_parameters");
        }
        hidden.remove(hidden.size() - 1);
        JsonNode steps = required(root, "steps");
        double[] losses = new double[steps.size()];
        List<Map<String, Double>> hyper = new ArrayList<>();
        for (int t = 0; t < losses.length; t++) {
            JsonNode step = steps.get(t);
            losses[t] = required(step, "loss").asDouble();
            Map<String, Double> values = new LinkedHashMap<>();
            required(step, "hyper").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asDouble()));
            hyper.add(values);
        }
        return new ReferenceTrajectory(tower, features, labels, batches, hidden.stream().mapToInt(Integer::intValue).toArray(),
                weights, losses, hyper);
    }

    private static Weight weight(String name, JsonNode node) {
        List<Long> shape = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        flatten(node, 0, shape, values);
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new Weight(name, shape.stream().mapToLong(Long::longValue).toArray(), v);
    }

    private static void flatten(JsonNode node, int depth, List<Long> shape, List<Float> out) {
        if (node.isArray()) {
            if (shape.size() == depth) {
                shape.add((long) node.size());
            }
            for (JsonNode child : node) {
                flatten(child, depth + 1, shape, out);
            }
        } else {
            out.add((float) node.asDouble());
        }
    }

    private static int[] ints(JsonNode node) {
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asInt();
        }
        return out;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return child;
    }
}
