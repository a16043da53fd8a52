package org.hypertower.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Numbers#format} writes doubles exactly as Python's {@code repr} does. */
class NumbersTest {

    private static final int RANDOM_COUNT = 10_000;

    /** Python's repr layouts: plain with at least one decimal, or d[.ddd]e±XX. */
    private static final Pattern PLAIN = Pattern.compile("-?\\d+\\.\\d+");
    private static final Pattern SCIENTIFIC = Pattern.compile("-?\\d(\\.\\d+)?e[+-]\\d{2,3}");

    /** Each value with the string CPython 3 prints for {@code repr(value)}. */
    static Stream<Arguments> pythonRepr() {
        return Stream.of(
                Arguments.of(0.0, "0.0"),
                Arguments.of(-0.0, "-0.0"),
                Arguments.of(1.0, "1.0"),
                Arguments.of(-1.0, "-1.0"),
                Arguments.of(0.5, "0.5"),
                Arguments.of(2.5, "2.5"),
                Arguments.of(100.0, "100.0"),
                Arguments.of(12345678.0, "12345678.0"),
                Arguments.of(0.1, "0.1"),
                Arguments.of(0.01, "0.01"),
                Arguments.of(0.001, "0.001"),
                Arguments.of(0.0001, "0.0001"),
                Arguments.of(1e-05, "1e-05"),
                Arguments.of(1.25e-05, "1.25e-05"),
                Arguments.of(1.5e-07, "1.5e-07"),
                Arguments.of(1e-12, "1e-12"),
                Arguments.of(-3.25e-06, "-3.25e-06"),
                Arguments.of(0.00010000000000000002, "0.00010000000000000002"),
                Arguments.of(9.999999999999999e-05, "9.999999999999999e-05"),
                Arguments.of(1e15, "1000000000000000.0"),
                Arguments.of(9007199254740992.0, "9007199254740992.0"),
                Arguments.of(9999999999999998.0, "9999999999999998.0"),
                Arguments.of(1e16, "1e+16"),
                Arguments.of(1e22, "1e+22"),
                Arguments.of(1e23, "1e+23"),
                Arguments.of(3e20, "3e+20"),
                Arguments.of(1e100, "1e+100"),
                Arguments.of(-1e-100, "-1e-100"),
                Arguments.of(123456.789, "123456.789"),
                Arguments.of(123456789012345678.0, "1.2345678901234568e+17"),
                Arguments.of(0.1 + 0.2, "0.30000000000000004"),
                Arguments.of(1.0 / 3, "0.3333333333333333"),
                Arguments.of(2.0 / 3, "0.6666666666666666"),
                Arguments.of(Double.MAX_VALUE, "1.7976931348623157e+308"),
                Arguments.of(Double.MIN_NORMAL, "2.2250738585072014e-308"),
                Arguments.of(Double.MIN_VALUE, "5e-324"),
                Arguments.of(Double.NaN, "nan"),
                Arguments.of(Double.POSITIVE_INFINITY, "inf"),
                Arguments.of(Double.NEGATIVE_INFINITY, "-inf"),
                // Java's %e rounds an already rounded decimal: it printed 17 digits where 16 suffice
                Arguments.of(Double.longBitsToDouble(0x43de55b3800b332eL), "8.743402226733332e+18"),
                // ... or the farther of two 16-digit strings that both parse back
                Arguments.of(Double.longBitsToDouble(0x43a77b54e4894723L), "8.460197127700852e+17"),
                Arguments.of(Double.longBitsToDouble(0x4533ae28ff0cf406L), "2.3792038588792707e+25"),
                // a power of two, whose rounding interval is lopsided
                Arguments.of(Double.longBitsToDouble(0x0060000000000000L), "7.120236347223045e-307"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("pythonRepr")
    void formatsLikePythonRepr(double value, String repr) {
        assertEquals(repr, Numbers.format(value));
    }

    @Test
    void formatParsesBackToTheSameDoubleForRandomDoubles() {
        randomDoubles(new Random(20_240_611L)).forEach(v -> {
            String text = Numbers.format(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(text)),
                    () -> text + " does not parse back to " + v);
        });
    }

    @Test
    void formatUsesPlainNotationExactlyWhenTheExponentIsFromMinus4To15() {
        randomDoubles(new Random(7L)).forEach(v -> {
            String text = Numbers.format(v);
            double magnitude = Math.abs(v);
            boolean plain = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16);
            Pattern layout = plain ? PLAIN : SCIENTIFIC;
            assertTrue(layout.matcher(text).matches(), () -> text + " for " + v + " should match " + layout);
        });
    }

    @Test
    void formatWritesAtMostSeventeenSignificantDigits() {
        randomDoubles(new Random(11L)).forEach(v -> {
            String text = Numbers.format(v);
            String mantissa = text.replaceFirst("e.*", "").replace("-", "").replace(".", "").replaceFirst("^0+", "");
            String significant = mantissa.replaceFirst("0+$", "");
            assertTrue(significant.length() <= 17, () -> text + " for " + v + " has more than 17 significant digits");
        });
    }

    @Test
    void formatOfANegativeIsTheFormatOfItsMagnitudeWithAMinus() {
        randomDoubles(new Random(13L)).map(Math::abs).forEach(v ->
                assertEquals("-" + Numbers.format(v), Numbers.format(-v), () -> "for " + v));
    }

    /** Finite doubles of every magnitude, subnormals to near MAX_VALUE, both signs. */
    private static DoubleStream randomDoubles(Random random) {
        return DoubleStream.generate(() -> {
            double v;
            do {
                switch (random.nextInt(4)) {
                    case 0 -> v = Double.longBitsToDouble(random.nextLong());
                    case 1 -> v = random.nextDouble() * Math.pow(10, random.nextInt(617) - 308);
                    case 2 -> v = random.nextInt(1_000_000) / Math.pow(10, random.nextInt(12));
                    default -> v = (1 + random.nextInt(999)) * Math.pow(10, random.nextInt(60) - 30);
                }
            } while (!Double.isFinite(v));
            return random.nextBoolean() ? -v : v;
        }).limit(RANDOM_COUNT);
    }
}
