package org.hypertower.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hypertower.data.DataLocator;
import org.hypertower.data.DatasetId;
import org.hypertower.data.LabeledData;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.LoaderBenchmark;
import org.hypertower.engine.RunFactory;
import org.hypertower.tower.TowerSpec;

/**
 * {@code bench --loader}: the batch loader against the training steps it feeds, for every dataset
 * and the models that train on it (see {@link LoaderBenchmark}); then a long run of gathers to show
 * that memory stays flat. The last line is exactly {@code loader_to_step_ratio_min=R}, the smallest
 * ratio over every pair of a loader's examples per second (the training split's, and the test
 * split's) to the training step's; the line before gives the smallest ratio of the test split's
 * loader to the model evaluating its batches (forward pass and loss only, a stricter measure).
 */
final class LoaderBench {

    /** The models each dataset is measured with. */
    private static final List<String> IMAGE_MODELS = List.of("mlp", "cnn");
    private static final List<String> COLOR_MODELS = List.of("mlp", "cnn", "resnet20");

    private final PrintWriter out;
    private final int batchSize;
    private final int hidden;
    private final TowerSpec tower;
    private final int blocks;
    private final int gathers;

    LoaderBench(PrintWriter out, int batchSize, int hidden, TowerSpec tower, int blocks, int gathers) {
        this.out = out;
        this.batchSize = batchSize;
        this.hidden = hidden;
        this.tower = tower;
        this.blocks = blocks;
        this.gathers = gathers;
    }

    int call() {
        out.printf(Locale.ROOT, "loader: batches gathered on the engine vs training steps, tower %s, medians of %d "
                + "interleaved blocks; images: batch %d, MLP hidden %d, normalized; iris: train's defaults (paper-mlp 8, batch 10)%n",
                tower, blocks, batchSize, hidden);
        out.println("(java: the per-example Java loader runs used before, on the same batches; test: batches of "
                + "512 of the test split against the model evaluating them, forward pass and loss)");
        out.flush();
        List<LoaderBenchmark.Pair> pairs = new ArrayList<>();
        for (DatasetId id : DatasetId.values()) {
            List<String> models = switch (id) {
                case IRIS -> List.of("paper-mlp");
                case MNIST, FASHION_MNIST -> IMAGE_MODELS;
                case CIFAR10, CIFAR100 -> COLOR_MODELS;
            };
            pairs.addAll(LoaderBenchmark.run(id, models, new int[] {hidden}, batchSize, tower, blocks, line -> {
                out.println(line);
                out.flush();
            }));
        }
        LabeledData memoryData = memoryData();
        LoaderBenchmark.MemoryCheck m = LoaderBenchmark.memory(memoryData, batchSize, gathers);
        out.printf(Locale.ROOT, "memory over %d gathers of %d %s examples: arrays open %d -> %d, rss %.1f -> %.1f MiB%n",
                m.batches(), batchSize, memoryData.name(), m.arraysFirst(), m.arraysLast(), m.rssMbFirst(),
                m.rssMbLast());
        // the measure: both splits' loaders against the training step; the stricter one, the
        // test split's loader against the model only evaluating, is printed before it
        double min = Double.POSITIVE_INFINITY;
        double minEvaluation = Double.POSITIVE_INFINITY;
        for (LoaderBenchmark.Pair p : pairs) {
            min = Math.min(min, Math.min(p.ratio(), p.testLoader() / p.steps()));
            minEvaluation = Math.min(minEvaluation, p.testRatio());
        }
        out.printf(Locale.ROOT, "test_loader_to_evaluation_ratio_min=%.2f%n", minEvaluation);
        out.printf(Locale.ROOT, "loader_to_step_ratio_min=%.2f%n", min);
        out.flush();
        return 0;
    }

    /** Fashion-MNIST's training split where this machine has it, else generated pixels of its shape. */
    private static LabeledData memoryData() {
        if (new DataLocator(java.util.Optional.empty()).isAvailable(DatasetId.FASHION_MNIST)) {
            return RunFactory.split(new DataConfig("fashion-mnist", null, 0, 0, true, false, 0.2, 0), 0).train();
        }
        return LoaderBenchmark.generated(DatasetId.FASHION_MNIST).train();
    }
}
