package org.hypertower.experiment;

import org.hypertower.tower.TowerSpec;

/**
 * One row of a sweep's grid: a method trained at every initial alpha and seed. A sensitivity sweep's
 * rows are the heights of one tower template; a rivals' sweep's rows are towers of several templates
 * and heights, and the learning-rate-free optimizers ({@link Rival}), each with alpha0 mapped to its
 * own knob.
 */
public sealed interface SweepRow {

    /** Returns the prefix of its runs' folder names, e.g. {@code h2}, {@code sgd_h1} or {@code prodigy}. */
    String id();

    /** Returns its name in legends and tables, e.g. {@code height 2}, {@code sgd h=1} or {@code prodigy}. */
    String label();

    /** Returns the argument of the bottom layer alpha0 sets: {@code alpha}, {@code d0}, {@code lr} ... */
    String knob();

    /** Returns the knob's value for an initial alpha. */
    double knobValue(double alpha0);

    /** Returns the tower trained at an initial alpha. */
    TowerSpec tower(double alpha0);

    /** The row of a sensitivity sweep: a template's tower of one height, named by the height alone. */
    static SweepRow height(TowerTemplate template, int height) {
        return new Tower("h" + height, "height " + height + (height == 0 ? " (plain)" : ""), template, height);
    }

    /**
     * A row of a rivals' sweep: a template's tower of one height, named by the template and the height.
     *
     * @param name the template's short name, e.g. {@code sgd} or {@code t2}: letters, digits and _ only
     */
    static SweepRow tower(String name, TowerTemplate template, int height) {
        return new Tower(name + "_h" + height, name + " h=" + height, template, height);
    }

    /**
     * A tower template's tower of one height; its bottom layer's alpha is alpha0.
     *
     * @param id the prefix of its runs' folder names
     * @param label its name in legends and tables
     * @param template the template
     * @param height the levels above the bottom layer
     */
    record Tower(String id, String label, TowerTemplate template, int height) implements SweepRow {

        @Override
        public String knob() {
            return "alpha";
        }

        @Override
        public double knobValue(double alpha0) {
            return alpha0;
        }

        @Override
        public TowerSpec tower(double alpha0) {
            return template.build(height, alpha0);
        }
    }

    /**
     * A learning-rate-free optimizer, alone (height 0), with alpha0 mapped to its knob.
     *
     * @param rival the optimizer
     */
    record RivalRow(Rival rival) implements SweepRow {

        @Override
        public String id() {
            return rival.specName();
        }

        @Override
        public String label() {
            return rival.specName();
        }

        @Override
        public String knob() {
            return rival.knob();
        }

        @Override
        public double knobValue(double alpha0) {
            return rival.knobValue(alpha0);
        }

        @Override
        public TowerSpec tower(double alpha0) {
            return rival.tower(alpha0);
        }
    }
}
