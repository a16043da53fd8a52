package org.hypertower.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hypertower.data.Features;
import org.hypertower.data.LabeledData;
import org.hypertower.data.Normalization;

/**
 * A dataset held once on the engine, from which batches are gathered by row: the batch loader of
 * runs and evaluations. Pixels stay 8-bit there (a quarter of the memory of floats); a batch of
 * them is one index gather, then on the engine {@code x / 255}, the normalization and the run's
 * data type. Float features are stored already normalized in the run's data type, so their batch
 * is the gather alone. No Java work per example.
 *
 * <p>The values are bit for bit those of {@link LabeledData#copyExample} turned into the run's data
 * type, the path batches took before: the engine computes in float32 the same operations in the
 * same order ({@code (float) v / 255f}, then {@code (x - mean[c]) / std[c]}), each rounded once.
 *
 * <p>Its arrays live in a sub-manager of the manager it was made with, so closing it, or closing
 * that manager, frees them; batches are attached to that manager and registered in the current
 * {@link NDScope}, so they outlive neither the scope nor the manager. Not thread-safe.
 */
public final class ResidentData implements AutoCloseable {

    private final LabeledData data;
    private final NDManager target;
    private final NDManager own;
    private final DataType dataType;
    private final boolean pixels;
    /** The batches' shape after the first dimension; null when it is the row itself. */
    private final long[] exampleShape;
    /** Every example, one per row: N x width, stored type (pixels) or final values (floats). */
    private final NDArray features;
    private final NDArray labels;
    /** Pixels only: 255 as a float32 scalar, and the channels' mean and deviation (null without normalization). */
    private final NDArray scale;
    private final NDArray mean;
    private final NDArray std;
    /** How long copying the examples onto the engine took. */
    private final long copyNanos;
    /** The rows of the next batch, handed to the engine without a copy; grown as needed. */
    private ByteBuffer rowBuffer = ByteBuffer.allocateDirect(0);

    private ResidentData(LabeledData data, NDManager manager, DataType dataType) {
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("batches are float32 or float64, not " + dataType);
        }
        long start = System.nanoTime();
        this.data = data;
        this.target = manager;
        this.own = manager.newSubManager();
        this.dataType = dataType;
        this.pixels = data.features() instanceof Features.Pixels;
        this.exampleShape = data.exampleShape().length == 1 ? null : data.exampleShape();
        Shape rows = new Shape(data.size(), data.width());
        try {
            long[] l = new long[data.size()];
            for (int i = 0; i < l.length; i++) {
                l[i] = data.labels()[i];
            }
            labels = keep(own.create(l));
            Normalization n = data.normalization();
            if (pixels) {
                byte[] values = ((Features.Pixels) data.features()).values();
                ByteBuffer buffer = ByteBuffer.allocateDirect(values.length).order(ByteOrder.nativeOrder());
                buffer.put(values).flip();
                features = keep(own.create(buffer, rows, DataType.UINT8));
                scale = keep(own.create(255f));
                Shape channels = channelShape(data.exampleShape());
                mean = n == null ? null : keep(own.create(n.mean(), channels));
                std = n == null ? null : keep(own.create(n.std(), channels));
            } else {
                // the Java path itself, once: a small dataset's examples normalized as they always were
                float[] values = new float[data.size() * data.width()];
                for (int i = 0; i < data.size(); i++) {
                    data.copyExample(i, values, i * data.width());
                }
                NDArray floats = keep(own.create(values, rows));
                features = dataType == DataType.FLOAT32 ? floats : keep(floats.toType(dataType, false));
                if (features != floats) {
                    floats.close();
                }
                scale = null;
                mean = null;
                std = null;
            }
        } catch (RuntimeException | Error e) {
            own.close();
            throw e;
        }
        copyNanos = System.nanoTime() - start;
    }

    /**
     * Copies a dataset onto the engine.
     *
     * @param data the examples
     * @param manager the manager its arrays are freed with (at the latest) and batches attach to
     * @param dataType the batches' data type, FLOAT32 or FLOAT64
     */
    public static ResidentData of(LabeledData data, NDManager manager, DataType dataType) {
        return new ResidentData(data, manager, dataType);
    }

    /** Returns the examples held. */
    public LabeledData data() {
        return data;
    }

    /** Returns the number of examples. */
    public int size() {
        return data.size();
    }

    /** Returns how long copying the examples onto the engine took, in nanoseconds. */
    public long copyNanos() {
        return copyNanos;
    }

    /** Returns the data type of the batches' inputs. */
    public DataType dataType() {
        return dataType;
    }

    /**
     * Gathers the inputs and labels (int64) of the given rows, in that order, registered in the
     * current scope.
     */
    public NDList batch(int[] rows) {
        if (rowBuffer.capacity() < rows.length * Long.BYTES) {
            rowBuffer = ByteBuffer.allocateDirect(rows.length * Long.BYTES).order(ByteOrder.nativeOrder());
        }
        rowBuffer.clear();
        for (int row : rows) {
            rowBuffer.putLong(row);
        }
        rowBuffer.flip();
        // the engine reads the rows from the buffer itself, which the next batch overwrites: the
        // index array lives no longer than the gathers
        try (NDArray index = target.create(rowBuffer, new Shape(rows.length), DataType.INT64)) {
            // an embedding lookup is PyTorch's index_select on rows: one copy of each row, where
            // indexing by an array copies element by element, ten times slower; called on the
            // index, so that the rows belong to the target manager
            NDArray x = index.getNDArrayInternal().embedding(index, features, SparseFormat.DENSE).singletonOrThrow();
            return finish(x, labels.take(target, index));
        }
    }

    /** Returns the inputs and labels of rows {@code start} (inclusive) to {@code end} (exclusive). */
    public NDList range(int start, int end) {
        if (start < 0 || end > size() || start > end) {
            throw new IndexOutOfBoundsException("rows " + start + " to " + end + " of " + size());
        }
        NDIndex slice = new NDIndex().addSliceDim(start, end);
        return finish(features.get(target, slice), labels.get(target, slice));
    }

    /**
     * Turns gathered rows into the batch's inputs: pixels become float32, divided by 255, then
     * normalized, in place; float rows are final.
     */
    private NDList finish(NDArray rows, NDArray y) {
        NDArray x = rows;
        if (exampleShape != null) {
            x = rows.reshape(batchShape(rows.getShape().get(0), exampleShape));
            rows.close();
        }
        if (pixels) {
            // two vectorized passes; dividing the bytes by a float at once casts element by element
            NDArray floats = x.toType(DataType.FLOAT32, false);
            x.close();
            x = floats;
            // in place: x is this batch's own array now
            x.divi(scale);
            if (mean != null) {
                x.subi(mean).divi(std);
            }
            if (dataType != DataType.FLOAT32) {
                NDArray converted = x.toType(dataType, false);
                x.close();
                x = converted;
            }
        }
        return new NDList(x, y);
    }

    private static NDArray keep(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    /** Returns the shape of a batch of {@code size} examples of the given shape. */
    static Shape batchShape(long size, long[] exampleShape) {
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = size;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return new Shape(shape);
    }

    /** The shape the per-channel statistics broadcast with: C x 1 x 1 for images, else the example's. */
    private static Shape channelShape(long[] exampleShape) {
        return exampleShape.length == 3 ? new Shape(exampleShape[0], 1, 1) : new Shape(exampleShape);
    }

    /** Frees the arrays on the engine; batches already made stay valid. */
    @Override
    public void close() {
        own.close();
    }
}
