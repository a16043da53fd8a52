package org.hypertower.engine;

import org.hypertower.tower.LayerType;
import org.hypertower.tower.Numbers;
import org.hypertower.tower.Tower;

/** Words for a diverged run: where it happened and what to lower. */
final class Divergence {

    private Divergence() {}

    static String lossMessage(long step, double loss, Tower<?> tower) {
        LayerType bottom = tower.spec().level(0).type();
        String advice = bottom.standalone() ? bottom.standaloneAdvice().orElseThrow()
                : tower.height() > 1
                ? "lower level 0's alpha or the alpha of the levels above it"
                : "lower alpha";
        return "Diverged at step " + step + ": the loss became " + Numbers.format(loss) + "; " + advice + ".";
    }

    /** Returns a message for the first non-finite hyperparameter, or null when all are finite. */
    static String hyperparameterMessage(long step, double[] values, Tower<?> tower) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                String key = tower.hyperparameterKeys().get(i);
                int level = Integer.parseInt(key.substring(0, key.indexOf('.')));
                LayerType type = tower.spec().level(level).type();
                if (type.standalone()) {
                    return "Diverged at step " + step + ": " + type.specName() + "'s " + key.substring(key.indexOf('.') + 1)
                            + " became " + Numbers.format(values[i]) + "; " + type.standaloneAdvice().orElseThrow() + ".";
                }
                return "Diverged at step " + step + ": level " + level + "'s " + key.substring(key.indexOf('.') + 1)
                        + " became " + Numbers.format(values[i]) + "; lower the alpha of level " + (level + 1) + ".";
            }
        }
        return null;
    }
}
