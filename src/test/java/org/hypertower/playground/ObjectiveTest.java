package org.hypertower.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Objectives: their text form, their gradients against finite differences, and refusals in one sentence. */
class ObjectiveTest {

    @ParameterizedTest
    @ValueSource(strings = {"quadratic(a=1.0, b=10.0)", "rosenbrock(a=1.0, b=100.0)", "saddle(a=1.0, b=2.0)",
            "noisy_quadratic(a=1.0, b=10.0, sigma=0.5)", "rosenbrock(a=-0.5, b=1e-05)"})
    void textRoundTrips(String text) {
        assertEquals(text, Objective.parse(text).toString());
    }

    @Test
    void spacesAndOrderAreFree() {
        assertEquals(new Objective.Quadratic(1, 10), Objective.parse("  quadratic ( b = 10 ,a=1 ) "));
        assertEquals(new Objective.NoisyQuadratic(1, 10, 0), Objective.parse("noisy_quadratic(a=1, b=1e1, sigma=0)"));
    }

    @Test
    void valuesAreTheFormulas() {
        assertEquals(0.5 * (4 + 10 * 9), new Objective.Quadratic(1, 10).value(2, 3));
        assertEquals(1 + 100 * 1, new Objective.Rosenbrock(1, 100).value(0, 1));
        assertEquals(0, new Objective.Rosenbrock(1, 100).value(1, 1));
        assertEquals(0.5 * (4 - 2 * 9), new Objective.Saddle(1, 2).value(2, 3));
    }

    static Stream<Objective> smooth() {
        return Stream.of(new Objective.Quadratic(1, 10), new Objective.Rosenbrock(1, 100), new Objective.Rosenbrock(-0.7, 3),
                new Objective.Saddle(1, 1), new Objective.Saddle(2, 0.5), new Objective.NoisyQuadratic(2, 5, 1));
    }

    @ParameterizedTest
    @MethodSource("smooth")
    void gradientsMatchFiniteDifferences(Objective objective) {
        double[][] points = {{-1.5, 0.5}, {0.3, -2}, {1, 1}, {-0.25, 0.75}, {2, 3}};
        double h = 1e-6;
        for (double[] p : points) {
            double[] g = objective.gradient(p[0], p[1]);
            double dx = (objective.value(p[0] + h, p[1]) - objective.value(p[0] - h, p[1])) / (2 * h);
            double dy = (objective.value(p[0], p[1] + h) - objective.value(p[0], p[1] - h)) / (2 * h);
            assertEquals(dx, g[0], 1e-6 * (1 + Math.abs(dx)), objective + " d/dx at " + p[0] + "," + p[1]);
            assertEquals(dy, g[1], 1e-6 * (1 + Math.abs(dy)), objective + " d/dy at " + p[0] + "," + p[1]);
        }
    }

    @Test
    void onlyTheNoisyQuadraticIsNoisy() {
        assertTrue(new Objective.NoisyQuadratic(1, 1, 1).noisy());
        assertFalse(new Objective.Rosenbrock(1, 1).noisy());
        Objective.Gradients exact = new Objective.Saddle(1, 1).gradients(3);
        assertEquals(List.of(2.0, -3.0), List.of(exact.at(2, 3)[0], exact.at(2, 3)[1]));
    }

    static Stream<Arguments> badTexts() {
        return Stream.of(
                Arguments.of("", "The objective is empty; write one of quadratic(a=1, b=10), rosenbrock(a=1, b=100), "
                        + "saddle(a=1, b=1), noisy_quadratic(a=1, b=10, sigma=0.5)."),
                Arguments.of("bowl(a=1)", "Unknown objective 'bowl'; use one of quadratic, rosenbrock, saddle, "
                        + "noisy_quadratic, e.g. quadratic(a=1, b=10)."),
                Arguments.of("quadratic", "quadratic needs its parameters (a, b), e.g. quadratic(a=1, b=10)."),
                Arguments.of("quadratic(a=1)", "quadratic needs b, e.g. quadratic(a=1, b=10)."),
                Arguments.of("quadratic()", "quadratic needs a, e.g. quadratic(a=1, b=10)."),
                Arguments.of("quadratic(a=1, c=2)", "quadratic has no parameter 'c'; its parameters are a, b."),
                Arguments.of("quadratic(a=1, a=2, b=1)", "quadratic's a is given more than once; give it once."),
                Arguments.of("quadratic(a=1, b=inf)", "quadratic's b must be a finite number, not inf."),
                Arguments.of("quadratic(a=nan, b=1)", "quadratic's a must be a finite number, not nan."),
                Arguments.of("quadratic(a=1, b=1e400)", "quadratic's b must be a finite number, not inf."),
                Arguments.of("quadratic(a=0, b=1)", "quadratic's a must be greater than 0, not 0.0."),
                Arguments.of("saddle(a=1, b=-2)", "saddle's b must be greater than 0, not -2.0."),
                Arguments.of("rosenbrock(a=1, b=0)", "rosenbrock's b must be greater than 0, not 0.0."),
                Arguments.of("noisy_quadratic(a=1, b=1, sigma=-0.1)",
                        "noisy_quadratic's sigma must be 0 or more, not -0.1."),
                Arguments.of("quadratic(a=one, b=1)", "quadratic's a must be a number, not 'one'."),
                Arguments.of("quadratic(a=1,, b=1)", "quadratic has an empty parameter between commas; write "
                        + "quadratic(a=1, b=10)."),
                Arguments.of("quadratic(1, 10)", "'1' in quadratic is not PARAM=VALUE; write quadratic(a=1, b=10)."),
                Arguments.of("quadratic(a=1, b=10", "'quadratic(a=1, b=10' is missing its closing ')'; write "
                        + "NAME(PARAM=VALUE, ...), e.g. quadratic(a=1, b=10)."),
                Arguments.of("quadratic(a=1, b=10) + 1", "'quadratic(a=1, b=10) + 1' is not an objective; write "
                        + "NAME(PARAM=VALUE, ...), one of quadratic(a=1, b=10), rosenbrock(a=1, b=100), saddle(a=1, b=1), "
                        + "noisy_quadratic(a=1, b=10, sigma=0.5)."));
    }

    @ParameterizedTest
    @MethodSource("badTexts")
    void badTextIsRefusedInOneSentence(String text, String message) {
        ObjectiveException e = assertThrows(ObjectiveException.class, () -> Objective.parse(text));
        assertEquals(message, e.getMessage());
    }
}
