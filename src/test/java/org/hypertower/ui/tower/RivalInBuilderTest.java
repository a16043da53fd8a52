package org.hypertower.ui.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.hypertower.tower.LayerType;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;

/** A rival dropped into the tower builder: alone it is a tower; with other levels the builder says why not. */
class RivalInBuilderTest {

    @Test
    void aRivalDroppedUnderATowerGivesTheTowersSentence() {
        TowerBuilderViewModel model = new TowerBuilderViewModel(TowerSpec.parse("adam(alpha=0.001) / sgd(alpha=1e-05)"));

        model.insert(LayerType.PRODIGY, 0);

        assertEquals("tower spec: prodigy adapts its own step size and cannot have a level above it (adam at level 1); "
                + "use it alone: prodigy.", model.errorProperty().get());
        assertNull(model.specProperty().get(), "no tower to start");
    }

    @Test
    void aRivalDroppedOnTopGivesTheTowersSentence() {
        TowerBuilderViewModel model = new TowerBuilderViewModel(TowerSpec.parse("sgd(alpha=0.01)"));

        model.insert(LayerType.DOG, 1);

        assertEquals("tower spec: dog adapts its own step size and cannot sit above another level (it is at level 1); "
                + "use it alone: dog.", model.errorProperty().get());
    }

    @Test
    void aRivalAloneIsATowerWithItsDefaults() {
        TowerBuilderViewModel model = new TowerBuilderViewModel(TowerSpec.parse("sgd(alpha=0.01)"));

        model.insert(LayerType.COCOB, 0);
        model.remove(1);

        assertNull(model.errorProperty().get());
        assertEquals(TowerSpec.parse("cocob"), model.specProperty().get());
    }
}
