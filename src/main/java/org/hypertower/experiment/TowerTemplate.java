package org.hypertower.experiment;

import java.util.ArrayList;
import java.util.List;
import org.hypertower.tower.LayerSpec;
import org.hypertower.tower.TowerSpec;
import org.hypertower.tower.TowerSpecException;

/**
 * How a sweep builds a tower of height h from an initial learning rate alpha0: the template's
 * bottom layer with {@code alpha = alpha0}, with h levels of the template's upper layer stacked on
 * it. Height 0 is the plain optimizer.
 *
 * <p>Text form: {@code BOTTOM} or {@code BOTTOM / UPPER}, each a layer of the tower format; a
 * bare bottom name uses itself with its default alpha as the upper layer. Examples: {@code sgd}
 * (height 2: {@code sgd(alpha0) / sgd(0.01) / sgd(0.01)}); {@code adam / sgd(alpha=1e-5)};
 * {@code sgd_on_steroids(mu=0.9) / sgd(alpha=0.01)}.
 *
 * @param bottom the layer that optimizes the model (its alpha is replaced by alpha0)
 * @param upper the layer stacked h times above it
 */
public record TowerTemplate(LayerSpec bottom, LayerSpec upper) {

    /**
     * Parses the text form.
     *
     * @throws TowerSpecException when it is not one or two layers of the tower format
     */
    public static TowerTemplate parse(String text) {
        TowerSpec spec = TowerSpec.parse(text);
        if (spec.height() > 2) {
            throw new TowerSpecException(0, "a tower template has one or two levels (BOTTOM or BOTTOM / UPPER), not "
                    + spec.height() + ".");
        }
        LayerSpec bottom = spec.level(0);
        if (bottom.type().standalone()) {
            String name = bottom.type().specName();
            throw new TowerSpecException(0, name + " adapts its own step size, so no tower can be stacked on it and it has "
                    + "no alpha0 of a tower to sweep; sweep it against the towers with experiment rivals --rivals " + name
                    + ", or compare it as a baseline: experiment compare --baselines '" + name + "'.");
        }
        LayerSpec upper = spec.height() == 2 ? spec.level(1)
                : new LayerSpec(bottom.type(), java.util.Map.of("alpha", bottom.type().argument("alpha").orElseThrow()
                        .defaultValue()));
        return new TowerTemplate(bottom, upper);
    }

    /** Returns the tower of a height with an initial learning rate. */
    public TowerSpec build(int height, double alpha0) {
        if (height < 0) {
            throw new IllegalArgumentException("a height cannot be negative: " + height);
        }
        List<LayerSpec> levels = new ArrayList<>();
        levels.add(bottom.with("alpha", alpha0));
        for (int k = 0; k < height; k++) {
            levels.add(upper);
        }
        return new TowerSpec(levels);
    }

    /** Returns the towers of heights 0 .. maxHeight with an initial learning rate, lowest first. */
    public List<TowerSpec> stack(int maxHeight, double alpha0) {
        List<TowerSpec> out = new ArrayList<>();
        for (int h = 0; h <= maxHeight; h++) {
            out.add(build(h, alpha0));
        }
        return out;
    }

    /** Returns e.g. {@code sgd(alpha=alpha0) / h x sgd(alpha=0.01)}. */
    @Override
    public String toString() {
        String b = bottom.with("alpha", 1).toString().replace("alpha=1.0", "alpha=alpha0");
        return b + " / h x " + upper;
    }
}
