package org.hypertower.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rivals in the tower text and JSON forms: their reference argument names and defaults, every
 * out-of-range argument refused at its position, and any tower of more than one level that holds
 * one refused with one sentence naming the level.
 */
class RivalSpecTest {

    @Test
    void rivalsTakeTheReferenceImplementationsArgumentsAndDefaults() {
        assertDefaults("dadapt_sgd", Map.of("d0", 1e-6, "lr", 1.0, "momentum", 0.0, "wd", 0.0));
        assertDefaults("dadapt_adam", Map.of("d0", 1e-6, "lr", 1.0, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "wd", 0.0));
        assertDefaults("prodigy", Map.of("d0", 1e-6, "lr", 1.0, "beta1", 0.9, "beta2", 0.999, "d_coef", 1.0, "wd", 0.0));
        assertDefaults("dog", Map.of("reps_rel", 1e-6, "wd", 0.0));
        assertDefaults("schedulefree_sgd", Map.of("lr", 1.0, "beta", 0.9, "wd", 0.0));
        assertDefaults("schedulefree_adamw", Map.of("lr", 0.0025, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "wd", 0.0));
        assertDefaults("cocob", Map.of("alpha", 100.0));
    }

    private static void assertDefaults(String name, Map<String, Double> expected) {
        LayerType type = LayerType.bySpecName(name).orElseThrow();
        assertTrue(type.standalone(), name + " is standalone");
        assertEquals(expected.size(), type.arguments().size(), name + " arguments");
        for (HyperparameterDef def : type.arguments()) {
            assertEquals(expected.get(def.name()), def.defaultValue(), name + " " + def.name());
            assertTrue(!def.learned(), name + " " + def.name() + " is a constant");
        }
    }

    @Test
    void aRivalAloneRoundTripsThroughTextAndJson() {
        TowerSpec spec = TowerSpec.parse("prodigy(d0=1e-4, d_coef=0.5)");

        assertEquals("prodigy(d0=0.0001, d_coef=0.5)", spec.toString());
        assertEquals(spec, TowerSpec.parse(spec.toString()));
        assertEquals(spec, TowerSpec.fromJson(spec.toJson()));
        assertEquals(Map.of("reps_rel", 1e-3), TowerSpec.parse("dog(1e-3)").level(0).arguments());
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("prodigy(d0=0)", 12, "prodigy d0 must be > 0, not 0.0."),
                Arguments.of("dadapt_sgd(d0=-1e-6)", 15, "dadapt_sgd d0 must be > 0, not -1e-06."),
                Arguments.of("dadapt_adam(lr=-1)", 16, "dadapt_adam lr must be >= 0, not -1.0."),
                Arguments.of("prodigy(beta1=1)", 15, "prodigy beta1 must be in [0, 1), not 1.0."),
                Arguments.of("prodigy(beta2=-0.1)", 15, "prodigy beta2 must be in [0, 1), not -0.1."),
                Arguments.of("schedulefree_sgd(beta=1.5)", 23, "schedulefree_sgd beta must be in [0, 1), not 1.5."),
                Arguments.of("cocob(alpha=0)", 13, "cocob alpha must be > 0, not 0.0."),
                Arguments.of("dog(reps_rel=0)", 14, "dog reps_rel must be > 0, not 0.0."),
                Arguments.of("dadapt_adam(eps=0)", 17, "dadapt_adam eps must be > 0, not 0.0."),
                Arguments.of("schedulefree_adamw(wd=-0.01)", 23, "schedulefree_adamw wd must be >= 0, not -0.01."),
                Arguments.of("prodigy(d_coef=0)", 16, "prodigy d_coef must be > 0, not 0.0."),
                Arguments.of("dadapt_sgd(momentum=1)", 21, "dadapt_sgd momentum must be in [0, 1), not 1.0."),
                Arguments.of("prodigy(eps=1e-8)", 9, "prodigy has no argument 'eps'; it accepts d0, lr, beta1, beta2, "
                        + "d_coef, wd."),
                Arguments.of("dog(reps_rel=1e-6 fixed)", 19, "dog reps_rel is a constant already"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void anOutOfRangeArgumentIsRefusedAtItsPosition(String text, int position, String problem) {
        TowerSpecException e = assertThrows(TowerSpecException.class, () -> TowerSpec.parse(text));

        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().startsWith("tower spec, position " + position + ": " + problem), e.getMessage());
    }

    static Stream<Arguments> stackedRivals() {
        return Stream.of(
                Arguments.of("prodigy / sgd", 11, "prodigy adapts its own step size and cannot have a level above it (sgd at "
                        + "level 1); use it alone: prodigy."),
                Arguments.of("prodigy(d0=1e-4) / sgd(1e-5)", 20, "prodigy adapts its own step size and cannot have a level "
                        + "above it (sgd at level 1); use it alone: prodigy(d0=0.0001)."),
                Arguments.of("sgd / dog", 7, "dog adapts its own step size and cannot sit above another level (it is at "
                        + "level 1); use it alone: dog."),
                Arguments.of("adam / sgd / cocob(alpha=50)", 14, "cocob adapts its own step size and cannot sit above "
                        + "another level (it is at level 2); use it alone: cocob(alpha=50.0)."),
                Arguments.of("schedulefree_sgd / schedulefree_adamw", 20, "schedulefree_sgd adapts its own step size and "
                        + "cannot have a level above it (schedulefree_adamw at level 1); use it alone: schedulefree_sgd."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stackedRivals")
    void aRivalInATallerTowerIsRefusedNamingTheLevel(String text, int position, String problem) {
        TowerSpecException e = assertThrows(TowerSpecException.class, () -> TowerSpec.parse(text));

        assertEquals(position, e.position(), e.getMessage());
        assertEquals("tower spec, position " + position + ": " + problem, e.getMessage());
    }

    @Test
    void theJsonFormAndTheConstructorRefuseTheSameWay() {
        String json = "{\"levels\":[{\"type\":\"sgd\"},{\"type\":\"dadapt_adam\",\"arguments\":{\"d0\":0.001}}]}";
        TowerSpecException e = assertThrows(TowerSpecException.class, () -> TowerSpec.fromJson(json));
        assertEquals("tower spec: dadapt_adam adapts its own step size and cannot sit above another level (it is at "
                + "level 1); use it alone: dadapt_adam(d0=0.001).", e.getMessage());

        LayerSpec prodigy = TowerSpec.parse("prodigy").level(0);
        LayerSpec sgd = TowerSpec.parse("sgd").level(0);
        assertThrows(TowerSpecException.class, () -> new TowerSpec(List.of(prodigy, sgd)));
        assertThrows(TowerSpecException.class, () -> new TowerSpec(List.of(sgd, prodigy)));
    }
}
