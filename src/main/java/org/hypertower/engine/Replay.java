package org.hypertower.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.hypertower.data.DataException;
import org.hypertower.data.LabeledData;
import org.hypertower.model.Network;
import org.hypertower.model.Networks;

/** Replays a {@link ReferenceTrajectory}: the same problem, the same batches, our tower. */
public final class Replay {

    private Replay() {}

    /**
     * One replayed step.
     *
     * @param step the step number
     * @param loss the loss computed at the step, before its update
     * @param hyperparameters every level's effective hyperparameters after the step, in the order
     *     of {@link Result#keys()}
     * @param hypergradients d(loss)/d(hyperparameter) received at the step (NaN for constants)
     */
    public record Step(int step, double loss, double[] hyperparameters, double[] hypergradients) {}

    /**
     * A replay's trajectory.
     *
     * @param keys the hyperparameter keys, {@code LEVEL.NAME}
     * @param steps every step
     */
    public record Result(List<String> keys, List<Step> steps) {}

    /**
     * Replays a reference trajectory.
     *
     * @param reference the problem and its expected trajectory
     * @param dataType FLOAT32 as the reference, or FLOAT64 for a tighter check
     * @param steps how many steps to run; the reference's count when negative
     */
    public static Result run(ReferenceTrajectory reference, DataType dataType, int steps) {
        int n = steps < 0 ? reference.steps() : steps;
        LabeledData data = data(reference);
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = newTrainer(reference, reference.tower(), dataType, manager)) {
            checkKeys(reference, trainer.tower().hyperparameterKeys());
            List<Step> out = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                TowerTrainer.BatchResult result = step(reference, data, trainer, t);
                out.add(new Step(t, result.loss(), trainer.tower().hyperparameterValues(),
                        trainer.tower().hypergradients()));
                if (!Double.isFinite(result.loss())) {
                    break;
                }
            }
            return new Result(trainer.tower().hyperparameterKeys(), out);
        }
    }

    /** Refuses a reference whose steps record other hyperparameters than its tower learns. */
    private static void checkKeys(ReferenceTrajectory reference, List<String> keys) {
        List<String> recorded = reference.hyperparameterKeys();
        if (!new HashSet<>(keys).equals(new HashSet<>(recorded))) {
            throw new DataException("The reference's tower " + reference.tower() + " learns " + String.join(", ", keys)
                    + ", but its steps[0].hyper has " + (recorded.isEmpty() ? "none" : String.join(", ", recorded))
                    + "; the file's tower and steps must come from the same run.");
        }
    }

    /**
     * Builds a trainer for a reference problem: the papers' MLP with the reference's initial
     * weights, trained by any tower.
     */
    public static TowerTrainer newTrainer(ReferenceTrajectory reference, org.hypertower.tower.TowerSpec tower,
            DataType dataType, NDManager manager) {
        return newTrainer(reference, tower, dataType, manager, false);
    }

    /** The same, with the tower keeping its learned hyperparameters in range or not. */
    public static TowerTrainer newTrainer(ReferenceTrajectory reference, org.hypertower.tower.TowerSpec tower,
            DataType dataType, NDManager manager, boolean constrained) {
        LabeledData data = data(reference);
        Network network = Networks.paperMlp(reference.hidden(), data.classes());
        network.initialize(manager, dataType, new Shape(1, data.width()), 0);
        List<NDArray> initial = new ArrayList<>();
        for (ReferenceTrajectory.Weight w : reference.initialWeights()) {
            initial.add(manager.create(w.values(), new Shape(w.shape())).toType(dataType, false));
        }
        TowerTrainer trainer = new TowerTrainer(network, tower, manager, constrained);
        trainer.setWeights(initial);
        return trainer;
    }

    /** Runs step {@code t} of a reference problem: its batch, in its order. */
    public static TowerTrainer.BatchResult step(ReferenceTrajectory reference, LabeledData data, TowerTrainer trainer,
            int t) {
        int[] rows = reference.batches()[t % reference.batches().length];
        try (NDScope scope = new NDScope()) {
            NDList batch = trainer.batch(data, rows);
            return trainer.step(batch.get(0), batch.get(1));
        }
    }

    /** Returns a reference problem's rows as a dataset. */
    public static LabeledData data(ReferenceTrajectory reference) {
        float[][] rows = reference.features();
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        // the model's classes, not the labels': rows that never use the last class still replay
        int classes = reference.classes();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class" + c);
        }
        return new LabeledData("reference", flat, new long[] {width}, reference.labels(), names);
    }
}
