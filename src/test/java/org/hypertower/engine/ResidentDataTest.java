package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hypertower.data.DataSplit;
import org.hypertower.data.DatasetFiles;
import org.hypertower.data.DatasetId;
import org.hypertower.data.Features;
import org.hypertower.data.LabeledData;
import org.hypertower.data.Normalization;
import org.hypertower.model.Network;
import org.hypertower.model.Networks;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batches gathered from examples held on the engine are bit for bit those the Java loader
 * makes ({@link TowerTrainer#batch(LabeledData, int[])}, the path of every run before), for pixels
 * and floats, with and without normalization, in float32 and float64; and gathering many batches
 * leaves no arrays behind.
 */
class ResidentDataTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    /**
     * Pixels whose every channel takes every byte value: example k's pixel p of channel c is
     * {@code k * perChannel + p + 7c} (mod 256) for the first examples, then four random examples.
     */
    private static LabeledData pixels(boolean normalized, long[] shape) {
        int width = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int perChannel = shape.length == 3 ? width / (int) shape[0] : 1;
        int structured = (255 + perChannel) / perChannel;
        int size = structured + 4;
        SplittableRandom random = new SplittableRandom(3);
        byte[] values = new byte[size * width];
        for (int k = 0; k < size; k++) {
            for (int j = 0; j < width; j++) {
                int v = k < structured ? (k * perChannel + j % perChannel + 7 * (j / perChannel)) % 256
                        : random.nextInt(256);
                values[k * width + j] = (byte) v;
            }
        }
        LabeledData data = new LabeledData("pixels", new Features.Pixels(values, width), shape, labels(size, random),
                CLASSES, null);
        return normalized ? data.withNormalization(Normalization.of(data)) : data;
    }

    /** Iris-like rows of 4 floats of several magnitudes. */
    private static LabeledData floats(boolean normalized) {
        SplittableRandom random = new SplittableRandom(5);
        int size = 40;
        float[] values = new float[size * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble(-3, 9) * Math.pow(10, random.nextInt(-3, 3)));
        }
        LabeledData data = new LabeledData("floats", new Features.Floats(values, 4), new long[] {4}, labels(size, random),
                CLASSES, null);
        return normalized ? data.withNormalization(Normalization.of(data)) : data;
    }

    private static int[] labels(int size, SplittableRandom random) {
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = random.nextInt(CLASSES.size());
        }
        return labels;
    }

    /** A trainer whose weights are in a data type, for the Java loader, which makes batches in it. */
    private static TowerTrainer trainer(LabeledData data, DataType type, NDManager manager) {
        Network network = Networks.mlp(new int[] {2}, CLASSES.size());
        long[] shape = new long[data.exampleShape().length + 1];
        shape[0] = 1;
        System.arraycopy(data.exampleShape(), 0, shape, 1, data.exampleShape().length);
        network.initialize(manager, type, new Shape(shape), 0);
        return new TowerTrainer(network, TowerSpec.parse("sgd(0.1)"), manager);
    }

    @ParameterizedTest(name = "{0}, normalized {1}, {2}")
    @CsvSource({"pixels, false, float32", "pixels, true, float32", "pixels, false, float64", "pixels, true, float64",
            "vector-pixels, true, float32", "floats, false, float32", "floats, true, float32", "floats, false, float64",
            "floats, true, float64"})
    void gatheredBatchesAreBitForBitTheJavaLoaders(String kind, boolean normalized, String precision) {
        LabeledData data = switch (kind) {
            case "pixels" -> pixels(normalized, new long[] {3, 4, 4});
            case "vector-pixels" -> pixels(normalized, new long[] {20});
            default -> floats(normalized);
        };
        DataType type = RunFactory.dataType(precision);
        int[] shuffled = TrainingRun.permutation(data.size(), new SplittableRandom(9));
        try (NDManager manager = NDManager.newBaseManager();
                TowerTrainer trainer = trainer(data, type, manager);
                ResidentData resident = trainer.resident(data);
                NDScope scope = new NDScope()) {
            // every row, shuffled, in uneven batches; then in order by range, as evaluations take them
            for (int start = 0; start < data.size(); start += 7) {
                int[] rows = Arrays.copyOfRange(shuffled, start, Math.min(data.size(), start + 7));
                assertSame(trainer.batch(data, rows), resident.batch(rows), "rows " + Arrays.toString(rows));
            }
            for (int start = 0; start < data.size(); start += 5) {
                int end = Math.min(data.size(), start + 5);
                int[] rows = java.util.stream.IntStream.range(start, end).toArray();
                assertSame(trainer.batch(data, rows), resident.range(start, end), "range " + start + " to " + end);
            }
        }
    }

    private static void assertSame(NDList expected, NDList actual, String what) {
        NDArray ex = expected.get(0);
        NDArray ax = actual.get(0);
        assertEquals(ex.getShape(), ax.getShape(), what);
        assertEquals(ex.getDataType(), ax.getDataType(), what);
        if (ex.getDataType() == DataType.FLOAT64) {
            assertArrayEquals(bits(ex.toDoubleArray()), bits(ax.toDoubleArray()), what);
        } else {
            assertArrayEquals(bits(ex.toFloatArray()), bits(ax.toFloatArray()), what);
        }
        assertEquals(DataType.INT64, actual.get(1).getDataType(), what);
        assertArrayEquals(expected.get(1).toLongArray(), actual.get(1).toLongArray(), what);
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private static long[] bits(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.doubleToRawLongBits(values[i]);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}, {2}")
    @CsvSource({"cifar10, cnn, float32", "mnist, mlp, float64", "cifar100, paper-mlp, float32"})
    void aSeededRunTakesTheStepsItTookWithTheJavaLoader(String dataset, String model, String precision,
            @TempDir Path dir) {
        DatasetFiles.writeDataset(DatasetId.byName(dataset).orElseThrow(), dir);
        DataConfig data = new DataConfig(dataset, dir.toString(), 0, 0, true, false, 0.2, 0);
        TowerSpec tower = TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=1e-4)");
        long seed = 11;
        int batch = 16;
        int epochs = 2;
        RunConfig config = new RunConfig(data, model, new int[] {16}, tower, epochs, batch, seed, precision);
        List<StepMetrics> steps = new java.util.ArrayList<>();
        TrainingRun run = RunFactory.create(config);
        RunEnded ended = run.run(new RunListener() {
            @Override
            public void step(StepMetrics m) {
                steps.add(m);
            }
        });
        assertEquals(RunStatus.COMPLETED, ended.status(), ended.message());

        // the same run by hand, its batches made by the Java loader as every run's were before
        DataSplit split = RunFactory.split(data, seed);
        LabeledData train = split.train();
        DataType type = RunFactory.dataType(precision);
        Network network = RunFactory.network(model, new int[] {16}, train.classes(), train.exampleShape());
        List<Double> losses = new java.util.ArrayList<>();
        List<double[]> hyperparameters = new java.util.ArrayList<>();
        // with the run's PyTorch threads: the count changes how sums are split, and so their rounding
        int before = IntraOpThreads.ofThisThread();
        IntraOpThreads.useOnThisThread(run.threads());
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed((int) (seed ^ (seed >>> 32)));
            long[] shape = new long[train.exampleShape().length + 1];
            shape[0] = batch;
            System.arraycopy(train.exampleShape(), 0, shape, 1, train.exampleShape().length);
            network.initialize(manager, type, new Shape(shape), seed);
            try (TowerTrainer trainer = new TowerTrainer(network, tower, manager)) {
                SplittableRandom order = TrainingRun.batchOrder(seed);
                for (int epoch = 0; epoch < epochs; epoch++) {
                    int[] permutation = TrainingRun.permutation(train.size(), order);
                    for (int b = 0; b < train.size() / batch; b++) {
                        int[] rows = Arrays.copyOfRange(permutation, b * batch, (b + 1) * batch);
                        try (NDScope scope = new NDScope()) {
                            NDList arrays = trainer.batch(train, rows);
                            losses.add(trainer.step(arrays.get(0), arrays.get(1)).loss());
                        }
                        hyperparameters.add(trainer.tower().hyperparameterValues());
                    }
                }
            }
        } finally {
            IntraOpThreads.useOnThisThread(before);
        }
        assertEquals(losses.size(), steps.size());
        for (int t = 0; t < steps.size(); t++) {
            assertEquals(Double.doubleToRawLongBits(losses.get(t)), Double.doubleToRawLongBits(steps.get(t).loss()),
                    "loss of step " + t);
            assertArrayEquals(hyperparameters.get(t), steps.get(t).hyperparameters(), "hyperparameters after step " + t);
        }
    }

    @Test
    void everyByteValueScalesAsTheJavaTableDoes() {
        byte[] values = new byte[256];
        for (int v = 0; v < 256; v++) {
            values[v] = (byte) v;
        }
        LabeledData data = new LabeledData("bytes", new Features.Pixels(values, 1), new long[] {1}, new int[256],
                CLASSES, null);
        try (NDManager manager = NDManager.newBaseManager();
                ResidentData resident = ResidentData.of(data, manager, DataType.FLOAT32);
                NDScope scope = new NDScope()) {
            float[] engine = resident.range(0, 256).get(0).toFloatArray();
            float[] java = data.features().toFloatArray();
            assertArrayEquals(bits(java), bits(engine));
            assertEquals(1f / 255f, engine[1]);
        }
    }

    @Test
    void twentyThousandGathersLeaveNoArraysBehind() {
        LabeledData data = LoaderBenchmark.generated(DatasetId.MNIST, 64, 1).train();
        LoaderBenchmark.MemoryCheck check = LoaderBenchmark.memory(data, 8, 20_000);
        assertEquals(20_000, check.batches());
        assertTrue(check.arraysFirst() > 0, "the resident arrays are counted");
        assertEquals(check.arraysFirst(), check.arraysLast(), "arrays open after the first batch and after the last");
    }

    @Test
    void closingFreesTheResidentArraysAndBatchesOutliveIt() {
        LabeledData data = pixels(true, new long[] {3, 4, 4});
        try (NDManager manager = NDManager.newBaseManager()) {
            int before = manager.getManagedArrays().size();
            ResidentData resident = ResidentData.of(data, manager, DataType.FLOAT32);
            assertNotEquals(before, manager.getManagedArrays().size());
            NDList batch = resident.batch(new int[] {3, 1, 2});
            NDScope.unregister(batch);
            float[] values = batch.get(0).toFloatArray();
            resident.close();
            assertEquals(before + 2, manager.getManagedArrays().size(), "only the batch's two arrays are left");
            assertArrayEquals(values, batch.get(0).toFloatArray());
        }
    }

    @Test
    void aRangeOutsideTheExamplesIsRefused() {
        LabeledData data = floats(false);
        try (NDManager manager = NDManager.newBaseManager();
                ResidentData resident = ResidentData.of(data, manager, DataType.FLOAT32)) {
            assertThrows(IndexOutOfBoundsException.class, () -> resident.range(0, data.size() + 1));
            assertThrows(IndexOutOfBoundsException.class, () -> resident.range(5, 4));
            assertThrows(IllegalArgumentException.class, () -> ResidentData.of(data, manager, DataType.INT32));
        }
    }
}
