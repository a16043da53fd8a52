package org.hypertower.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far a replay is from its reference, against the reference README's tolerances: the loss
 * within {@code 1e-4 max(1, |ref|)} and each hyperparameter within {@code 1e-3 max|ref| + 1e-7}
 * at every step.
 *
 * @param steps the number of steps compared
 * @param worstLossRatio the largest loss error divided by its tolerance
 * @param worstLossError the largest absolute loss error
 * @param worstHyperRatio the largest hyperparameter error divided by its tolerance
 * @param worstHyperKey the key where it occurred
 */
public record ParityReport(int steps, double worstLossRatio, double worstLossError, double worstHyperRatio,
        String worstHyperKey) {

    /** Compares a replay with its reference. */
    public static ParityReport of(ReferenceTrajectory reference, Replay.Result result) {
        List<String> keys = result.keys();
        double[] scale = new double[keys.size()];
        for (var step : reference.hyperparameters()) {
            for (int k = 0; k < keys.size(); k++) {
                Double v = step.get(keys.get(k));
                scale[k] = Math.max(scale[k], v == null ? 0 : Math.abs(v));
            }
        }
        double worstLoss = 0;
        double worstLossError = 0;
        double worstHyper = 0;
        String worstKey = "";
        int n = Math.min(reference.steps(), result.steps().size());
        for (int t = 0; t < n; t++) {
            Replay.Step step = result.steps().get(t);
            double expected = reference.losses()[t];
            double error = Math.abs(step.loss() - expected);
            worstLossError = Math.max(worstLossError, error);
            worstLoss = Math.max(worstLoss, error / (1e-4 * Math.max(1, Math.abs(expected))));
            for (int k = 0; k < keys.size(); k++) {
                Double ref = reference.hyperparameters().get(t).get(keys.get(k));
                double ratio = ref == null ? Double.POSITIVE_INFINITY
                        : Math.abs(step.hyperparameters()[k] - ref) / (1e-3 * scale[k] + 1e-7);
                if (ratio > worstHyper || Double.isNaN(ratio)) {
                    worstHyper = ratio;
                    worstKey = keys.get(k);
                }
            }
        }
        return new ParityReport(n, worstLoss, worstLossError, worstHyper, worstKey);
    }

    /** Returns whether every step is within tolerance. */
    public boolean withinTolerance() {
        return worstLossRatio <= 1 && worstHyperRatio <= 1;
    }

    /** Returns a human-readable summary, one fact per line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "steps compared: %d", steps));
        out.add(String.format(Locale.ROOT, "loss: largest error %.3g (%.3g of tolerance)", worstLossError, worstLossRatio));
        out.add(String.format(Locale.ROOT, "hyperparameters: largest error %.3g of tolerance (%s)", worstHyperRatio,
                worstHyperKey.isEmpty() ? "none" : worstHyperKey));
        out.add(withinTolerance() ? "parity: within tolerance" : "parity: OUTSIDE tolerance");
        return out;
    }
}
