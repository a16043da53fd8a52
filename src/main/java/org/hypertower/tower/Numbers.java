package org.hypertower.tower;

import java.math.BigDecimal;
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

    private static BigDecimal shortest(double v) {
        for (int digits = 1; digits < 17; digits++) {
            String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
            if (Double.parseDouble(s) == v) {
                return new BigDecimal(s).stripTrailingZeros();
            }
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.16e", v)).stripTrailingZeros();
    }
}
