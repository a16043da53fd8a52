package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hypertower.data.DataSplit;
import org.hypertower.data.LabeledData;
import org.hypertower.export.LearnedSchedule;
import org.hypertower.export.RunFolder;
import org.hypertower.model.Network;
import org.hypertower.schedule.ScheduleTracker;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DJL user who trains with DJL's own {@link Trainer} and {@code Optimizer.sgd()}, its learning
 * rate played by a {@link ScheduleTracker} from an exported schedule, on the same network, weights
 * and batches as an sgd/sgd tower run, gets that run's loss at every step: the exported path is
 * the path, and DJL's update numbering (from 1) is mapped right.
 */
class ScheduleTrackerParityTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @Test
    void djlsSgdWithTheTrackerReproducesTheTowerRunsLosses() throws Exception {
        RunConfig config = new RunConfig("iris", "paper-mlp", new int[] {8}, TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.02)"),
                5, 10, 4, 0.2, "float32");
        Path runDir = dir.resolve("tower");
        List<Double> towerLosses = new ArrayList<>();
        try (RunFolder folder = RunFolder.open(runDir, RunFolder.IfHoldsRun.REFUSE)) {
            RunEnded ended = folder.record(RunFactory.create(config), config, new RunListener() {
                @Override
                public void step(StepMetrics m) {
                    towerLosses.add(m.loss());
                }
            });
            assertEquals(RunStatus.COMPLETED, ended.status(), ended.message());
        }
        LearnedSchedule learned = LearnedSchedule.read(runDir);
        learned.writeJson(dir.resolve("schedule.json"));
        learned.writeCsv(dir.resolve("schedule.csv"));
        ScheduleTracker alpha = ScheduleTracker.fromJson(dir.resolve("schedule.json"), "alpha");
        ScheduleTracker fromCsv = ScheduleTracker.fromCsv(dir.resolve("schedule.csv"), "alpha");
        assertEquals(towerLosses.size(), alpha.steps());
        for (int t = 0; t < alpha.steps(); t++) {
            assertEquals(alpha.valueAt(t), fromCsv.valueAt(t), 0, "CSV and JSON hold the same doubles, step " + t);
        }
        assertTrue(alpha.valueAt(alpha.steps() - 1) != 0.1, "the tower moved alpha");

        List<Double> djlLosses = trainWithDjl(config, alpha);
        assertEquals(towerLosses.size(), djlLosses.size());
        for (int t = 0; t < towerLosses.size(); t++) {
            double ref = towerLosses.get(t);
            assertEquals(ref, djlLosses.get(t), TOLERANCE * Math.max(1, Math.abs(ref)), "loss at step " + t);
        }
    }

    @Test
    void djlCountsUpdatesFromOneSoUpdateNUsesStepNMinusOne() {
        ScheduleTracker t = ScheduleTracker.of("alpha", new double[] {0.5, 0.25, 0.125});
        assertEquals(0.5f, t.getNewValue(1));
        assertEquals(0.25f, t.getNewValue(2));
        assertEquals(0.125f, t.getNewValue(3));
        assertEquals(0.125f, t.getNewValue(10), "past the end: the last value");
        assertEquals(0.5f, t.getNewValue(0), "below the first update: the first value");
    }

    /**
     * Trains the run's network with DJL's Trainer: the same data split, initial weights (the network's
     * seeded initializer) and batch order (the run's generator) as {@link TrainingRun}.
     */
    private static List<Double> trainWithDjl(RunConfig config, ScheduleTracker alpha) {
        DataSplit split = RunFactory.split(config.data(), config.seed());
        LabeledData train = split.train();
        Network network = RunFactory.network(config.model(), config.hidden(), train.classes(), train.exampleShape());
        int batch = config.batchSize();
        List<Double> losses = new ArrayList<>();
        try (Model model = Model.newInstance("follow")) {
            NDManager manager = model.getNDManager();
            manager.getEngine().setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
            network.initialize(manager, DataType.FLOAT32, new Shape(batch, train.width()), config.seed());
            model.setBlock(network.block());
            SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss("loss", 1, -1, true,
                    !network.outputsLogProbabilities());
            // plain p - lr * g: no momentum, weight decay, rescaling or clipping (DJL's defaults)
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(alpha).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(sgd))) {
                SplittableRandom order = TrainingRun.batchOrder(config.seed());
                for (int epoch = 0; epoch < config.epochs(); epoch++) {
                    int[] permutation = TrainingRun.permutation(train.size(), order);
                    for (int b = 0; b < train.size() / batch; b++) {
                        try (NDManager step = manager.newSubManager()) {
                            float[] x = new float[batch * train.width()];
                            long[] y = new long[batch];
                            for (int i = 0; i < batch; i++) {
                                train.copyExample(permutation[b * batch + i], x, i * train.width());
                                y[i] = train.labels()[permutation[b * batch + i]];
                            }
                            NDArray input = step.create(x, new Shape(batch, train.width()));
                            NDArray labels = step.create(y);
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray prediction = trainer.forward(new NDList(input)).singletonOrThrow();
                                NDArray value = loss.evaluate(new NDList(labels), new NDList(prediction));
                                losses.add((double) value.getFloat());
                                collector.backward(value);
                            }
                            trainer.step();
                        }
                    }
                }
            }
        }
        return losses;
    }
}
