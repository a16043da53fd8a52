package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hypertower.data.DataException;
import org.hypertower.data.DataSplit;
import org.hypertower.data.DatasetFiles;
import org.hypertower.data.DatasetId;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every image dataset and model trains end to end from files in the real formats. */
class ImageTrainingTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"mnist, cnn", "fashion-mnist, mlp", "cifar10, cnn", "cifar100, resnet20", "cifar100, paper-mlp"})
    void trainsFromGeneratedFilesInTheRealFormat(String dataset, String model, @TempDir Path dir) {
        DatasetFiles.writeDataset(DatasetId.byName(dataset).orElseThrow(), dir);
        DataConfig data = new DataConfig(dataset, dir.toString(), 0, 0, true, false, 0.2, 0);
        RunConfig config = new RunConfig(data, model, new int[] {16}, TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=1e-4)"),
                2, 16, 0, "float32");
        List<StepMetrics> steps = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        RunEnded ended = RunFactory.create(config).run(new RunListener() {
            @Override
            public void step(StepMetrics m) {
                steps.add(m);
            }

            @Override
            public void epoch(EpochMetrics m) {
                epochs.add(m);
            }
        });
        assertEquals(RunStatus.COMPLETED, ended.status(), ended.message());
        assertEquals(2 * (DatasetFiles.TRAIN / 16), steps.size());
        assertEquals(2, epochs.size());
        assertTrue(steps.stream().allMatch(s -> Double.isFinite(s.loss())));
        assertTrue(Double.isFinite(epochs.get(1).testAccuracy()));
    }

    @Test
    void limitsAndNormalizationApplyToTheSplit(@TempDir Path dir) {
        DatasetFiles.writeDataset(DatasetId.CIFAR10, dir);
        DataSplit split = RunFactory.split(new DataConfig("cifar10", dir.toString(), 10, 5, true, false, 0.2, 0), 0);
        assertEquals(10, split.train().size());
        assertEquals(5, split.test().size());
        float[] mean = split.train().normalization().mean();
        assertEquals(3, mean.length, "one mean per colour channel");
        assertTrue(split.test().normalization() == split.train().normalization(), "test uses the training statistics");
    }

    @Test
    void coarseLabelsOnlyForCifar100(@TempDir Path dir) {
        DatasetFiles.writeDataset(DatasetId.CIFAR100, dir);
        DataSplit coarse = RunFactory.split(new DataConfig("cifar100", dir.toString(), 0, 0, false, true, 0.2, 0), 0);
        assertEquals(20, coarse.train().classes());
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> RunFactory.split(new DataConfig("iris", null, 0, 0, false, true, 0.2, 0), 0));
        assertTrue(e.getMessage().contains("--coarse-labels is for CIFAR-100"), e.getMessage());
    }

    @Test
    void imageModelOnIrisIsRefusedWithAClearSentence() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunFactory.create(new RunConfig(DataConfig.iris(0.2), "cnn", new int[] {8},
                        TowerSpec.parse("sgd(0.1)"), 1, 10, 0, "float32")));
        assertTrue(e.getMessage().contains("needs images"), e.getMessage());
    }

    @Test
    void missingDatasetSaysWhereItLookedAndHowToGetIt(@TempDir Path dir) {
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> RunFactory.create(new RunConfig(new DataConfig("cifar100", dir.toString(), 0, 0, false, false, 0.2, 0),
                        "cnn", new int[] {8}, TowerSpec.parse("sgd(0.1)"), 1, 10, 0, "float32")));
        assertTrue(e.getMessage().contains("download cifar100"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    /**
     * The real-data check: Fashion-MNIST (Debian's dataset-fashion-mnist, which CI
     * installs), the MLP, adam(0.001)/sgd(1e-5), one epoch on the first 10,000 training images.
     */
    @Test
    void fashionMnistMlpReachesThreeQuartersTestAccuracyInOneEpochOnTenThousandImages() {
        Assumptions.assumeTrue(Files.isDirectory(FASHION), "Debian's dataset-fashion-mnist is not installed");
        DataConfig data = new DataConfig("fashion-mnist", null, 10_000, 0, false, false, 0.2, 0);
        RunConfig config = new RunConfig(data, "mlp", new int[] {128}, TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-5)"),
                1, 32, 0, "float32");
        List<EpochMetrics> epochs = new ArrayList<>();
        RunEnded ended = RunFactory.create(config).run(new RunListener() {
            @Override
            public void epoch(EpochMetrics m) {
                epochs.add(m);
            }
        });
        assertEquals(RunStatus.COMPLETED, ended.status());
        assertEquals(10_000 / 32, ended.steps());
        double accuracy = epochs.get(0).testAccuracy();
        assertTrue(accuracy >= 0.75, "test accuracy on the 10,000 test images: " + accuracy);
    }
}
