package org.hypertower.ui.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A colour per run, the same in every chart and in the runs list: the ten Tableau colours first
 * (darkened where a thin line of them would be hard to read on white), then as many more as there
 * are runs, each generated far from every colour before it and dark enough to read on white. On the
 * dark theme each run has a lighter variant of its colour, lightened until it reads on the dark
 * theme's background, so a run keeps its hue whichever theme is shown.
 */
public final class RunColors {

    private static final String[] FIRST = {
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"
    };

    /** The least contrast of a line against white (WCAG's ratio for graphics). */
    static final double MIN_CONTRAST = 3.0;

    /**
     * The least contrast of a line against the dark background: more than on white, since a thin
     * line of a dark colour on near-black reads worse than its ratio says.
     */
    static final double MIN_CONTRAST_ON_DARK = 4.5;

    /** The dark theme's background (Primer Dark's {@code -color-bg-default}), what dark lines must read on. */
    static final double[] DARK_BACKGROUND = {0x0d / 255.0, 0x11 / 255.0, 0x17 / 255.0};

    private static final List<double[]> PALETTE = new ArrayList<>();

    private RunColors() {}

    /** Returns the CSS colour ({@code #rrggbb}) of the run at an index, for the light theme. */
    public static String of(int run) {
        return css(rgb(Math.max(0, run)));
    }

    /** Returns the CSS colour ({@code #rrggbb}) of the run at an index, for the dark theme or the light one. */
    public static String of(int run, boolean dark) {
        return dark ? css(onDark(Math.max(0, run))) : of(run);
    }

    private static String css(double[] rgb) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(rgb[0] * 255), Math.round(rgb[1] * 255),
                Math.round(rgb[2] * 255));
    }

    /**
     * A run's colour for the dark background: the Tableau colour as Tableau gives it (the darkening
     * was for white), or the generated one with its lightness mirrored (dark tiers become light
     * ones, so they stay as far apart as on white); then mixed with white until a thin line of it
     * reads clearly on the dark background. Its hue stays.
     */
    private static double[] onDark(int run) {
        double[] c = run < FIRST.length ? hex(FIRST[run]) : mirrorLightness(rgb(run));
        while (contrast(c, DARK_BACKGROUND) < MIN_CONTRAST_ON_DARK + 0.05) {
            for (int i = 0; i < 3; i++) {
                c[i] += (1 - c[i]) * 0.06;
            }
        }
        return c;
    }

    /** Returns the colour of a run as red, green and blue in [0, 1]. */
    static synchronized double[] rgb(int run) {
        while (PALETTE.size() <= run) {
            PALETTE.add(next(PALETTE.size()));
        }
        return PALETTE.get(run).clone();
    }

    private static double[] next(int index) {
        if (index < FIRST.length) {
            return readable(hex(FIRST[index]));
        }
        // hues a golden angle apart, in three lightness tiers; of a few candidates the one farthest from every colour so far
        double[] best = null;
        double bestDistance = -1;
        for (int k = 0; k < 24; k++) {
            double hue = ((index + k * 7) * 137.50776) % 360;
            double lightness = new double[] {0.38, 0.50, 0.30}[(index + k) % 3];
            double[] candidate = readable(hsl(hue, 0.75, lightness));
            double nearest = Double.MAX_VALUE;
            for (double[] other : PALETTE) {
                nearest = Math.min(nearest, distance(candidate, other));
            }
            if (nearest > bestDistance) {
                bestDistance = nearest;
                best = candidate;
            }
        }
        return best;
    }

    /** Darkens a colour until a line of it reads on white. */
    private static double[] readable(double[] rgb) {
        double[] c = rgb.clone();
        while (contrastOnWhite(c) < MIN_CONTRAST + 0.05) { // a margin for rounding to #rrggbb
            for (int i = 0; i < 3; i++) {
                c[i] *= 0.95;
            }
        }
        return c;
    }

    /** WCAG contrast ratio against white. */
    static double contrastOnWhite(double[] rgb) {
        return 1.05 / (luminance(rgb) + 0.05);
    }

    /** WCAG contrast ratio of two colours. */
    static double contrast(double[] a, double[] b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(double[] rgb) {
        double[] lin = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = rgb[i];
            lin[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    }

    /** The CIE76 distance of two colours in Lab (about 2.3 is just noticeable; lines need far more). */
    static double distance(double[] a, double[] b) {
        double[] la = lab(a);
        double[] lb = lab(b);
        return Math.sqrt(Math.pow(la[0] - lb[0], 2) + Math.pow(la[1] - lb[1], 2) + Math.pow(la[2] - lb[2], 2));
    }

    private static double[] lab(double[] rgb) {
        double[] lin = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = rgb[i];
            lin[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        double x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047;
        double y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
        double z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double[] hex(String s) {
        int v = Integer.parseInt(s.substring(1), 16);
        return new double[] {(v >> 16 & 0xFF) / 255.0, (v >> 8 & 0xFF) / 255.0, (v & 0xFF) / 255.0};
    }

    private static double[] mirrorLightness(double[] rgb) {
        double max = Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
        double min = Math.min(rgb[0], Math.min(rgb[1], rgb[2]));
        double lightness = (max + min) / 2;
        double chroma = max - min;
        if (chroma == 0) {
            return new double[] {1 - lightness, 1 - lightness, 1 - lightness};
        }
        double saturation = chroma / (1 - Math.abs(2 * lightness - 1));
        double hue;
        if (max == rgb[0]) {
            hue = 60 * (((rgb[1] - rgb[2]) / chroma + 6) % 6);
        } else if (max == rgb[1]) {
            hue = 60 * ((rgb[2] - rgb[0]) / chroma + 2);
        } else {
            hue = 60 * ((rgb[0] - rgb[1]) / chroma + 4);
        }
        return hsl(hue % 360, Math.min(1, saturation), 1 - lightness);
    }

    private static double[] hsl(double hue, double saturation, double lightness) {
        double chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
        double h = hue / 60;
        double x = chroma * (1 - Math.abs(h % 2 - 1));
        double[] rgb = switch ((int) h) {
            case 0 -> new double[] {chroma, x, 0};
            case 1 -> new double[] {x, chroma, 0};
            case 2 -> new double[] {0, chroma, x};
            case 3 -> new double[] {0, x, chroma};
            case 4 -> new double[] {x, 0, chroma};
            default -> new double[] {chroma, 0, x};
        };
        double m = lightness - chroma / 2;
        return new double[] {rgb[0] + m, rgb[1] + m, rgb[2] + m};
    }
}
