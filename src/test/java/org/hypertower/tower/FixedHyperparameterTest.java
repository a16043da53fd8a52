package org.hypertower.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStarted;
import org.hypertower.engine.StepMetrics;
import org.junit.jupiter.api.Test;

/** A learned hyperparameter can be held fixed: the level above leaves it alone. */
class FixedHyperparameterTest {

    @Test
    void fixedIsWrittenAfterTheValueAndRoundTripsThroughTextAndJson() {
        TowerSpec spec = TowerSpec.parse("adam(alpha=0.01, beta1=0.9 fixed) / sgd(1e-5)");
        assertEquals(Set.of("beta1"), spec.level(0).fixed());
        assertEquals("adam(alpha=0.01, beta1=0.9 fixed) / sgd(alpha=1e-05)", spec.toString());
        assertEquals(spec, TowerSpec.parse(spec.toString()));
        assertEquals(spec, TowerSpec.fromJson(spec.toJson()));
        assertTrue(spec.toJson().contains("\"fixed\":[\"beta1\"]"), spec.toJson());
    }

    @Test
    void aFixedDefaultBecomesExplicit() {
        LayerSpec sgd = new LayerSpec(LayerType.SGD, java.util.Map.of("alpha", 0.1), Set.of("mu"));
        assertEquals("sgd(alpha=0.1, mu=0.0 fixed)", sgd.toString());
        assertFalse(sgd.withFixed("mu", false).toString().contains("fixed"));
    }

    @Test
    void onlyLearnedHyperparametersCanBeFixed() {
        TowerSpecException constant = assertThrows(TowerSpecException.class,
                () -> TowerSpec.parse("adam_baydin(alpha=0.01, beta1=0.9 fixed)"));
        assertEquals(35, constant.position(), "the position of the word fixed");
        assertTrue(constant.getMessage().contains("constant already"), constant.getMessage());
    }

    @Test
    void aFixedHyperparameterIsNotReportedAndDoesNotMoveWhileTheOthersAreLearned() {
        RunConfig config = new RunConfig("iris", "paper-mlp", new int[] {8},
                TowerSpec.parse("sgd_on_steroids(alpha=0.05, mu=0.5, wd=0.001 fixed, dp=0.1) / sgd(alpha=0.01)"), 5, 10, 0,
                0.2, "float32");
        List<String> keys = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        RunFactory.create(config).run(new RunListener() {
            @Override
            public void started(RunStarted e) {
                keys.addAll(e.hyperparameterKeys());
            }

            @Override
            public void step(StepMetrics m) {
                values.add(m.hyperparameters());
            }
        });
        assertEquals(List.of("0.alpha", "0.mu", "0.dp", "1.alpha", "1.mu"), keys);
        double[] last = values.get(values.size() - 1);
        assertTrue(last[0] != 0.05 && last[1] != 0.5, "alpha and mu are still learned");
    }

    @Test
    void thePlainOptimizerAtLearnedValuesTakesLevelZerosValuesAndRefusesOutOfRangeOnes() {
        TowerSpec tower = TowerSpec.parse("adam(alpha=0.01, beta1=0.9 fixed) / sgd(alpha=1e-5)");
        TowerSpec plain = tower.plainAtLearnedValues(java.util.Map.of("0.alpha", 0.02, "0.beta2", 0.995, "1.alpha", 3.0))
                .orElseThrow();
        assertEquals("adam(alpha=0.02, beta1=0.9 fixed, beta2=0.995)", plain.toString());
        assertTrue(tower.plainAtLearnedValues(java.util.Map.of("0.alpha", -0.001)).isEmpty());
        assertTrue(tower.plainAtLearnedValues(java.util.Map.of("0.alpha", Double.NaN)).isEmpty());
    }
}
