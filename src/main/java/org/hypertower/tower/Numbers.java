package org.hypertower.tower;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Formats doubles the way Python's {@code repr} does, so specs print as the reference writes them. */
public final class Numbers {

    private Numbers() {}

    /**
     * Returns the shortest decimal that parses back to {@code v}, in Python's layout: plain
     * notation with at least one decimal ({@code 0.0001}, {@code 100.0}) when the decimal exponent
     * is in [-4, 16), otherwise scientific with a signed two-digit exponent ({@code 1e-05}).
     */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf");
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(v);
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = shortest.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (v < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            sb.append(String.format(Locale.ROOT, "%02d", Math.abs(exponent)));
            return sb.toString();
        }
        String plain = shortest.toPlainString();
        return plain.indexOf('.') >= 0 ? plain : plain + ".0";
    }

    /**
     * Returns the shortest decimal that parses back to {@code v}, the closest to {@code v} among
     * those. Rounds the exact binary value (String.format rounds an already rounded decimal, which
     * can give a longer or a farther string), and also tries the neighbours one unit of the last
     * digit away, which can round-trip when the nearest does not (next to a power of two).
     */
    private static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            BigDecimal unit = rounded.ulp();
            BigDecimal best = null;
            for (BigDecimal candidate : new BigDecimal[] {rounded, rounded.subtract(unit), rounded.add(unit)}) {
                if (Double.parseDouble(candidate.toString()) == v && (best == null
                        || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = candidate;
                }
            }
            if (best != null) {
                return best.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
