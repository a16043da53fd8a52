package org.hypertower.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.hypertower.data.DataLocator;
import org.hypertower.data.DataSplit;
import org.hypertower.data.DatasetId;
import org.hypertower.data.Features;
import org.hypertower.data.LabeledData;
import org.hypertower.data.Normalization;
import org.hypertower.model.Network;
import org.hypertower.tower.TowerSpec;

/**
 * Times the batch loader against the training steps it feeds, for every dataset and model a run
 * can train: in one process, in interleaved blocks, each block timing the loader gathering
 * batches from the examples held on the engine ({@link ResidentData}), the Java loader batches were
 * made with before ({@link TowerTrainer#batch(LabeledData, int[])}, for comparison), and the
 * model's training steps; then the same for the test split, its batches against the model's
 * evaluation of them.
 * Image datasets are read where this machine has them and otherwise generated in their real shape,
 * size and stored type (random pixels), normalized as {@code --normalize} does (the loader's most
 * work); Iris is read as a run reads it.
 */
public final class LoaderBenchmark {

    /** Seconds each contender is timed for in a block, at least one batch or step. */
    private static final double BLOCK_SECONDS = 0.15;
    /** Examples of the test split timed: four evaluation batches. */
    private static final int EVALUATED = 4 * TrainingRun.EVAL_BATCH;

    private LoaderBenchmark() {}

    /**
     * One dataset and model, measured: each figure the median over the timing blocks.
     *
     * @param dataset the dataset's name, with {@code (generated)} when it was not found here
     * @param model the model's description
     * @param batchSize examples per training batch
     * @param loader examples per second of the loader gathering training batches
     * @param javaLoader examples per second of the Java loader on the same batches
     * @param steps examples per second of the training steps
     * @param ratio loader over steps, the median of the blocks' ratios
     * @param testLoader examples per second of the loader making the test split's batches
     * @param evaluation examples per second of the model evaluating test batches (forward pass and
     *     loss, as {@link TowerTrainer#evaluate} takes them, without the loader)
     * @param testRatio test loader over evaluation, the median of the blocks' ratios
     */
    public record Pair(String dataset, String model, int batchSize, double loader, double javaLoader, double steps,
            double ratio, double testLoader, double evaluation, double testRatio) {}

    /**
     * The arrays and memory of a long run of gathers.
     *
     * @param batches how many batches were gathered
     * @param arraysFirst the arrays open on the engine after the first batch
     * @param arraysLast after the last
     * @param rssMbFirst resident memory after the first batch (MiB)
     * @param rssMbLast after the last
     */
    public record MemoryCheck(int batches, int arraysFirst, int arraysLast, double rssMbFirst, double rssMbLast) {}

    /**
     * Measures one dataset with each of its models.
     *
     * @param id the dataset
     * @param models the models, by {@code train}'s names
     * @param hidden the hidden sizes of the MLPs on images (Iris trains {@code train}'s default)
     * @param batchSize examples per training batch on images (Iris trains {@code train}'s default)
     * @param tower the tower the steps train with
     * @param blocks interleaved timing blocks
     * @param log receives a line per model
     */
    public static List<Pair> run(DatasetId id, List<String> models, int[] hidden, int batchSize, TowerSpec tower,
            int blocks, Consumer<String> log) {
        boolean iris = id == DatasetId.IRIS;
        String name = id.cliName();
        DataSplit split;
        if (iris || new DataLocator(Optional.empty()).isAvailable(id)) {
            DataConfig config = iris ? DataConfig.of("iris")
                    : new DataConfig(name, null, 0, 0, true, false, 0.2, 0);
            split = RunFactory.split(config, 0);
        } else {
            split = generated(id);
            name += " (generated)";
        }
        int batch = Math.min(iris ? 10 : batchSize, split.train().size());
        List<Pair> out = new ArrayList<>();
        for (String model : models) {
            int[] sizes = iris ? new int[] {8} : hidden;
            Network network = RunFactory.network(model, sizes, split.train().classes(), split.train().exampleShape());
            Pair p = measure(name, network, split, batch, tower, blocks);
            out.add(p);
            log.accept(line(p));
        }
        return out;
    }

    /** Returns the line a pair is reported with. */
    public static String line(Pair p) {
        return String.format(java.util.Locale.ROOT,
                "%-26s %-18s batch %3d: loader %,11.0f ex/s (java %,9.0f, x%.1f), steps %,9.0f ex/s, ratio %8.1f;"
                        + " test: loader %,11.0f ex/s, evaluation %,9.0f ex/s, ratio %8.1f",
                p.dataset(), p.model(), p.batchSize(), p.loader(), p.javaLoader(), p.loader() / p.javaLoader(),
                p.steps(), p.ratio(), p.testLoader(), p.evaluation(), p.testRatio());
    }

    private static Pair measure(String dataset, Network network, DataSplit split, int batch, TowerSpec tower,
            int blocks) {
        LabeledData train = split.train();
        LabeledData test = split.test().limit(EVALUATED);
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, DataType.FLOAT32, ResidentData.batchShape(batch, train.exampleShape()), 1);
            try (TowerTrainer trainer = new TowerTrainer(network, tower, manager);
                    ResidentData residentTrain = trainer.resident(train);
                    ResidentData residentTest = trainer.resident(test)) {
                int[] permutation = TrainingRun.permutation(train.size(), TrainingRun.batchOrder(1));
                int perEpoch = train.size() / batch;
                List<NDList> stepBatches = new ArrayList<>();
                for (int b = 0; b < Math.min(4, perEpoch); b++) {
                    NDList arrays = residentTrain.batch(rows(permutation, b, batch));
                    NDScope.unregister(arrays);
                    stepBatches.add(arrays);
                }
                int evalBatch = Math.min(TrainingRun.EVAL_BATCH, test.size());
                Contender loader = new Contender(batch, b -> closeAll(residentTrain.batch(rows(permutation, b % perEpoch,
                        batch))));
                Contender java = new Contender(batch, b -> closeAll(trainer.batch(train, rows(permutation, b % perEpoch,
                        batch))));
                Contender steps = new Contender(batch, b -> {
                    NDList arrays = stepBatches.get(b % stepBatches.size());
                    trainer.step(arrays.get(0), arrays.get(1));
                });
                int testBatchCount = Math.max(1, test.size() / evalBatch);
                Contender testLoader = new Contender(evalBatch, b -> {
                    int start = (b % testBatchCount) * evalBatch;
                    closeAll(residentTest.range(start, start + evalBatch));
                });
                List<NDList> testBatches = new ArrayList<>();
                for (int b = 0; b < testBatchCount; b++) {
                    NDList arrays = residentTest.range(b * evalBatch, (b + 1) * evalBatch);
                    NDScope.unregister(arrays);
                    testBatches.add(arrays);
                }
                Contender evaluation = new Contender(evalBatch, b -> {
                    NDList arrays = testBatches.get(b % testBatches.size());
                    trainer.evaluate(arrays.get(0), arrays.get(1));
                });
                List<Contender> all = List.of(loader, java, steps, testLoader, evaluation);
                for (Contender c : all) {
                    c.warmUp();
                }
                for (int k = 0; k < blocks; k++) {
                    for (int i = 0; i < all.size(); i++) {
                        // every other block in reverse, so that no contender always follows the same one
                        all.get(k % 2 == 0 ? i : all.size() - 1 - i).time();
                    }
                }
                stepBatches.forEach(NDList::close);
                testBatches.forEach(NDList::close);
                return new Pair(dataset, network.description(), batch, loader.rate(), java.rate(), steps.rate(),
                        loader.ratioTo(steps), testLoader.rate(), evaluation.rate(), testLoader.ratioTo(evaluation));
            }
        }
    }

    /**
     * Gathers batches of a dataset, each in its own scope as a run does, and counts the arrays open
     * on the engine and the process's resident memory after the first batch and after the last.
     */
    public static MemoryCheck memory(LabeledData data, int batch, int batches) {
        try (NDManager manager = NDManager.newBaseManager();
                ResidentData resident = ResidentData.of(data, manager, DataType.FLOAT32)) {
            int[] permutation = TrainingRun.permutation(data.size(), TrainingRun.batchOrder(1));
            int perEpoch = data.size() / batch;
            int arraysFirst = 0;
            double rssFirst = 0;
            for (int b = 0; b < batches; b++) {
                try (NDScope scope = new NDScope()) {
                    NDList arrays = resident.batch(rows(permutation, b % perEpoch, batch));
                    arrays.get(0).sum().getFloat();
                }
                if (b == 0) {
                    arraysFirst = openArrays(manager);
                    rssFirst = Benchmark.rssMb();
                }
            }
            return new MemoryCheck(batches, arraysFirst, openArrays(manager), rssFirst, Benchmark.rssMb());
        }
    }

    /** Counts the arrays open in a manager and the managers under it. */
    static int openArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    /** A timed piece of work: a batch, a step or an evaluation of some examples. */
    private static final class Contender {
        private final int examples;
        private final java.util.function.IntConsumer work;
        /** Examples per second in each block. */
        private final List<Double> rates = new ArrayList<>();
        private int next;

        Contender(int examples, java.util.function.IntConsumer work) {
            this.examples = examples;
            this.work = work;
        }

        void warmUp() {
            long start = System.nanoTime();
            do {
                try (NDScope scope = new NDScope()) {
                    work.accept(next++);
                }
            } while (System.nanoTime() - start < BLOCK_SECONDS * 1e9);
        }

        void time() {
            long start = System.nanoTime();
            long elapsed;
            long done = 0;
            do {
                try (NDScope scope = new NDScope()) {
                    work.accept(next++);
                }
                done++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < BLOCK_SECONDS * 1e9);
            rates.add(done * (double) examples / (elapsed / 1e9));
        }

        /** Returns the median of the blocks' examples per second. */
        double rate() {
            return median(rates);
        }

        /** Returns the median over the blocks of this contender's examples per second over another's. */
        double ratioTo(Contender other) {
            List<Double> ratios = new ArrayList<>();
            for (int k = 0; k < rates.size(); k++) {
                ratios.add(rates.get(k) / other.rates.get(k));
            }
            return median(ratios);
        }

        private static double median(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int m = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        }
    }

    private static void closeAll(NDList arrays) {
        arrays.close();
    }

    private static int[] rows(int[] permutation, int b, int batch) {
        int[] rows = new int[batch];
        System.arraycopy(permutation, b * batch, rows, 0, batch);
        return rows;
    }

    /** Random pixels in a dataset's real shape, sizes and stored type, with labels, normalized as {@code --normalize} does. */
    public static DataSplit generated(DatasetId id) {
        return generated(id, id.trainSize(), id.testSize());
    }

    /** Random pixels in a dataset's shape and stored type, so many training and test examples, normalized. */
    public static DataSplit generated(DatasetId id, int trainSize, int testSize) {
        SplittableRandom random = new SplittableRandom(id.ordinal());
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < id.classes(); c++) {
            classes.add("class " + c);
        }
        LabeledData train = pixels(id, trainSize, classes, random);
        LabeledData test = pixels(id, testSize, classes, random);
        Normalization n = Normalization.of(train);
        return new DataSplit(train.withNormalization(n), test.withNormalization(n));
    }

    private static LabeledData pixels(DatasetId id, int size, List<String> classes, SplittableRandom random) {
        int width = 1;
        for (long d : id.exampleShape()) {
            width *= (int) d;
        }
        byte[] values = new byte[size * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) random.nextInt(256);
        }
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = random.nextInt(classes.size());
        }
        return new LabeledData(id.cliName(), new Features.Pixels(values, width), id.exampleShape(), labels, classes, null);
    }
}
