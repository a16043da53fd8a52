package org.hypertower.ui.run;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hypertower.data.DatasetId;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunStatus;
import org.hypertower.tower.LayerSpec;
import org.hypertower.tower.Numbers;
import org.hypertower.tower.TowerSpec;

/**
 * What the runs list says about a run: its name from what it is ({@code adam(0.001) / sgd(1e-5) · Iris},
 * {@code baseline adam(0.001) · Iris}, {@code learned re-run adam(0.0034) · Iris}), a status line with
 * its test accuracy and train loss, and a tooltip with the full tower and configuration.
 */
public final class RunText {

    private RunText() {}

    /** Returns a run's name: kind, the tower in short form and the dataset. */
    public static String name(RunKind kind, RunConfig config) {
        return kind.prefix() + shortTower(config.tower()) + " · " + datasetTitle(config);
    }

    /** Returns the tower with each level's learning rate only, two significant digits: {@code adam(0.001) / sgd(1e-5)}. */
    public static String shortTower(TowerSpec tower) {
        return tower.levels().stream().map(RunText::shortLevel).collect(Collectors.joining(" / "));
    }

    private static String shortLevel(LayerSpec level) {
        String type = level.type().specName();
        return level.type().argument("alpha").isPresent() ? type + "(" + shortNumber(level.value("alpha"), 2) + ")" : type;
    }

    /** Returns a number with at most {@code digits} significant digits and no trailing zeros: 0.001, 0.0034, 1e-5, 2.5e7. */
    public static String shortNumber(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Numbers.format(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        double magnitude = Math.abs(rounded.doubleValue());
        if (magnitude >= 1e-4 && magnitude < 1e6) {
            return rounded.toPlainString();
        }
        String[] parts = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v).split("e");
        String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
        return mantissa + "e" + Integer.parseInt(parts[1]);
    }

    private static String datasetTitle(RunConfig config) {
        return DatasetId.byName(config.dataset()).map(DatasetId::title).orElse(config.dataset());
    }

    /**
     * Returns the run's status, then its last test accuracy and train loss once an epoch ended:
     * {@code completed · test acc 96.7% · train loss 0.213}, {@code running, epoch 3 of 100 · ...}, {@code queued}.
     */
    public static String statusLine(RunData run) {
        RunEnded ended = run.endedProperty().get();
        String status;
        if (ended != null) {
            status = ended.status().label() + (ended.status() == RunStatus.DIVERGED ? " at step " + ended.steps() : "");
        } else if (run.keys().isEmpty()) {
            status = "queued";
        } else {
            status = "running, epoch " + Math.min(run.epochs().size() + 1, run.config().epochs()) + " of "
                    + run.config().epochs();
        }
        List<EpochMetrics> epochs = run.epochs();
        if (!epochs.isEmpty()) {
            EpochMetrics last = epochs.get(epochs.size() - 1);
            return status + " · test acc " + percent(last.testAccuracy()) + " · train loss " + shortNumber(last.trainLoss(), 3);
        }
        return run.steps() > 0 ? status + " · loss " + shortNumber(run.loss().get(run.steps() - 1), 3) : status;
    }

    /** Returns an accuracy as a percentage with one decimal: {@code 96.7%}. */
    public static String percent(double accuracy) {
        return Double.isFinite(accuracy) ? String.format(Locale.ROOT, "%.1f%%", 100 * accuracy) : Numbers.format(accuracy);
    }

    /** Returns the tooltip: the full tower, what the run is and its settings, its status and message, its folder. */
    public static String tooltip(RunData run) {
        RunConfig c = run.config();
        StringBuilder sb = new StringBuilder(c.tower().toString()).append('\n');
        sb.append(switch (run.kind()) {
            case TOWER -> c.tower().height() > 1 ? "Tower run" : "Plain optimizer (nothing learned)";
            case BASELINE -> "Baseline: the bottom optimizer, frozen at its initial values";
            case LEARNED_RERUN -> "Re-run of the bottom optimizer, frozen at the values the tower learned";
            case FOLLOW -> "The bottom optimizer following, step by step, the path a tower learned";
        });
        sb.append(" on ").append(datasetTitle(c));
        if (DatasetId.byName(c.dataset()).orElse(null) == DatasetId.IRIS) {
            sb.append(" (").append(Math.round(100 * c.data().labeledFraction())).append("% labeled)");
        }
        sb.append('\n').append(c.model());
        if (c.model().contains("mlp") && c.hidden().length > 0) {
            sb.append(" hidden ").append(java.util.Arrays.stream(c.hidden()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(",")));
        }
        sb.append(", ").append(c.epochs()).append(" epochs, batch ").append(c.batchSize()).append(", seed ")
                .append(c.seed()).append(", ").append(c.device()).append(c.constrained() ? ", learned values in range" : "");
        sb.append('\n').append(statusLine(run));
        RunEnded ended = run.endedProperty().get();
        if (ended != null && !ended.message().isBlank()) {
            sb.append('\n').append(ended.message());
        }
        return sb.append("\nFiles: ").append(run.folder()).toString();
    }
}
