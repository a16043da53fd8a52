package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.hypertower.tower.DoubleVectorOps;
import org.hypertower.tower.Tower;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/** A schedule holds its last values past its end, sets only what changed, and refuses values its layer cannot take. */
class ScheduleTest {

    private static Schedule adam(double[][] values) {
        return new Schedule(TowerSpec.parse("adam(alpha=0.01)").level(0), List.of("alpha", "beta1", "beta2"), values, "r");
    }

    @Test
    void aStepPastTheEndHoldsTheLastValues() {
        Schedule s = adam(new double[][] {{0.01, 0.9, 0.999}, {0.02, 0.8, 0.99}});
        assertArrayEquals(new double[] {0.01, 0.9, 0.999}, s.at(0));
        assertArrayEquals(new double[] {0.02, 0.8, 0.99}, s.at(1));
        assertArrayEquals(new double[] {0.02, 0.8, 0.99}, s.at(1000));
        assertArrayEquals(new double[] {0.01, 0.02}, s.column("alpha"));
    }

    @Test
    void applyingSetsTheLevelsEffectiveValuesThroughTheirReparametrization() {
        Schedule s = adam(new double[][] {{0.01, 0.9, 0.999}, {0.0123456789, 0.8123456789, 0.99}});
        Tower<double[]> tower = new Tower<>(TowerSpec.of(s.layer()), DoubleVectorOps.INSTANCE, List.of("w"));
        s.apply(tower, 1);
        double[] v = tower.hyperparameterValues();
        assertEquals(0.0123456789, v[0], 0);
        // betas are stored as atanh(2b - 1): the round trip keeps them within a few ulps, far inside float32 parity
        assertEquals(0.8123456789, v[1], 1e-15);
        assertEquals(0.99, v[2], 1e-15);
    }

    @Test
    void aValueOutOfTheLayersRangeIsRefusedWithItsStep() {
        Schedule s = adam(new double[][] {{0.01, 0.9, 0.999}, {0.01, 1.5, 0.999}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::check);
        assertEquals("The schedule's beta1 at step 1 cannot be followed by a plain adam(alpha=0.01): 0.beta1 must be a "
                + "finite number in (0, 1), not 1.5.", e.getMessage());
    }

    @Test
    void aValueTheLayerKeepsFixedStaysAsItIs() {
        // sgd built with mu = 0 has momentum off: its path of mu is 0 throughout and is not set
        Schedule s = new Schedule(TowerSpec.parse("sgd(alpha=0.1)").level(0), List.of("alpha", "mu"),
                new double[][] {{0.1, 0}, {0.2, 0}}, "r");
        s.check();
        Tower<double[]> tower = new Tower<>(TowerSpec.of(s.layer()), DoubleVectorOps.INSTANCE, List.of("w"));
        s.apply(tower, 1);
        assertArrayEquals(new double[] {0.2, 0}, tower.hyperparameterValues());
    }

    @Test
    void aLearningRateThatTurnedNegativeIsFollowedAndSaidSo() {
        Schedule s = new Schedule(TowerSpec.parse("sgd(alpha=0.1)").level(0), List.of("alpha", "mu"),
                new double[][] {{0.1, 0}, {-0.01, 0}, {-0.02, 0}}, "r");
        s.check();
        assertEquals("The path's alpha is outside >= 0 at 2 of its 3 steps (first at step 1), as the tower's was (an "
                + "unconstrained tower lets a learned value do that); it is followed as it is.", s.outOfDefinition());
        Tower<double[]> tower = new Tower<>(TowerSpec.of(s.layer()), DoubleVectorOps.INSTANCE, List.of("w"));
        s.apply(tower, 2);
        assertEquals(-0.02, tower.hyperparameterValues()[0], 0);
        assertEquals(null, adam(new double[][] {{0.01, 0.9, 0.999}}).outOfDefinition());
    }

    @Test
    void aRowOfTheWrongLengthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam(new double[][] {{0.01, 0.9}}));
        assertEquals("Step 0 of the schedule has 2 values for 3 hyperparameters [alpha, beta1, beta2].", e.getMessage());
    }
}
