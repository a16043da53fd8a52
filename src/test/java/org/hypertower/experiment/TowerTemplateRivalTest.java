package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hypertower.tower.TowerSpecException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A sweep or stack template cannot be built on a rival: no tower stacks on it and it has no alpha0. */
class TowerTemplateRivalTest {

    @ParameterizedTest
    @ValueSource(strings = {"prodigy", "cocob", "dog(reps_rel=1e-4)"})
    void aTemplateOfARivalIsRefusedWithOneSentence(String text) {
        String name = text.replaceFirst("\\(.*", "");
        TowerSpecException e = assertThrows(TowerSpecException.class, () -> TowerTemplate.parse(text));

        assertEquals("tower spec: " + name + " adapts its own step size, so no tower can be stacked on it and it has no "
                + "alpha0 of a tower to sweep; sweep it against the towers with experiment rivals --rivals " + name
                + ", or compare it as a baseline: experiment compare --baselines '" + name + "'.",
                e.getMessage());
    }
}
