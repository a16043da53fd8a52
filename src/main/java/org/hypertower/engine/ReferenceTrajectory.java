package org.hypertower.engine;

import static org.hypertower.engine.ReferenceJson.element;
import static org.hypertower.engine.ReferenceJson.field;
import static org.hypertower.engine.ReferenceJson.member;
import static org.hypertower.engine.ReferenceJson.object;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hypertower.data.DataException;
import org.hypertower.files.FileErrors;
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

    /** Python's json module writes a diverged loss as a bare NaN; the checks refuse it where it cannot be. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

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

    /** Returns the number of classes: the outputs of the model's last layer. */
    public int classes() {
        return (int) initialWeights.get(initialWeights.size() - 1).shape()[0];
    }

    /**
     * Reads a reference file and checks that it can be replayed: every value of the kind its field
     * needs, shapes that chain from the features through every layer, labels the last layer can
     * output, batches of existing rows, and the same hyperparameters at every step.
     *
     * @throws DataException naming the file and the first field that is missing or malformed
     */
    public static ReferenceTrajectory read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException("Cannot read the reference file " + file + ": " + FileErrors.reason(e) + ".", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new DataException("The reference file " + file + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + "; see the README of the reference folder.", e);
        } catch (IOException e) {
            throw new DataException("Cannot read the reference file " + file + ": " + FileErrors.reason(e) + ".", e);
        }
        try {
            return fromJson(root);
        } catch (TowerSpecException e) {
            // the tower's message is already a sentence
            throw new DataException("The reference file " + file + " has an unusable tower: " + e.getMessage(), e);
        } catch (ReferenceJson.FormatException e) {
            throw new DataException("The reference file " + file + " is not in the reference format: " + e.getMessage()
                    + "; see the README of the reference folder.", e);
        }
    }

    static ReferenceTrajectory fromJson(JsonNode root) {
        if (!root.isObject()) {
            throw new ReferenceJson.FormatException("it holds " + ReferenceJson.describe(root) + ", not a JSON object");
        }
        TowerSpec tower = TowerSpec.parse(ReferenceJson.text(field(root, "", "tower"), "tower"));
        JsonNode problem = object(field(root, "", "problem"), "problem");
        float[][] features = ReferenceJson.matrix(field(problem, "problem", "features"), "problem.features");
        List<Weight> weights = ReferenceChecks.layers(object(field(root, "", "initial_parameters"), "initial_parameters"));
        ReferenceChecks.featuresFitTheModel(features, weights);
        int[] labels = ReferenceJson.integers(field(problem, "problem", "labels"), "problem.labels",
                "every row needs a label");
        int classes = (int) weights.get(weights.size() - 1).shape()[0];
        ReferenceChecks.labelsFitTheRows(labels, features.length, classes);
        int[][] batches = ReferenceChecks.batches(field(problem, "problem", "batches"), features.length);
        // weights alternate weight, bias; every layer but the last is hidden
        int[] hidden = new int[weights.size() / 2 - 1];
        for (int layer = 0; layer < hidden.length; layer++) {
            hidden[layer] = (int) weights.get(2 * layer).shape()[0];
        }
        JsonNode steps = ReferenceJson.nonEmptyArray(field(root, "", "steps"), "steps",
                "a reference needs at least one step");
        double[] losses = new double[steps.size()];
        List<Map<String, Double>> hyper = new ArrayList<>();
        for (int t = 0; t < losses.length; t++) {
            String path = element("steps", t);
            JsonNode step = object(steps.get(t), path);
            losses[t] = ReferenceJson.number(field(step, path, "loss"), member(path, "loss"));
            String hyperPath = member(path, "hyper");
            Map<String, Double> values = new LinkedHashMap<>();
            object(field(step, path, "hyper"), hyperPath).fields().forEachRemaining(e -> values.put(e.getKey(),
                    ReferenceJson.number(e.getValue(), member(hyperPath, e.getKey()))));
            if (t > 0) {
                ReferenceChecks.sameKeys(values.keySet(), hyperPath, hyper.get(0).keySet(), "steps[0].hyper");
            }
            hyper.add(values);
        }
        return new ReferenceTrajectory(tower, features, labels, batches, hidden, weights, losses, hyper);
    }
}
