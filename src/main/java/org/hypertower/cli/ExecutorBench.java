package org.hypertower.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hypertower.experiment.ClusterEngine;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.RunExecutor;
import org.hypertower.experiment.StopRequest;
import org.hypertower.experiment.WorkerPool;

/**
 * {@code bench --executors}: one Iris sweep trained, one after another, on each executor, two runs
 * at a time: this machine's pool with a process per run and with persistent workers, embedded Spark
 * ({@code local[2]}) and a two-worker standalone cluster started on this machine. For each: the time
 * to start it (a Spark context, a cluster), the sweep's wall time, and the overhead per run, the
 * wall time two slots spent beyond the runs' own time (each run's {@code ended - started}, loading
 * its data included). Runs in a Spark driver process. Every executor must give the sweep.csv the
 * first one gave.
 */
final class ExecutorBench {

    private final PrintWriter out;
    private final int seeds;
    private final int epochs;

    ExecutorBench(PrintWriter out, int seeds, int epochs) {
        this.out = out;
        this.seeds = seeds;
        this.epochs = epochs;
    }

    /** One executor's figures. */
    private record Row(String name, double startSeconds, double wallSeconds, double runSeconds, int runs, boolean same,
            List<String> sweepCsv) {}

    int call() throws Exception {
        ExperimentPlan plan = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "executor benchmark", "sgd",
                List.of(1e-3, 1e-2, 1e-1), List.of(0, 1), seeds, List.of("--dataset", "iris", "--epochs",
                        Integer.toString(epochs)));
        out.printf(Locale.ROOT, "executors: an Iris sweep of %d runs (%d epochs each), 2 at a time on each%n",
                plan.runCount(), epochs);
        out.flush();
        Path root = Files.createTempDirectory("hypertower-executor-bench-");
        List<Row> rows = new ArrayList<>();
        try {
            ClusterEngine spark = ClusterEngine.find();
            rows.add(time("this machine, a process per run", root, plan, 0, RunExecutor.local(2, WorkerPool.Mode.FRESH),
                    null));
            rows.add(time("this machine, persistent workers", root, plan, 0,
                    RunExecutor.local(2, WorkerPool.Mode.PERSISTENT), rows.get(0)));
            long t0 = System.nanoTime();
            try (RunExecutor local = spark.connect("local[2]", java.util.Map.of())) {
                rows.add(time("Spark local[2]", root, plan, seconds(t0), local, rows.get(0)));
            }
            t0 = System.nanoTime();
            try (ClusterEngine.LocalCluster cluster = spark.startLocalCluster(root.resolve("cluster"), 2);
                    RunExecutor standalone = spark.connect(cluster.masterUrl(), cluster.driverSettings())) {
                rows.add(time("Spark standalone, 2 workers", root, plan, seconds(t0), standalone, rows.get(0)));
            }
        } finally {
            org.hypertower.experiment.RemoteRuns.delete(root);
        }
        out.printf(Locale.ROOT, "%n%-34s %8s %8s %9s %13s %5s%n", "executor", "start s", "wall s", "runs s",
                "overhead/run", "same");
        for (Row r : rows) {
            double overheadMs = (r.wallSeconds() * 2 - r.runSeconds()) / r.runs() * 1000;
            out.printf(Locale.ROOT, "%-34s %8.1f %8.1f %9.1f %10.0f ms %5s%n", r.name(), r.startSeconds(),
                    r.wallSeconds(), r.runSeconds(), overheadMs, r.same() ? "yes" : "NO");
        }
        out.println("(wall: the sweep once started; runs: the runs' own time, summed; overhead/run: "
                + "(wall x 2 - runs) / runs)");
        out.flush();
        return rows.stream().allMatch(Row::same) ? 0 : 1;
    }

    private Row time(String name, Path root, ExperimentPlan plan, double startSeconds, RunExecutor executor, Row first)
            throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory(root, "sweep-");
        long t0 = System.nanoTime();
        plan.run(folder, executor, (run, status, error, message, kept) -> { }, new StopRequest());
        double wall = seconds(t0);
        double runSeconds = 0;
        int runs = 0;
        ObjectMapper json = new ObjectMapper();
        try (var list = Files.list(folder.resolve("runs"))) {
            for (Path run : list.filter(p -> Files.isRegularFile(p.resolve("run.json"))).toList()) {
                JsonNode r = json.readTree(run.resolve("run.json").toFile());
                runSeconds += Duration.between(Instant.parse(r.path("started").asText()),
                        Instant.parse(r.path("ended").asText())).toNanos() / 1e9;
                runs++;
            }
        }
        List<String> csv = Files.readAllLines(folder.resolve("sweep.csv"));
        boolean same = first == null || csv.equals(first.sweepCsv());
        out.printf(Locale.ROOT, "%s: started in %.1f s, %d runs in %.1f s%n", name, startSeconds, runs, wall);
        out.flush();
        return new Row(name, startSeconds, wall, runSeconds, runs, same, csv);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
