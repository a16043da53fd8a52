package org.hypertower.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Starts a driver for a master URL with Spark's defaults but for the ones {@link #start(String, Map)} sets. */
    public static SparkExecutor start(String master) {
        return start(master, Map.of());
    }

    /**
     * Starts a driver for a master URL ({@code local[N,F]}, {@code spark://HOST:PORT}, ...). On a
     * cluster each executor takes one run at a time, training it with all its cores
     * ({@code spark.task.cpus} = {@code spark.executor.cores}, 1 unless set); speculation stays off
     * (a second attempt of a run would only double the work); Spark's web UI is off unless asked for.
     *
     * @param settings Spark settings ({@code spark.executor.memory=4g}, ...), applied over these
     * @throws IllegalArgumentException naming the URL, when Spark refuses it
     */
    public static SparkExecutor start(String master, Map<String, String> settings) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("hypertower")
                .set("spark.ui.enabled", "false")
                .set("spark.speculation", "false");
        settings.forEach(conf::set);
        if (!master.startsWith("local")) {
            conf.setIfMissing("spark.executor.cores", "1");
            conf.setIfMissing("spark.task.cpus", conf.get("spark.executor.cores"));
        }
        // a standalone master that does not take the application (not a Spark master, another Spark
        // version) is given up on by Spark only after a minute of retries: a user hears of it sooner
        java.util.concurrent.CompletableFuture<JavaSparkContext> context = new java.util.concurrent.CompletableFuture<>();
        Thread connecting = new Thread(() -> {
            try {
                context.complete(new JavaSparkContext(conf));
            } catch (Throwable e) { // Scala throws SparkException unchecked
                context.completeExceptionally(e);
            }
        }, "hypertower-spark-connect");
        connecting.setDaemon(true);
        connecting.start();
        try {
            return new SparkExecutor(context.get(CONNECT_SECONDS, java.util.concurrent.TimeUnit.SECONDS), master);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalArgumentException("The Spark master at '" + master + "' did not take this application within "
                    + CONNECT_SECONDS + " s; check that it is a Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                    + " master (its web UI, port 8080, names its version) and that it can reach this machine.");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalArgumentException("Spark cannot use the master '" + master + "': " + firstLine(e.getCause())
                    + ".", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("Connecting to the Spark master '" + master + "' was interrupted.", e);
        }
    }

    /** How long a master may take to take the application. */
    static final int CONNECT_SECONDS = 20;

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
        // every run is a job of its own, all submitted at once: Spark starts them in order as task slots
        // free up (executors joining later included), and a run is committed as soon as it ends
        int threads = master.startsWith("local") ? 1 : spark.getConf().getInt("spark.task.cpus", 1);
        boolean fresh = WorkerPool.Mode.fromEnvironment() == WorkerPool.Mode.FRESH;
        Map<Integer, JavaFutureAction<List<HashMap<String, byte[]>>>> inFlight = new HashMap<>();
        String group = "hypertower-" + System.nanoTime();
        spark.setJobGroup(group, "Hypertower experiment", true);
        try {
            for (int i : todo) {
                WorkerPool.Job job = jobs.get(i);
                Task task = new Task(job.id(), job.trainArguments(), threads, fresh);
                inFlight.put(i, spark.parallelize(List.of(task), 1).map(Task::train).collectAsync());
            }
            while (!inFlight.isEmpty()) {
                if (stop.requested()) {
                    // interrupts the tasks: each stops its run after the current step
                    spark.cancelJobGroup(group);
                    throw new InterruptedException("stopped");
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
        // on local[N] the executor is this JVM: its persistent workers go with the experiment
        RemoteRuns.closeIdleWorkers();
    }

    /**
     * One run, as an executor trains it: in a worker process (DJL allows one training per JVM), in a
     * folder of the executor's; returns the run's files. The worker stays for the executor's next
     * run unless {@code fresh}; its standard input is a pipe, so it ends when the executor dies.
     */
    record Task(String id, List<String> trainArguments, int threads, boolean fresh) implements Serializable {

        HashMap<String, byte[]> train() throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory("hypertower-run-");
            try {
                Path out = dir.resolve(id);
                Files.createDirectories(out);
                int exitCode = RemoteRuns.train(out, id, trainArguments, threads, fresh);
                HashMap<String, byte[]> files = new HashMap<>();
                files.put(RemoteRuns.EXIT_CODE, Integer.toString(exitCode).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
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
