package org.hypertower.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.hypertower.experiment.RemoteRuns;
import org.hypertower.experiment.RunExecutor;
import org.hypertower.experiment.StopRequest;
import org.hypertower.experiment.WorkerPool;

/**
 * Trains an experiment's runs on Apache Spark: one small job per run, as many in flight as the
 * cluster has task slots. A task trains its run in a process of its own (DJL allows one training
 * per JVM) in a folder of the executor's, and returns the run's files; this process, the driver,
 * puts them in the experiment's folder by an atomic rename ({@link RemoteRuns#commit}), so a run is
 * there whole or not at all, and a run trained twice (a retried task) is kept once. A diverged run
 * is a result; only a task whose executor dies fails, and Spark retries it elsewhere.
 */
public final class SparkExecutor implements RunExecutor, AutoCloseable {

    private final JavaSparkContext spark;
    private final String master;

    private SparkExecutor(JavaSparkContext spark, String master) {
        this.spark = spark;
        this.master = master;
    }

    /**
     * Starts a driver for a master URL ({@code local[N,F]}, {@code spark://HOST:PORT}, ...).
     *
     * @throws IllegalArgumentException naming the URL, when Spark refuses it
     */
    public static SparkExecutor start(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("hypertower")
                .set("spark.ui.enabled", "false")
                .set("spark.speculation", "false");
        try {
            return new SparkExecutor(new JavaSparkContext(conf), master);
        } catch (Exception e) { // Scala throws SparkException unchecked
            throw new IllegalArgumentException("Spark cannot use the master '" + master + "': " + firstLine(e) + ".", e);
        }
    }

    @Override
    public String describe() {
        return "Spark at " + master + ", " + spark.defaultParallelism() + " task slots";
    }

    @Override
    public List<WorkerPool.Result> run(Path root, List<WorkerPool.Job> jobs, WorkerPool.Listener listener,
            StopRequest stop) throws IOException, InterruptedException {
        List<WorkerPool.Result> results = new ArrayList<>();
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            WorkerPool.Result there = RemoteRuns.read(root, jobs.get(i));
            results.add(there);
            if (RemoteRuns.done(there)) {
                listener.finished(there, true);
            } else {
                todo.add(i);
            }
        }
        int slots = Math.max(1, spark.defaultParallelism());
        Map<Integer, JavaFutureAction<List<HashMap<String, byte[]>>>> inFlight = new HashMap<>();
        String group = "hypertower-" + System.nanoTime();
        spark.setJobGroup(group, "Hypertower experiment", true);
        try {
            int next = 0;
            while (next < todo.size() || !inFlight.isEmpty()) {
                if (stop.requested()) {
                    spark.cancelJobGroup(group);
                    throw new InterruptedException("stopped");
                }
                while (next < todo.size() && inFlight.size() < slots) {
                    int i = todo.get(next++);
                    WorkerPool.Job job = jobs.get(i);
                    Task task = new Task(job.id(), job.trainArguments());
                    inFlight.put(i, spark.parallelize(List.of(task), 1).map(Task::train).collectAsync());
                }
                for (var it = inFlight.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isDone()) {
                        continue;
                    }
                    it.remove();
                    WorkerPool.Job job = jobs.get(e.getKey());
                    WorkerPool.Result r;
                    try {
                        r = RemoteRuns.commit(root, job, e.getValue().get().get(0));
                    } catch (java.util.concurrent.ExecutionException failed) {
                        // every attempt Spark allowed failed (executors lost): the run failed, the others go on
                        r = new WorkerPool.Result(job, root.resolve(job.id()), "failed", null,
                                "Spark could not run it: " + firstLine(failed.getCause()));
                    }
                    results.set(e.getKey(), r);
                    listener.finished(r, false);
                }
                Thread.sleep(50);
            }
        } finally {
            spark.clearJobGroup();
        }
        return results;
    }

    private static String firstLine(Throwable t) {
        String m = t == null || t.getMessage() == null ? "unknown" : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        spark.close();
    }

    /** One run, as an executor trains it: in a child process, in a folder of its own; returns the run's files. */
    record Task(String id, List<String> trainArguments) implements Serializable {

        HashMap<String, byte[]> train() throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory("hypertower-run-");
            try {
                Path out = dir.resolve(id);
                Files.createDirectories(out);
                Process p = RemoteRuns.trainProcess(out, trainArguments, true).redirectErrorStream(true)
                        .redirectOutput(out.resolve("worker.log").toFile()).start();
                // standard input stays a pipe: the child stops when this executor dies
                if (!p.waitFor(7, TimeUnit.DAYS)) {
                    p.destroyForcibly();
                }
                HashMap<String, byte[]> files = new HashMap<>();
                for (String name : RemoteRuns.FILES) {
                    Path f = out.resolve(name);
                    if (Files.isRegularFile(f)) {
                        files.put(name, Files.readAllBytes(f));
                    }
                }
                return files;
            } finally {
                RemoteRuns.delete(dir);
            }
        }
    }
}
