package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.hypertower.model.Network;
import org.hypertower.model.Networks;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Float32 weights on the CPU are stepped on the Java heap, and train as the same weights stepped
 * through the engine do; the heap's native buffers are reused, so a long run holds a fixed number
 * of arrays; weights set between steps are the ones the next step starts from.
 */
class HeapWeightsTest {

    private static final long[] BATCH = {16, 12};

    private static TowerTrainer trainer(String tower, DataType type, NDManager manager) {
        Network network = Networks.mlp(new int[] {12}, 3);
        network.initialize(manager, type, new Shape(BATCH), 5);
        return new TowerTrainer(network, TowerSpec.parse(tower), manager);
    }

    private static List<NDArray[]> batches(NDManager manager, DataType type) {
        List<NDArray[]> out = new ArrayList<>();
        for (NDArray[] b : Benchmark.randomBatches(manager, new Shape(BATCH), 3, 4)) {
            out.add(new NDArray[] {b[0].toType(type, false), b[1]});
        }
        return out;
    }

    private static List<Double> losses(TowerTrainer trainer, List<NDArray[]> batches, int steps) {
        List<Double> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            NDArray[] b = batches.get(s % batches.size());
            out.add(trainer.step(b[0], b[1]).loss());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd(0.1) / sgd(1e-3)", "adam(0.01) / adam(1e-4)", "adam_baydin(0.01) / sgd(1e-5)",
        "sgd_on_steroids(alpha=0.05, mu=0.9, wd=1e-4) / sgd(1e-4)", "rmsprop(0.01) / sgd(1e-5)", "sgd_per_param(0.1) / sgd(1e-3)",
        "dog", "schedulefree_adamw(lr=0.01)"})
    void heapAndEngineTrainAlike(String tower) {
        String before = System.getProperty(TowerTrainer.HEAP_PROPERTY);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray[]> batches = batches(manager, DataType.FLOAT32);
            TowerTrainer heap = trainer(tower, DataType.FLOAT32, manager);
            System.setProperty(TowerTrainer.HEAP_PROPERTY, "false");
            TowerTrainer engine = trainer(tower, DataType.FLOAT32, manager);
            restore(before);
            assertTrue(heap.stepsOnHeap(), "float32 on the CPU steps on the heap");
            assertFalse(engine.stepsOnHeap(), HEAP_OFF);
            List<Double> a = losses(heap, batches, 40);
            List<Double> b = losses(engine, batches, 40);
            assertEquals(b.get(0), a.get(0), "the same weights give the same first loss");
            for (int s = 0; s < a.size(); s++) {
                assertEquals(b.get(s), a.get(s), 1e-4 * Math.abs(b.get(s)), tower + " step " + s);
            }
            // the same batch every fourth step: the weights moved
            assertNotEquals(a.get(0), a.get(36), tower);
            assertArrayEquals(engine.tower().hyperparameterValues(), heap.tower().hyperparameterValues(),
                    1e-4 * Math.max(1e-3, Math.abs(engine.tower().hyperparameterValues().length > 0
                            ? engine.tower().hyperparameterValues()[0] : 1)));
            heap.close();
            engine.close();
        } finally {
            restore(before);
        }
    }

    private static final String HEAP_OFF = "-D" + TowerTrainer.HEAP_PROPERTY + "=false steps through the engine";

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(TowerTrainer.HEAP_PROPERTY);
        } else {
            System.setProperty(TowerTrainer.HEAP_PROPERTY, before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam(0.01) / adam(1e-4)", "dog"})
    void aLongRunHoldsAFixedNumberOfArraysAndSetWeightsAreUsed(String tower) {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray[]> batches = batches(manager, DataType.FLOAT32);
            try (TowerTrainer trainer = trainer(tower, DataType.FLOAT32, manager)) {
                assertTrue(trainer.stepsOnHeap());
                losses(trainer, batches, 10);
                trainer.evaluate(batches.get(0)[0], batches.get(0)[1]);
                int held = manager.getManagedArrays().size();
                losses(trainer, batches, 200);
                trainer.evaluate(batches.get(0)[0], batches.get(0)[1]);
                assertEquals(held, manager.getManagedArrays().size(), "arrays held after 200 more steps");

                // weights set between steps are where the next gradient is taken
                try (NDManager copies = manager.newSubManager()) {
                    List<NDArray> set = new ArrayList<>();
                    for (NDArray w : trainer.weights(copies)) {
                        set.add(w.zerosLike().add(0.01f));
                    }
                    trainer.setWeights(set);
                    List<NDArray> read = trainer.weights(copies);
                    for (int i = 0; i < set.size(); i++) {
                        assertArrayEquals(set.get(i).toFloatArray(), read.get(i).toFloatArray());
                    }
                    // every weight equal: every example gets the same logits, so the loss is log 3
                    NDArray[] b = batches.get(0);
                    assertEquals(Math.log(3), trainer.step(b[0], b[1]).loss(), 1e-5);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd(0.1) / sgd(1e-3)", "adam(0.01) / adam(1e-4)"})
    void float64WeightsStepThroughTheEngine(String tower) {
        try (NDManager manager = NDManager.newBaseManager(); TowerTrainer trainer = trainer(tower, DataType.FLOAT64, manager)) {
            assertFalse(trainer.stepsOnHeap(), "float64 stays on the engine");
            List<Double> losses = losses(trainer, batches(manager, DataType.FLOAT64), 20);
            assertNotEquals(losses.get(0), losses.get(16), "the weights moved");
        }
    }
}
