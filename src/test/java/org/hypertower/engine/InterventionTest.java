package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/** Setting a learned hyperparameter by hand while a run trains on Iris. */
class InterventionTest {

    private static RunConfig config(String tower, int epochs) {
        return new RunConfig("iris", "paper-mlp", new int[] {8}, TowerSpec.parse(tower), epochs, 10, 0, 0.2, "float32");
    }

    /** Records steps and interventions; calls {@code atStep} on the training thread after each step. */
    private static class Events implements RunListener {
        final List<StepMetrics> steps = new ArrayList<>();
        final List<Intervention> interventions = new ArrayList<>();
        final List<String> order = new ArrayList<>();
        BiConsumer<StepMetrics, Events> atStep = (m, e) -> { };
        RunStarted started;

        @Override
        public void started(RunStarted event) {
            started = event;
        }

        @Override
        public void step(StepMetrics m) {
            steps.add(m);
            order.add("step " + m.step());
            atStep.accept(m, this);
        }

        @Override
        public void intervened(Intervention event) {
            interventions.add(event);
            order.add("intervened " + event.key());
        }

        int index(String key) {
            return started.hyperparameterKeys().indexOf(key);
        }
    }

    @Test
    void alphaKickedTenfoldIsUsedByTheNextStepAndUpdatedByItsHypergradient() {
        TrainingRun run = RunFactory.create(config("adam(alpha=0.01) / sgd(alpha=1e-5)", 3));
        Events events = new Events();
        double[] kicked = new double[1];
        events.atStep = (m, e) -> {
            if (m.step() == 4) {
                kicked[0] = 10 * m.hyperparameters()[e.index("0.alpha")];
                run.intervene("0.alpha", kicked[0]);
            }
        };
        RunEnded ended = run.run(events);

        assertEquals(RunStatus.COMPLETED, ended.status());
        assertEquals(1, events.interventions.size());
        Intervention i = events.interventions.get(0);
        int a = events.index("0.alpha");
        assertEquals(5, i.step());
        assertEquals("0.alpha", i.key());
        assertEquals(events.steps.get(4).hyperparameters()[a], i.oldValue(), 0);
        assertEquals(kicked[0], i.newValue(), 0);
        assertEquals(events.order.indexOf("step 4") + 1, events.order.indexOf("intervened 0.alpha"));
        // level 1 is plain sgd: alpha after step 5 = the new alpha - 1e-5 * the hypergradient of step 5
        StepMetrics after = events.steps.get(5);
        assertEquals(kicked[0] - 1e-5 * after.hypergradients()[a], after.hyperparameters()[a], 1e-12);
    }

    @Test
    void reparametrizedValuesAreStoredSoTheEffectiveValueIsTheOneAskedFor() {
        TrainingRun run = RunFactory.create(config("rmsprop(alpha=0.01, gamma=0.9) / adam(alpha=1e-6)", 1));
        Events events = new Events();
        events.atStep = (m, e) -> {
            if (m.step() == 0) {
                run.intervene("0.alpha", 0.04); // stored as its square root
                run.intervene("0.gamma", 0.5); // stored as atanh(2g - 1)
                run.intervene("1.beta1", 0.8); // the top level's constants may be set too
            }
        };
        assertEquals(RunStatus.COMPLETED, run.run(events).status());
        assertEquals(List.of(0.04, 0.5, 0.8), events.interventions.stream().map(Intervention::newValue)
                .map(v -> Math.round(v * 1e12) / 1e12).toList());
        assertEquals(0.8, events.steps.get(1).hyperparameters()[events.index("1.beta1")], 1e-12);
    }

    @Test
    void badValuesAreRefusedWithASentenceAndTheRunFinishes() {
        TrainingRun run = RunFactory.create(config("adam(alpha=0.01) / sgd(alpha=1e-5)", 2));
        Events events = new Events();
        List<String> refusals = new ArrayList<>();
        events.atStep = (m, e) -> {
            if (m.step() == 1) {
                for (Object[] bad : new Object[][] {{"0.alpha", Double.NaN}, {"0.alpha", Double.POSITIVE_INFINITY},
                        {"0.alpha", -0.1}, {"0.beta1", 1.0}, {"0.gamma", 0.5}}) {
                    refusals.add(assertThrows(IllegalArgumentException.class,
                            () -> run.intervene((String) bad[0], (double) bad[1])).getMessage());
                }
            }
        };
        TrainingRun plain = RunFactory.create(config("adam(alpha=0.01) / sgd(alpha=1e-5)", 2));
        Events untouched = new Events();
        plain.run(untouched);

        assertEquals(RunStatus.COMPLETED, run.run(events).status());
        assertEquals(List.of("0.alpha must be a finite number >= 0, not NaN.",
                "0.alpha must be a finite number >= 0, not infinity.",
                "0.alpha must be a finite number >= 0, not -0.1.",
                "0.beta1 must be a finite number in (0, 1), not 1.0.",
                "This tower learns no hyperparameter named 0.gamma; it learns 0.alpha, 0.beta1, 0.beta2, 1.alpha, 1.mu."),
                refusals);
        assertTrue(events.interventions.isEmpty());
        // unharmed: the same trajectory as a run nobody touched
        assertEquals(untouched.steps.get(untouched.steps.size() - 1).loss(), events.steps.get(events.steps.size() - 1).loss(), 0);
    }

    @Test
    void momentumThatIsOffCannotBeSet() {
        TrainingRun run = RunFactory.create(config("sgd(alpha=0.1) / sgd(alpha=1e-4)", 1));
        Events events = new Events();
        String[] refusal = new String[1];
        events.atStep = (m, e) -> {
            if (m.step() == 0) {
                refusal[0] = assertThrows(IllegalArgumentException.class, () -> run.intervene("0.mu", 0.9)).getMessage();
            }
        };
        run.run(events);
        assertEquals("0.mu cannot be set: this sgd level was built with mu = 0, so its momentum is off for the whole run.",
                refusal[0]);
    }

    @Test
    void aPausedRunAppliesAnInterventionAtOnceWithoutStepping() throws Exception {
        TrainingRun run = RunFactory.create(config("adam(alpha=0.01) / sgd(alpha=1e-5)", 3));
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch applied = new CountDownLatch(1);
        Events events = new Events() {
            @Override
            public void intervened(Intervention event) {
                super.intervened(event);
                applied.countDown();
            }
        };
        events.atStep = (m, e) -> {
            if (m.step() == 2) {
                run.setPaused(true);
                paused.countDown();
            }
        };
        assertThrows(IllegalStateException.class, () -> run.intervene("0.alpha", 0.1));
        CompletableFuture<RunEnded> ended = CompletableFuture.supplyAsync(() -> run.run(events));
        assertTrue(paused.await(60, TimeUnit.SECONDS));
        run.intervene("0.alpha", 0.1);
        assertTrue(applied.await(10, TimeUnit.SECONDS), "applied while paused");
        assertTrue(run.isPaused());
        assertEquals(3, events.steps.size()); // seen through the latch: the step events came before
        assertEquals(3, events.interventions.get(0).step());
        run.setPaused(false);
        assertEquals(RunStatus.COMPLETED, ended.get(60, TimeUnit.SECONDS).status());
        assertThrows(IllegalStateException.class, () -> run.intervene("0.alpha", 0.1));
    }
}
