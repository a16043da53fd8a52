package org.hypertower.engine;

import ai.djl.Device;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.hypertower.data.LabeledData;
import org.hypertower.model.Network;
import org.hypertower.tower.FloatOps;
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

    /** The system property that, set to {@code false}, steps CPU weights through the engine too. */
    public static final String HEAP_PROPERTY = "hypertower.tower.heap";

    private final Network network;
    private final NDManager manager;
    private final TowerParameterStore store;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<String> parameterNames = new ArrayList<>();
    private final List<Shape> shapes = new ArrayList<>();
    private final boolean flat;
    /** Level 0's weights and the tower over them: one flat array of every weight, or one per tensor. */
    private final Weights<?> level0;
    private final Loss loss;

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
        // One flat buffer makes every level-0 operation a single native call or loop instead of one
        // per tensor; only a layer with per-tensor hyperparameters needs the tensors apart.
        this.flat = spec.level(0).type() != LayerType.SGD_PER_PARAM && !parameters.isEmpty();
        List<String> targets = flat ? List.of("weights") : parameterNames;
        List<NDArray> initial = parameters.stream().map(Parameter::getArray).toList();
        this.level0 = onHeap(initial)
                ? new HeapWeights(spec, targets, constrained, manager)
                : new NativeWeights(spec, targets, constrained, manager);
        setWeights(initial);
        this.loss = new SoftmaxCrossEntropyLoss("loss", 1, -1, true, !network.outputsLogProbabilities());
    }

    /**
     * Returns whether level 0 steps the weights on the Java heap ({@link FloatOps}): float32 weights
     * on the CPU, unless {@value #HEAP_PROPERTY} is {@code false}. Elsewhere (a GPU, float64) it
     * steps them through the engine ({@link NdOps}), where the data is.
     */
    private static boolean onHeap(List<NDArray> initial) {
        return !"false".equals(System.getProperty(HEAP_PROPERTY)) && !initial.isEmpty()
                && initial.stream().allMatch(a -> a.getDataType() == DataType.FLOAT32 && Device.cpu().equals(a.getDevice()));
    }

    /** Returns the tower being trained. */
    public Tower<?> tower() {
        return level0.tower();
    }

    /** Returns whether level 0 steps the weights on the Java heap rather than through the engine. */
    public boolean stepsOnHeap() {
        return level0 instanceof HeapWeights;
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
        return copies(level0.arrays(), target);
    }

    /**
     * Returns copies of the weights the model is evaluated at, in parameter order, attached to the
     * given manager: the training weights, or the average a layer reports instead (DoG's polynomial
     * average, Schedule-Free's x). What a run's final model is.
     */
    public List<NDArray> evaluationWeights(NDManager target) {
        return copies(level0.evaluationArrays(), target);
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
        try (NDScope scope = new NDScope()) {
            List<NDArray> slots = new ArrayList<>();
            if (flat) {
                NDList flattened = new NDList();
                for (NDArray w : weights) {
                    flattened.add(w.reshape(-1));
                }
                slots.add(flattened.size() == 1 ? flattened.get(0) : NDArrays.concat(flattened));
            } else {
                slots.addAll(weights);
            }
            level0.set(slots);
        }
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
            List<NDArray> values = level0.arrays();
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
            level0.step(grads);
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
        List<NDArray> values = level0.arrays();
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
        bindViews(level0.evaluationArrays());
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
        level0.close();
    }

    /**
     * Level 0's weights between steps, the tower that steps them, and the arrays the model reads
     * them from: the flat buffer, or one array per tensor ("slots").
     */
    private interface Weights<V> {

        Tower<V> tower();

        /** Replaces the weights with copies of the given slots. */
        void set(List<NDArray> slots);

        /** Returns the current weights' slots, where the next gradient is taken. */
        List<NDArray> arrays();

        /** Returns the slots the model is evaluated at (see {@link Tower#evaluationWeights}). */
        List<NDArray> evaluationArrays();

        /** Steps the tower with the gradients of the current slots. */
        void step(List<NDArray> grads);

        void close();
    }

    /** Weights stepped through the engine, where they live: a GPU's, or float64 ones. */
    private static final class NativeWeights implements Weights<NDArray> {

        private final NdOps ops = new NdOps();
        private final Tower<NDArray> tower;
        private final NDManager manager;
        private List<NDArray> values = List.of();

        NativeWeights(TowerSpec spec, List<String> targets, boolean constrained, NDManager manager) {
            this.tower = new Tower<>(spec, ops, targets, constrained);
            this.manager = manager;
        }

        @Override
        public Tower<NDArray> tower() {
            return tower;
        }

        @Override
        public void set(List<NDArray> slots) {
            List<NDArray> copies = new ArrayList<>();
            for (NDArray slot : slots) {
                NDArray copy = slot.duplicate();
                copy.attach(manager);
                copies.add(ops.keep(copy));
            }
            values = copies;
        }

        @Override
        public List<NDArray> arrays() {
            return values;
        }

        @Override
        public List<NDArray> evaluationArrays() {
            return tower.evaluationWeights(values);
        }

        @Override
        public void step(List<NDArray> grads) {
            values = tower.step(values, grads);
            ops.advance();
        }

        @Override
        public void close() {
            ops.close();
            values = List.of();
        }
    }

    /**
     * Float32 weights on the CPU, stepped on the Java heap ({@link FloatOps}): no native call per
     * operation of the tower. A step copies the gradients out once and the new weights in once, into
     * one of two native buffers in turn that the model's arrays wrap without a copy; the other still
     * backs the arrays of the step before, which are closed only after.
     */
    private static final class HeapWeights implements Weights<float[]> {

        private final FloatOps ops = new FloatOps();
        private final Tower<float[]> tower;
        private final NDManager manager;
        private List<float[]> values = List.of();
        private List<Shape> shapes = List.of();
        /** Two native buffers per slot; {@link #side} says which backs {@link #arrays}. */
        private ByteBuffer[][] buffers = new ByteBuffer[2][0];
        private int side;
        private List<NDArray> arrays = List.of();
        /** The evaluation weights' arrays where they differ from {@link #arrays}; made on demand. */
        private List<NDArray> evaluation;

        HeapWeights(TowerSpec spec, List<String> targets, boolean constrained, NDManager manager) {
            this.tower = new Tower<>(spec, ops, targets, constrained);
            this.manager = manager;
        }

        @Override
        public Tower<float[]> tower() {
            return tower;
        }

        @Override
        public void set(List<NDArray> slots) {
            List<float[]> copies = new ArrayList<>();
            List<Shape> slotShapes = new ArrayList<>();
            for (NDArray slot : slots) {
                copies.add(ops.keep(slot.toFloatArray()));
                slotShapes.add(slot.getShape());
            }
            if (!slotShapes.equals(shapes)) {
                shapes = List.copyOf(slotShapes);
                buffers = new ByteBuffer[2][shapes.size()];
                for (int i = 0; i < shapes.size(); i++) {
                    for (int b = 0; b < 2; b++) {
                        buffers[b][i] = ByteBuffer.allocateDirect(Math.toIntExact(shapes.get(i).size() * Float.BYTES))
                                .order(ByteOrder.nativeOrder());
                    }
                }
            }
            values = copies;
            publish();
        }

        /** Writes the weights into the buffers the current arrays do not use, and wraps those. */
        private void publish() {
            side ^= 1;
            List<NDArray> fresh = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                ByteBuffer buffer = buffers[side][i];
                buffer.asFloatBuffer().put(values.get(i));
                NDArray array = manager.create(buffer, shapes.get(i), DataType.FLOAT32);
                NDScope.unregister(array);
                fresh.add(array);
            }
            closeAll(arrays);
            closeAll(evaluation);
            evaluation = null;
            arrays = fresh;
        }

        private static void closeAll(List<NDArray> list) {
            if (list != null) {
                list.forEach(NDArray::close);
            }
        }

        @Override
        public List<NDArray> arrays() {
            return arrays;
        }

        @Override
        public List<NDArray> evaluationArrays() {
            List<float[]> at = tower.evaluationWeights(values);
            if (at.equals(values)) {
                return arrays;
            }
            if (evaluation == null) {
                List<NDArray> made = new ArrayList<>(at.size());
                for (int i = 0; i < at.size(); i++) {
                    NDArray array = manager.create(at.get(i), shapes.get(i));
                    NDScope.unregister(array);
                    made.add(array);
                }
                evaluation = made;
            }
            return evaluation;
        }

        @Override
        public void step(List<NDArray> grads) {
            List<float[]> g = new ArrayList<>(grads.size());
            for (NDArray grad : grads) {
                float[] copy = ops.borrow(Math.toIntExact(grad.size()));
                grad.toByteBuffer(true).asFloatBuffer().get(copy);
                g.add(copy);
            }
            values = tower.step(values, g);
            publish();
            ops.advance();
        }

        @Override
        public void close() {
            closeAll(arrays);
            closeAll(evaluation);
            arrays = List.of();
            evaluation = null;
            values = List.of();
        }
    }

    /**
     * A batch's loss and accuracy.
     *
     * @param loss the mean loss
     * @param accuracy the fraction classified correctly
     */
    public record BatchResult(double loss, double accuracy) {}
}
