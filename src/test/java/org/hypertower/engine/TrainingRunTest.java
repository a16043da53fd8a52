package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/** A training run on Iris end to end: determinism, the order of its events, divergence, stopping and learning. */
class TrainingRunTest {

    /** 30 labeled Iris rows (fraction 0.2) in batches of 10. */
    private static final int STEPS_PER_EPOCH = 3;

    private static final Pattern DIVERGED_AT = Pattern.compile("^Diverged at step (\\d+): ");

    private static RunConfig config(String model, String tower, int epochs, long seed) {
        return new RunConfig("iris", model, new int[] {8}, TowerSpec.parse(tower), epochs, 10, seed, 0.2, "float32");
    }

    private static RunConfig config(String tower, int epochs, long seed) {
        return config("paper-mlp", tower, epochs, seed);
    }

    /** Runs a configuration to the end and returns what the listener saw. */
    private static Events run(RunConfig config) {
        Events events = new Events();
        TrainingRun run = RunFactory.create(config);
        events.returned = run.run(events);
        events.finalHyperparameters = run.finalHyperparameters();
        return events;
    }

    /** Every event in arrival order, and each kind apart. */
    private static class Events implements RunListener {
        final List<Object> all = new ArrayList<>();
        final List<StepMetrics> steps = new ArrayList<>();
        final List<EpochMetrics> epochs = new ArrayList<>();
        final List<RunEnded> ended = new ArrayList<>();
        RunStarted started;
        RunEnded returned;
        Map<String, Double> finalHyperparameters;

        @Override
        public void started(RunStarted event) {
            started = event;
            all.add(event);
        }

        @Override
        public void step(StepMetrics metrics) {
            steps.add(metrics);
            all.add(metrics);
        }

        @Override
        public void epoch(EpochMetrics metrics) {
            epochs.add(metrics);
            all.add(metrics);
        }

        @Override
        public void ended(RunEnded event) {
            ended.add(event);
            all.add(event);
        }

        double[] losses() {
            return steps.stream().mapToDouble(StepMetrics::loss).toArray();
        }

        double[][] hyperparameters() {
            return steps.stream().map(StepMetrics::hyperparameters).toArray(double[][]::new);
        }
    }

    private static long divergedAt(RunEnded ended) {
        Matcher m = DIVERGED_AT.matcher(ended.message());
        assertTrue(m.find(), () -> "the message names the step: " + ended.message());
        return Long.parseLong(m.group(1));
    }

    // ---------------------------------------------------------------- determinism

    @Test
    void sameConfigurationAndSeedGiveIdenticalLossesAndHyperparameters() {
        RunConfig config = config("sgd(0.1) / sgd(0.01)", 3, 7);

        Events first = run(config);
        Events second = run(config);

        assertEquals(3 * STEPS_PER_EPOCH, first.steps.size());
        assertArrayEquals(first.losses(), second.losses());
        assertArrayEquals(first.hyperparameters(), second.hyperparameters());
        assertEquals(first.epochs, second.epochs);
        assertEquals(first.finalHyperparameters, second.finalHyperparameters);
    }

    @Test
    void differentSeedGivesDifferentLossesAndHyperparameters() {
        Events seven = run(config("sgd(0.1) / sgd(0.01)", 3, 7));
        Events eight = run(config("sgd(0.1) / sgd(0.01)", 3, 8));

        assertFalse(java.util.Arrays.equals(seven.losses(), eight.losses()), "losses differ");
        assertFalse(java.util.Arrays.deepEquals(seven.hyperparameters(), eight.hyperparameters()),
                "hyperparameters differ");
    }

    // ---------------------------------------------------------------- event order

    @Test
    void startedArrivesFirstWithTheHyperparameterKeysAndTheRunsShape() {
        Events events = run(config("sgd(0.1) / sgd(0.01)", 4, 0));

        assertInstanceOf(RunStarted.class, events.all.get(0));
        assertEquals(List.of("0.alpha", "0.mu", "1.alpha", "1.mu"), events.started.hyperparameterKeys());
        assertEquals("sgd(alpha=0.1) / sgd(alpha=0.01)", events.started.tower());
        assertEquals(STEPS_PER_EPOCH, events.started.stepsPerEpoch());
        assertEquals(4, events.started.epochs());
        for (StepMetrics m : events.steps) {
            assertEquals(4, m.hyperparameters().length, "one value per key at step " + m.step());
            assertEquals(4, m.hypergradients().length, "one hypergradient per key at step " + m.step());
        }
    }

    @Test
    void stepsAreNumberedFromZeroWithoutGaps() {
        Events events = run(config("sgd(0.1) / sgd(0.01)", 4, 0));

        assertEquals(4 * STEPS_PER_EPOCH, events.steps.size());
        for (int i = 0; i < events.steps.size(); i++) {
            assertEquals(i, events.steps.get(i).step());
            assertEquals(i / STEPS_PER_EPOCH, events.steps.get(i).epoch(), "epoch of step " + i);
        }
    }

    @Test
    void epochEventFollowsTheThreeStepsOfEachEpoch() {
        Events events = run(config("sgd(0.1) / sgd(0.01)", 4, 0));

        assertEquals(4, events.epochs.size());
        // started, then per epoch: three steps and the epoch, then ended
        for (int epoch = 0; epoch < 4; epoch++) {
            int base = 1 + epoch * (STEPS_PER_EPOCH + 1);
            for (int s = 0; s < STEPS_PER_EPOCH; s++) {
                StepMetrics step = assertInstanceOf(StepMetrics.class, events.all.get(base + s));
                assertEquals(epoch, step.epoch());
            }
            EpochMetrics m = assertInstanceOf(EpochMetrics.class, events.all.get(base + STEPS_PER_EPOCH));
            assertEquals(epoch, m.epoch());
            assertEquals((epoch + 1L) * STEPS_PER_EPOCH, m.steps());
        }
    }

    @Test
    void endedArrivesExactlyOnceAndLast() {
        Events events = run(config("sgd(0.1) / sgd(0.01)", 4, 0));

        assertEquals(1, events.ended.size());
        assertEquals(events.ended.get(0), events.all.get(events.all.size() - 1));
        assertEquals(events.returned, events.ended.get(0));
        assertEquals(RunStatus.COMPLETED, events.returned.status());
        assertEquals(4L * STEPS_PER_EPOCH, events.returned.steps());
    }

    // ---------------------------------------------------------------- divergence

    @Test
    void hugeLearningRateEndsDivergedAfterDeliveringEveryEarlierStep() {
        // the papers' tanh MLP saturates instead of diverging; the ReLU MLP's loss overflows
        Events events = run(config("mlp", "sgd(alpha=1e10)", 10, 0));

        RunEnded ended = events.returned;
        assertEquals(RunStatus.DIVERGED, ended.status(), ended.message());
        long n = divergedAt(ended);
        assertTrue(ended.message().contains("the loss became"), ended.message());
        assertTrue(n >= 1, "some steps ran before the divergence: " + ended.message());
        assertEquals(n, events.steps.size(), "every step before the divergence, none at or after it");
        for (int i = 0; i < n; i++) {
            assertEquals(i, events.steps.get(i).step());
        }
        assertEquals(events.steps.size(), ended.steps());
        assertEquals(List.of(ended), events.ended);
    }

    @Test
    void divergenceInALaterEpochKeepsTheEarlierEpochEvents() {
        Events events = run(config("mlp", "sgd(0.1) / sgd(1e12)", 10, 0));

        RunEnded ended = events.returned;
        assertEquals(RunStatus.DIVERGED, ended.status(), ended.message());
        long n = divergedAt(ended);
        assertEquals(n, events.steps.size());
        assertEquals(n, ended.steps());
        assertEquals(n / STEPS_PER_EPOCH, events.epochs.size(), "one epoch event per finished epoch");
        assertEquals(ended, events.all.get(events.all.size() - 1));
    }

    @Test
    void hyperparameterBecomingNonFiniteEndsDivergedNamingTheLevel() {
        // level 1's huge alpha throws level 0's alpha past the largest double in one update
        Events events = run(config("mlp", "sgd(0.1) / sgd(1e308)", 3, 0));

        RunEnded ended = events.returned;
        assertEquals(RunStatus.DIVERGED, ended.status(), ended.message());
        long n = divergedAt(ended);
        assertTrue(ended.message().contains("level 0's alpha became"), ended.message());
        assertTrue(ended.message().endsWith("lower the alpha of level 1."), ended.message());
        assertEquals(n, events.steps.size());
        assertEquals(n, ended.steps());
        for (StepMetrics m : events.steps) {
            for (double h : m.hyperparameters()) {
                assertTrue(Double.isFinite(h), "delivered steps have finite hyperparameters");
            }
        }
    }

    // ---------------------------------------------------------------- stopping

    @Test
    void stopRequestedFromTheListenerAfterStepFourEndsStoppedWithFiveSteps() {
        TrainingRun run = RunFactory.create(config("sgd(0.1) / sgd(0.01)", 10, 0));
        Events events = new Events() {
            @Override
            public void step(StepMetrics metrics) {
                super.step(metrics);
                if (metrics.step() == 4) {
                    run.requestStop();
                }
            }
        };

        RunEnded ended = run.run(events);

        assertEquals(RunStatus.STOPPED, ended.status(), ended.message());
        assertEquals(5, events.steps.size());
        assertEquals(5, ended.steps());
        assertEquals(List.of(ended), events.ended);
        assertEquals(ended, events.all.get(events.all.size() - 1));
    }

    // ---------------------------------------------------------------- learning

    @Test
    void adamUnderSgdReachesHighTestAccuracyOnIris() {
        // seed 0 reaches 0.975 (117 of 120 held-out flowers)
        Events events = run(config("adam(alpha=0.01) / sgd(alpha=1e-5)", 100, 0));

        assertEquals(RunStatus.COMPLETED, events.returned.status(), events.returned.message());
        EpochMetrics last = events.epochs.get(events.epochs.size() - 1);
        assertEquals(99, last.epoch());
        assertTrue(last.testAccuracy() >= 0.9, "final test accuracy " + last.testAccuracy());
    }

    @Test
    void reluMlpWithLogitsTrains() {
        Events events = run(config("mlp", "adam(alpha=0.01) / sgd(alpha=1e-5)", 20, 0));

        assertEquals(RunStatus.COMPLETED, events.returned.status(), events.returned.message());
        double first = events.epochs.get(0).trainLoss();
        double last = events.epochs.get(events.epochs.size() - 1).trainLoss();
        // about 1.17 -> 0.40
        assertTrue(last < 0.6 * first, "the training loss fell: " + first + " -> " + last);
        assertTrue(events.epochs.get(events.epochs.size() - 1).testLoss() < events.epochs.get(0).testLoss(),
                "the test loss fell");
    }

    @Test
    void aPaceSlowsTheRunToAtMostThatManyStepsPerSecondAndAStopStillEndsItAtOnce() throws Exception {
        TrainingRun run = RunFactory.create(config("sgd(0.1)", 1000, 0));
        run.setPace(40);
        List<Long> times = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread trainer = new Thread(() -> run.run(new RunListener() {
            @Override
            public void step(StepMetrics m) {
                times.add(System.nanoTime());
                if (m.step() == 20) {
                    run.setPace(0.2); // one step in five seconds: the stop below must not wait for it
                }
            }
        }));
        trainer.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (times.size() < 21 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // 20 steps at 40 per second take at least 19 intervals of 25 ms (a slow machine only takes longer)
        assertTrue(times.get(20) - times.get(1) >= 19 * 25_000_000L * 95 / 100, (times.get(20) - times.get(1)) / 1e6 + " ms");
        long stopAsked = System.nanoTime();
        run.requestStop();
        trainer.join(30_000);
        assertFalse(trainer.isAlive());
        assertTrue(System.nanoTime() - stopAsked < 3_000_000_000L, "the stop did not wait for the slow pace");
        assertEquals(0.2, run.pace());
        assertThrowsIllegal(() -> run.setPace(-1));
        assertThrowsIllegal(() -> run.setPace(Double.NaN));
    }

    private static void assertThrowsIllegal(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
    }
}
