package org.hypertower.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.hypertower.data.LabeledData;
import org.hypertower.model.Network;
import org.hypertower.tower.LayerType;
import org.hypertower.tower.NdOps;
import org.hypertower.tower.Tower;
import org.hypertower.tower.TowerSpec;

/**
 * Trains an initialized network with a tower, one batch at a time: a forward pass, one backward
 * pass for the weights' gradients, then the tower's step, which computes every hypergradient in
 * closed form and updates every level. DJL's Trainer and Optimizer are not used: they update in
 * place and cannot carry hypergradients.
 *
 * <p>Not thread-safe; DJL allows one gradient collector per process, so one trainer steps at a
 * time.
 */
public final class TowerTrainer implements AutoCloseable {

    private final Network network;
    private final NDManager manager;
    private final NdOps ops = new NdOps();
    private final TowerParameterStore store;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<String> parameterNames = new ArrayList<>();
    private final List<Shape> shapes = new ArrayList<>();
    private final boolean flat;
    private final Tower<NDArray> tower;
    private final Loss loss;
    /** What level 0 updates: one flat array of every weight, or one array per weight tensor. */
    private List<NDArray> values = new ArrayList<>();

    /**
     * Takes over an initialized network's trainable weights as the tower's starting point.
     *
     * @param network an initialized network
     * @param spec the tower to train it with (fresh state)
     * @param manager the manager batches and weights live in
     */
    public TowerTrainer(Network network, TowerSpec spec, NDManager manager) {
        this(network, spec, manager, false);
    }

    /**
     * Takes over an initialized network's trainable weights as the tower's starting point.
     *
     * @param network an initialized network
     * @param spec the tower to train it with (fresh state)
     * @param manager the manager batches and weights live in
     * @param constrained whether the tower keeps its learned hyperparameters in range
     */
    public TowerTrainer(Network network, TowerSpec spec, NDManager manager, boolean constrained) {
        autogradOff();
        this.network = network;
        this.manager = manager;
        this.store = new TowerParameterStore(manager);
        for (Pair<String, Parameter> pair : network.trainableParameters()) {
            parameterNames.add(pair.getKey());
            parameters.add(pair.getValue());
            shapes.add(pair.getValue().getArray().getShape());
        }
        // One flat buffer makes every level-0 operation a single native call instead of one per
        // tensor; only a layer with per-tensor hyperparameters needs the tensors apart.
        this.flat = spec.level(0).type() != LayerType.SGD_PER_PARAM && !parameters.isEmpty();
        setWeights(parameters.stream().map(Parameter::getArray).toList());
        this.tower = new Tower<>(spec, ops, flat ? List.of("weights") : parameterNames, constrained);
        this.loss = new SoftmaxCrossEntropyLoss("loss", 1, -1, true, !network.outputsLogProbabilities());
    }

    /** Returns the tower being trained. */
    public Tower<NDArray> tower() {
        return tower;
    }

    /** Returns the names of the trainable weights, in order. */
    public List<String> parameterNames() {
        return List.copyOf(parameterNames);
    }

    /**
     * Returns copies of the current training weights (where the next gradient is taken), in
     * parameter order, attached to the given manager.
     */
    public List<NDArray> weights(NDManager target) {
        return copies(values, target);
    }

    /**
     * Returns copies of the weights the model is evaluated at, in parameter order, attached to the
     * given manager: the training weights, or the average a layer reports instead (DoG's polynomial
     * average, Schedule-Free's x). What a run's final model is.
     */
    public List<NDArray> evaluationWeights(NDManager target) {
        return copies(tower.evaluationWeights(values), target);
    }

    private List<NDArray> copies(List<NDArray> source, NDManager target) {
        List<NDArray> out = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            for (NDArray view : views(source)) {
                NDArray copy = view.duplicate();
                copy.attach(target);
                NDScope.unregister(copy);
                out.add(copy);
            }
        }
        return out;
    }

    /** Replaces the current weights with copies of the given arrays, in parameter order. */
    public void setWeights(List<NDArray> weights) {
        if (weights.size() != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " weight arrays, got " + weights.size());
        }
        for (int i = 0; i < weights.size(); i++) {
            if (!weights.get(i).getShape().equals(shapes.get(i))) {
                throw new IllegalArgumentException("weight " + parameterNames.get(i) + " has shape " + shapes.get(i)
                        + ", got " + weights.get(i).getShape());
            }
        }
        List<NDArray> copies = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            if (flat) {
                NDList flattened = new NDList();
                for (NDArray w : weights) {
                    flattened.add(w.reshape(-1));
                }
                copies.add(flattened.size() == 1 ? flattened.get(0).duplicate() : NDArrays.concat(flattened));
            } else {
                for (NDArray w : weights) {
                    copies.add(w.duplicate());
                }
            }
            for (NDArray copy : copies) {
                copy.attach(manager);
                ops.keep(copy);
            }
        }
        values = copies;
    }

    /**
     * Returns the weights as the model sees them: views into the flat buffer, or the per-tensor
     * arrays themselves. Inside a gradient collector the views carry gradients to the buffer.
     */
    private List<NDArray> views(List<NDArray> source) {
        if (!flat) {
            return source;
        }
        NDArray buffer = source.get(0);
        long[] ends = new long[shapes.size() - 1];
        long offset = 0;
        for (int i = 0; i < ends.length; i++) {
            offset += shapes.get(i).size();
            ends[i] = offset;
        }
        NDList pieces = buffer.split(ends, 0);
        List<NDArray> out = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            out.add(pieces.get(i).reshape(shapes.get(i)));
        }
        return out;
    }

    private void bindViews(List<NDArray> source) {
        List<NDArray> views = views(source);
        for (int i = 0; i < views.size(); i++) {
            store.set(parameters.get(i), views.get(i));
        }
    }

    /**
     * Runs one training step on a batch. When the loss is not finite the weights and the tower are
     * left as they were.
     *
     * @param x the batch's inputs
     * @param y the batch's class indices (int64)
     * @return the batch's loss and accuracy before the update
     */
    public BatchResult step(NDArray x, NDArray y) {
        autogradOff();
        try (NDScope scope = new NDScope()) {
            for (NDArray v : values) {
                v.setRequiresGradient(true);
            }
            NDArray prediction;
            NDArray lossValue;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                bindViews(values);
                prediction = network.block().forward(store, new NDList(x), true).singletonOrThrow();
                lossValue = loss.evaluate(new NDList(y), new NDList(prediction));
                collector.backward(lossValue);
            }
            double l = scalar(lossValue);
            double accuracy = correct(prediction, y) / (double) y.size();
            if (!Double.isFinite(l)) {
                return new BatchResult(l, accuracy);
            }
            List<NDArray> grads = new ArrayList<>(values.size());
            for (NDArray v : values) {
                grads.add(v.getGradient());
            }
            values = tower.step(values, grads);
            ops.advance();
            return new BatchResult(l, accuracy);
        }
    }

    /**
     * Evaluates the model on examples, in batches, without training, at the weights the tower
     * evaluates at: the current ones, or DoG's average, or Schedule-Free's x.
     */
    public BatchResult evaluate(LabeledData data, int batchSize) {
        return evaluate(data, batchSize, () -> false);
    }

    /**
     * Evaluates the current weights on examples, in batches, without training, unless cancelled.
     * The examples are copied onto the engine for the call; to evaluate the same examples again,
     * keep them there with {@link #resident} and {@link #evaluate(ResidentData, int, BooleanSupplier)}.
     *
     * @param cancelled asked before each batch
     * @return the loss and accuracy, or null when cancelled
     */
    public BatchResult evaluate(LabeledData data, int batchSize, BooleanSupplier cancelled) {
        try (ResidentData resident = resident(data)) {
            return evaluate(resident, batchSize, cancelled);
        }
    }

    /**
     * Evaluates the current weights on examples held on the engine, in batches, without training,
     * unless cancelled.
     *
     * @param cancelled asked before each batch
     * @return the loss and accuracy, or null when cancelled
     */
    public BatchResult evaluate(ResidentData data, int batchSize, BooleanSupplier cancelled) {
        double[] lossSum = {0};
        long[] correct = {0};
        boolean finished = forEachBatch(data, batchSize, cancelled, (start, batch, prediction) -> {
            long size = batch.get(1).size();
            lossSum[0] += scalar(loss.evaluate(new NDList(batch.get(1)), new NDList(prediction))) * size;
            correct[0] += correct(prediction, batch.get(1));
        });
        return finished ? new BatchResult(lossSum[0] / data.size(), correct[0] / (double) data.size()) : null;
    }

    /**
     * Copies examples onto the engine, in this trainer's manager and data type, to make batches of:
     * see {@link ResidentData}. The caller closes it (closing the manager frees it too).
     */
    public ResidentData resident(LabeledData data) {
        return ResidentData.of(data, manager, dataType());
    }

    /** Returns the data type of the weights, which batches are made in. */
    private DataType dataType() {
        return values.isEmpty() ? DataType.FLOAT32 : values.get(0).getDataType();
    }

    /** What to do with one batch's inputs and labels and the model's output for them. */
    private interface BatchAction {
        void accept(int start, NDList batch, NDArray prediction);
    }

    /**
     * Runs the model, without training, over examples in order, a batch at a time, each in its own
     * scope, at the weights the tower evaluates at ({@link Tower#evaluationWeights}); returns false
     * when cancelled before the end.
     */
    private boolean forEachBatch(ResidentData data, int batchSize, BooleanSupplier cancelled, BatchAction action) {
        autogradOff();
        int n = data.size();
        for (int start = 0; start < n; start += batchSize) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            int end = Math.min(n, start + batchSize);
            try (NDScope scope = new NDScope()) {
                NDList batch = data.range(start, end);
                action.accept(start, batch, evaluationForward(batch.get(0)));
            }
        }
        return true;
    }

    /** Runs the model without training at the weights the tower evaluates at; in the current scope. */
    private NDArray evaluationForward(NDArray x) {
        bindViews(tower.evaluationWeights(values));
        return network.block().forward(store, new NDList(x), false).singletonOrThrow();
    }

    /**
     * Evaluates one batch without training at the weights the tower evaluates at, as
     * {@link #evaluate} evaluates each of its batches: the model's time without the loader's.
     */
    BatchResult evaluate(NDArray x, NDArray y) {
        autogradOff();
        try (NDScope scope = new NDScope()) {
            NDArray prediction = evaluationForward(x);
            double l = scalar(loss.evaluate(new NDList(y), new NDList(prediction)));
            return new BatchResult(l, correct(prediction, y) / (double) y.size());
        }
    }

    /**
     * Classifies examples with the weights the tower evaluates at (see {@link #evaluate}).
     *
     * @return each example's most probable class and that class's probability
     */
    public Predictions predict(LabeledData data, int batchSize) {
        try (ResidentData resident = resident(data)) {
            return predict(resident, batchSize);
        }
    }

    /**
     * Classifies examples held on the engine with the weights the tower evaluates at (see
     * {@link #evaluate}).
     *
     * @return each example's most probable class and that class's probability
     */
    public Predictions predict(ResidentData data, int batchSize) {
        int n = data.size();
        int[] classes = new int[n];
        float[] confidence = new float[n];
        forEachBatch(data, batchSize, () -> false, (start, batch, out) -> {
            NDArray logProbabilities = network.outputsLogProbabilities() ? out : out.logSoftmax(1);
            long[] best = logProbabilities.argMax(1).toType(DataType.INT64, false).toLongArray();
            float[] top = logProbabilities.max(new int[] {1}).exp().toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < best.length; i++) {
                classes[start + i] = (int) best[i];
                confidence[start + i] = top[i];
            }
        });
        return new Predictions(classes, confidence);
    }

    /**
     * Classes predicted for examples.
     *
     * @param classes the most probable class of each example
     * @param confidence its probability
     */
    public record Predictions(int[] classes, float[] confidence) {}

    /**
     * Makes the input and label arrays of the given rows (registered in the current scope) in Java,
     * example by example: for a single batch of a small dataset (a reference problem's). To make
     * many batches of the same examples, gather them from {@link #resident} instead, which gives the
     * same values bit for bit.
     */
    public NDList batch(LabeledData data, int[] rows) {
        int w = data.width();
        float[] features = new float[rows.length * w];
        long[] labels = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            data.copyExample(rows[i], features, i * w);
            labels[i] = data.labels()[rows[i]];
        }
        long[] shape = new long[data.exampleShape().length + 1];
        shape[0] = rows.length;
        System.arraycopy(data.exampleShape(), 0, shape, 1, data.exampleShape().length);
        DataType type = dataType();
        NDArray x = manager.create(features, new Shape(shape));
        if (type != DataType.FLOAT32) {
            x = x.toType(type, false);
        }
        return new NDList(x, manager.create(labels));
    }

    /**
     * Switches PyTorch's autograd off on the calling thread. Autograd's mode is per thread and
     * PyTorch starts every thread with it on; DJL switches it off only on the thread that loads the
     * engine, and a gradient collector restores whatever mode it found. Without this, on any other
     * thread the tower's updates would join the graph and the weights would stop being leaves.
     */
    private static void autogradOff() {
        if (JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
        }
    }

    private static long correct(NDArray prediction, NDArray labels) {
        return prediction.argMax(1).eq(labels).sum().toType(DataType.INT64, false).getLong();
    }

    static double scalar(NDArray array) {
        return array.getDataType() == DataType.FLOAT64 ? array.getDouble() : array.toType(DataType.FLOAT64, false).getDouble();
    }

    /** Releases the tower's arrays. The network's own parameters are left to its owner. */
    @Override
    public void close() {
        ops.close();
        values = List.of();
    }

    /**
     * A batch's loss and accuracy.
     *
     * @param loss the mean loss
     * @param accuracy the fraction classified correctly
     */
    public record BatchResult(double loss, double accuracy) {}
}
