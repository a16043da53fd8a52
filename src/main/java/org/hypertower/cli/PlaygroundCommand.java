package org.hypertower.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hypertower.files.AtomicFiles;
import org.hypertower.playground.Objective;
import org.hypertower.playground.Playground;
import org.hypertower.playground.PlaygroundCsv;
import org.hypertower.playground.Trajectory;
import org.hypertower.tower.TowerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hypertower playground}: towers on a 2-D objective, in double precision, without the window. */
@Command(name = "playground", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs up to three towers on a small objective over two weights (x, y) and prints where each "
                + "ended; with --csv, writes every step: step,x,y,loss (the point where the step's gradient is taken "
                + "and the objective there), every level's hyperparameters after the step and hypergrad.KEY, named as "
                + "in steps.csv, then tower (1 to 3) and status (finished or diverged on a path's last row).",
                "Objectives: quadratic(a, b) = (a x^2 + b y^2)/2; rosenbrock(a, b) = (a - x)^2 + b (y - x^2)^2; "
                        + "saddle(a, b) = (a x^2 - b y^2)/2; noisy_quadratic(a, b, sigma): quadratic whose gradients "
                        + "carry Gaussian noise of deviation sigma, drawn from --seed. A tower that diverges stops "
                        + "there; the others go on."})
final class PlaygroundCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--objective", required = true, paramLabel = "OBJ",
            description = "The objective with every parameter named, e.g. 'quadratic(a=1, b=10)', "
                    + "'rosenbrock(a=1, b=100)', 'saddle(a=1, b=1)', 'noisy_quadratic(a=1, b=10, sigma=0.5)'.")
    String objective;

    @Option(names = "--start", defaultValue = "-1.5,0.5", paramLabel = "X,Y",
            description = "The first point (default: ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--tower", required = true, split = ";", paramLabel = "SPEC",
            description = "A tower, bottom level first, e.g. 'sgd(alpha=0.01) / sgd(alpha=1e-5)'; give --tower up to "
                    + "three times, or separate towers with ';'.")
    List<TowerSpec> towers;

    @Option(names = "--steps", defaultValue = "200", paramLabel = "N",
            description = "Steps of every tower, 1 to " + Playground.MAX_STEPS + " (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of a noisy objective's gradients; every tower "
            + "sees the same noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write every step of every tower to FILE (replaced "
            + "whole, never left half written).")
    Path csv;

    @Override
    public Integer call() throws IOException {
        Objective parsed = Objective.parse(objective);
        double[] point = point(start);
        if (towers.size() > Playground.MAX_TOWERS) {
            throw new UsageException("--tower is given " + towers.size() + " times; the playground runs at most "
                    + Playground.MAX_TOWERS + " towers at once.");
        }
        Playground playground = new Playground(parsed, point[0], point[1], towers, steps, seed);
        List<Trajectory> paths = playground.run();
        if (csv != null) {
            AtomicFiles.writeString(csv, PlaygroundCsv.text(paths));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "playground: %s from (%s, %s), %d steps%s%n", parsed, fmt(point[0]), fmt(point[1]),
                steps, parsed.noisy() ? ", seed " + seed : "");
        for (int i = 0; i < paths.size(); i++) {
            Trajectory path = paths.get(i);
            double[] end = path.end();
            if (path.status() == Trajectory.Status.DIVERGED) {
                out.printf(Locale.ROOT, "tower %d  %s: %s%n", i + 1, path.tower(), path.message());
            } else {
                out.printf(Locale.ROOT, "tower %d  %s: finished at (%s, %s), loss %s%s%n", i + 1, path.tower(),
                        fmt(end[0]), fmt(end[1]), fmt(parsed.value(end[0], end[1])), learned(path));
            }
        }
        if (csv != null) {
            out.println("wrote " + csv);
        }
        out.flush();
        return 0;
    }

    /** Reads {@code X,Y}: two finite numbers. */
    static double[] point(String text) {
        String[] parts = text.split(",", -1);
        List<Double> values = new ArrayList<>();
        for (String part : parts) {
            try {
                values.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                break;
            }
        }
        if (parts.length != 2 || values.size() != 2 || !Double.isFinite(values.get(0))
                || !Double.isFinite(values.get(1))) {
            throw new UsageException("--start takes X,Y, two finite numbers, e.g. --start=-1.5,0.5, not '" + text
                    + "'.");
        }
        return new double[] {values.get(0), values.get(1)};
    }

    /** Returns the bottom level's learned learning rate after the last step, e.g. {@code ; 0.alpha = 0.0123}. */
    private static String learned(Trajectory path) {
        if (path.tower().height() < 2 || path.length() == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        double[] last = path.point(path.length() - 1).hyperparameters();
        for (int k = 0; k < path.keys().size(); k++) {
            if (path.keys().get(k).startsWith("0.alpha")) {
                sb.append(sb.length() == 0 ? "; " : ", ").append(path.keys().get(k)).append(" = ").append(fmt(last[k]));
            }
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : org.hypertower.tower.Numbers.format(v);
    }
}
