package org.hypertower.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hypertower.export.RecordedRun;
import org.hypertower.files.FolderLock;

/**
 * Runs trainings in worker processes, a given number at a time (DJL allows one gradient collector
 * per process), each writing into its own folder. By default ({@link Mode#PERSISTENT}) the pool
 * keeps that many worker JVMs ({@code hypertower worker}), each training one job after another
 * from a fresh state, which saves each run the start-up of a JVM and PyTorch and the reading of
 * its dataset; a run that kills its worker fails alone and a new worker takes the next job. With
 * {@link Mode#FRESH} (or {@code HYPERTOWER_FRESH_WORKERS=1}) each run is a {@code hypertower train}
 * in a JVM of its own, as before; the runs' files are the same bytes either way. A run
 * whose folder already holds a completed or diverged {@code run.json} is kept, not run again, so
 * running the same jobs twice resumes them; a worker that dies leaves its run failed.
 *
 * <p>Nothing is lost or mixed: each worker locks its run's folder while it writes it, and the pool
 * clears a folder for a new attempt only under that lock, waiting for a worker of an earlier,
 * killed pool to stop first. Workers never outlive the pool's process: each one watches the pipe
 * on its standard input, which the operating system closes when this process ends however it
 * ends, and stops after its current step. Interrupting the thread that called {@link #run} asks
 * every worker to stop (SIGTERM): each writes its run as {@code stopped}, to be run again on
 * resume, and is killed if it has not stopped within {@value #STOP_GRACE_SECONDS} seconds.
 */
public final class WorkerPool {

    /**
     * One training.
     *
     * @param id its folder's name
     * @param trainArguments the {@code train} options, {@code --out} excepted
     */
    public record Job(String id, List<String> trainArguments) {}

    /**
     * How a job ended.
     *
     * @param job the job
     * @param folder its folder
     * @param status completed, diverged, stopped or failed
     * @param manifest its run.json (null when none was written)
     * @param message what happened, in one sentence
     */
    public record Result(Job job, Path folder, String status, JsonNode manifest, String message) {

        /** Returns the last epoch's test accuracy, NaN when there is none. */
        public double testAccuracy() {
            JsonNode fin = manifest == null ? null : manifest.get("final");
            return fin != null && fin.has("test_accuracy") ? fin.get("test_accuracy").asDouble() : Double.NaN;
        }

        /** Returns the last epoch's training loss, NaN when there is none. */
        public double trainLoss() {
            JsonNode fin = manifest == null ? null : manifest.get("final");
            return fin != null && fin.has("train_loss") ? fin.get("train_loss").asDouble() : Double.NaN;
        }
    }

    /** Hears the pool's progress; calls come from worker threads. */
    public interface Listener {

        /** A job's process started. */
        default void started(Job job, Process process) {}

        /** A job ended, or was found done by an earlier run ({@code kept}). */
        default void finished(Result result, boolean kept) {}
    }

    /** Where the runs train: in long-lived workers, or each in a process of its own. */
    public enum Mode {
        /** Each worker JVM trains one job after another (the default). */
        PERSISTENT,
        /** Each job in a JVM of its own, started for it ({@code HYPERTOWER_FRESH_WORKERS=1}). */
        FRESH;

        /** Returns the mode the environment asks for: FRESH when HYPERTOWER_FRESH_WORKERS is 1 or true. */
        public static Mode fromEnvironment() {
            return fromSetting(System.getenv("HYPERTOWER_FRESH_WORKERS"));
        }

        static Mode fromSetting(String freshWorkers) {
            return freshWorkers != null && (freshWorkers.strip().equals("1") || freshWorkers.strip().equalsIgnoreCase("true"))
                    ? FRESH : PERSISTENT;
        }
    }

    /** How long a worker asked to stop may take to write its files. */
    static final long STOP_GRACE_SECONDS = 20;
    /** How long to wait for a worker of an earlier pool (its parent killed) to leave a folder. */
    static final long ORPHAN_WAIT_SECONDS = 45;

    private final Path root;
    private final int workers;
    private final Mode mode;
    private final Set<Long> asked = ConcurrentHashMap.newKeySet();

    /**
     * A pool in the mode the environment asks for (see {@link Mode#fromEnvironment()}).
     *
     * @param root the folder the jobs' folders go in
     * @param workers how many run at once; 0 runs none: the jobs are only read back as they are
     *     (an unfinished one as failed), to summarize an experiment without training
     */
    public WorkerPool(Path root, int workers) {
        this(root, workers, Mode.fromEnvironment());
    }

    /**
     * @param root the folder the jobs' folders go in
     * @param workers how many run at once; 0 runs none (see {@link #WorkerPool(Path, int)})
     * @param mode persistent workers, or a process per run
     */
    public WorkerPool(Path root, int workers, Mode mode) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be 0 or more, not " + workers);
        }
        this.root = root;
        this.workers = workers;
        this.mode = mode;
    }

    /** Returns whether the workers are persistent or one per run. */
    public Mode mode() {
        return mode;
    }

    /** Returns a job's folder. */
    public Path folder(Job job) {
        return root.resolve(job.id());
    }

    /** Runs every job not done yet; returns every result in the jobs' order. */
    public List<Result> run(List<Job> jobs, Listener listener) throws InterruptedException, IOException {
        return run(jobs, listener, new StopRequest());
    }

    /**
     * Runs every job not done yet and returns every result in the jobs' order, unless stopped.
     *
     * @param stop asked between steps of the wait: once requested, no job starts and every worker is
     *     asked to stop (interrupting the calling thread requests it too)
     * @throws InterruptedException when the jobs were stopped before they all ended; their runs,
     *     written as stopped, run again on resume
     * @throws IOException naming the file, when a job's folder cannot be prepared or its result written
     */
    public List<Result> run(List<Job> jobs, Listener listener, StopRequest stop) throws InterruptedException, IOException {
        if (workers > 0) {
            Files.createDirectories(root);
        }
        List<Result> results = new ArrayList<>(Collections.nCopies(jobs.size(), null));
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Result done = read(jobs.get(i), 0);
            if (done.status().equals("completed") || done.status().equals("diverged")) {
                results.set(i, done);
                listener.finished(done, true);
            } else {
                todo.add(i);
            }
        }
        if (workers == 0) {
            for (int i : todo) {
                Result r = read(jobs.get(i), 0);
                Result unfinished = new Result(r.job(), r.folder(), "failed", r.manifest(), Files.isDirectory(r.folder())
                        ? r.message() : "not run yet.");
                results.set(i, unfinished);
                listener.finished(unfinished, true);
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "hypertower-worker");
            t.setDaemon(true);
            return t;
        });
        List<Process> live = new CopyOnWriteArrayList<>();
        // persistent workers waiting for a job, and every one started (to let them go at the end)
        java.util.concurrent.BlockingQueue<PersistentWorkerProcess> idle = new java.util.concurrent.LinkedBlockingQueue<>();
        List<PersistentWorkerProcess> started = new CopyOnWriteArrayList<>();
        // the JVM is exiting (the workbench closed): ask the workers to stop; their pipes close too
        Thread hook = new Thread(() -> live.forEach(this::askToStop));
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : todo) {
                futures.add(pool.submit(() -> {
                    if (stop.requested()) {
                        return null;
                    }
                    Result r = mode == Mode.FRESH ? runOne(jobs.get(i), listener, live, stop)
                            : runOnWorker(jobs.get(i), listener, live, stop, idle, started);
                    if (r == null) {
                        return null; // stopped before it started
                    }
                    synchronized (results) {
                        results.set(i, r);
                    }
                    listener.finished(r, false);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get(200, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException waiting) {
                        // each job's thread watches the stop request itself
                    } catch (InterruptedException e) {
                        // an interrupt is a stop request: the workers stop as for any other
                        interrupted = true;
                        stop.request();
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        stop.request();
                        if (cause instanceof IOException io) {
                            throw io;
                        }
                        if (cause instanceof RuntimeException runtime) {
                            throw runtime;
                        }
                        throw new IllegalStateException(cause);
                    }
                }
            }
        } finally {
            // Normally nothing is left. After a stop request each job's thread has asked its worker to
            // stop and waits for it to write its files; no thread is interrupted, so no file is cut off.
            pool.shutdown();
            try {
                if (!pool.awaitTermination(STOP_GRACE_SECONDS + 10, TimeUnit.SECONDS)) {
                    live.forEach(Process::destroyForcibly);
                    pool.shutdownNow();
                }
            } catch (InterruptedException again) {
                // a second stop while cleaning up: stop at once
                live.forEach(Process::destroyForcibly);
                interrupted = true;
            } finally {
                // the end of their jobs: each worker exits when its standard input closes
                started.forEach(PersistentWorkerProcess::close);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException exiting) {
                    // the hook is already stopping the workers
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (stop.requested()) {
            throw new InterruptedException("stopped");
        }
        return results;
    }

    /** Readies a job's folder for its run (see {@link #prepare}); false when stopped first or another process keeps it. */
    private static boolean claim(Path folder, StopRequest stop) throws IOException, InterruptedException {
        try (FolderLock lock = prepare(folder, stop)) {
            return lock != null;
        }
    }

    /** The result of a job whose folder another process keeps; null when the pool was stopped meanwhile. */
    private static Result busy(Job job, Path folder, StopRequest stop) {
        return stop.requested() ? null : new Result(job, folder, "failed", null, "its folder is still being written by "
                + "another process" + FolderLock.holderText(folder) + "; stop it, then run the experiment again.");
    }

    /** Runs a job on a persistent worker: an idle one, else a new one; returns null when stopped before it started. */
    private Result runOnWorker(Job job, Listener listener, List<Process> live, StopRequest stop,
            java.util.concurrent.BlockingQueue<PersistentWorkerProcess> idle, List<PersistentWorkerProcess> started)
            throws IOException, InterruptedException {
        Path folder = folder(job);
        if (!claim(folder, stop)) {
            return busy(job, folder, stop);
        }
        PersistentWorkerProcess worker = idle.poll();
        boolean keep = false;
        try {
            worker = send(worker, job, folder, live, started);
            listener.started(job, worker.process());
            long deadline = Long.MAX_VALUE;
            while (true) {
                PersistentWorkerProcess.Answer answer = worker.await(200, TimeUnit.MILLISECONDS);
                if (answer != null) {
                    keep = !answer.last() && !stop.requested();
                    return read(job, answer.exitCode());
                }
                if (stop.requested() && deadline == Long.MAX_VALUE) {
                    askToStop(worker.process());
                    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
                } else if (System.nanoTime() > deadline) {
                    worker.process().destroyForcibly();
                }
            }
        } catch (PersistentWorkerProcess.WorkerGone gone) {
            // the run took its worker down (or was killed with it): that run only fails
            return read(job, gone.exitCode());
        } catch (InterruptedException cut) {
            if (worker != null) {
                worker.process().destroyForcibly();
            }
            throw cut;
        } finally {
            if (worker != null) {
                if (keep && worker.alive()) {
                    idle.add(worker);
                } else {
                    live.remove(worker.process());
                    started.remove(worker);
                    worker.close();
                }
            }
        }
    }

    /**
     * Sends a job to a worker, starting one when there is none or it is gone; a worker that died
     * while idle is replaced once, its job never having reached it.
     */
    private PersistentWorkerProcess send(PersistentWorkerProcess idleOne, Job job, Path folder, List<Process> live,
            List<PersistentWorkerProcess> started) throws IOException {
        PersistentWorkerProcess worker = idleOne;
        for (int attempt = 0; ; attempt++) {
            if (worker != null && !worker.alive()) {
                live.remove(worker.process());
                started.remove(worker);
                worker.close();
                worker = null;
            }
            if (worker == null) {
                worker = PersistentWorkerProcess.start(WorkerCommand.java(workers > 1));
                started.add(worker);
                live.add(worker.process());
            }
            try {
                worker.send(job.id(), folder, job.trainArguments());
                return worker;
            } catch (IOException brokenPipe) {
                worker.process().destroyForcibly();
                live.remove(worker.process());
                started.remove(worker);
                worker.close();
                worker = null;
                if (attempt > 0) {
                    throw brokenPipe;
                }
            }
        }
    }

    private Result runOne(Job job, Listener listener, List<Process> live, StopRequest stop)
            throws IOException, InterruptedException {
        Path folder = folder(job);
        if (!claim(folder, stop)) {
            return busy(job, folder, stop);
        }
        ProcessBuilder builder = WorkerCommand.builder(WorkerCommand.train(workers > 1, folder, job.trainArguments()))
                .redirectErrorStream(true).redirectOutput(folder.resolve("worker.log").toFile());
        Process process = builder.start();
        live.add(process);
        listener.started(job, process);
        try {
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (stop.requested()) {
                    askToStop(process);
                    if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    break;
                }
            }
            return read(job, process.waitFor());
        } catch (InterruptedException cut) {
            process.destroyForcibly();
            throw cut;
        } finally {
            live.remove(process);
        }
    }

    /**
     * Sends a worker SIGTERM, once (a second one would stop it at once), so that it writes its run as
     * stopped by it. Not {@link Process#destroy()}, which also closes the worker's standard input,
     * which the worker takes for its parent's death.
     */
    private void askToStop(Process process) {
        if (asked.add(process.pid())) {
            process.toHandle().destroy();
        }
    }

    /**
     * Makes a run's folder ready for a new attempt: takes its lock (see {@link #awaitLock}) and
     * deletes what an earlier attempt left.
     *
     * @return the lock, or null when another process keeps it
     * @throws IOException naming the folder, when it cannot be made or cleared
     */
    private static FolderLock prepare(Path folder, StopRequest stop) throws IOException, InterruptedException {
        FolderLock lock = null;
        try {
            Files.createDirectories(folder);
            lock = awaitLock(folder, stop);
            if (lock != null) {
                clearExceptLock(folder);
            }
            return lock;
        } catch (IOException e) {
            if (lock != null) {
                lock.close();
            }
            throw new IOException("Cannot prepare " + folder + " for its run: " + org.hypertower.files.FileErrors.reason(e)
                    + "; remove what is in the way, or choose another --out.", e);
        }
    }

    /** Takes a run folder's lock, waiting a while for a worker of an earlier pool to stop; null when it does not. */
    private static FolderLock awaitLock(Path folder, StopRequest stop) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ORPHAN_WAIT_SECONDS);
        while (true) {
            Optional<FolderLock> lock = FolderLock.tryAcquire(folder);
            if (lock.isPresent()) {
                return lock.get();
            }
            if (System.nanoTime() > deadline || stop.requested()) {
                return null;
            }
            Thread.sleep(200);
        }
    }

    /** Deletes what an earlier attempt left in a run's folder, except the lock file (see {@link FolderLock}). */
    private static void clearExceptLock(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(folder) && !p.equals(folder.resolve(FolderLock.FILE))) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Reads a job's outcome from its run.json; a missing or unfinished one is a failure. */
    Result read(Job job, int exitCode) {
        Path folder = folder(job);
        Path manifest = folder.resolve("run.json");
        // 1 and 2 are the exit codes of an error the command reported itself, on its last line
        String why = (exitCode == 1 || exitCode == 2 ? workerError(folder) : Optional.<String>empty())
                .orElse(exitCode == 0 ? "the worker left no finished run" : "the worker exited with code " + exitCode
                        + crashLine(folder, exitCode));
        if (!Files.isRegularFile(manifest)) {
            if (exitCode == 143 || exitCode == 130 || exitCode == 129) {
                // a signal before its run began (ours, or a terminal's on the whole group): nothing was trained
                return new Result(job, folder, "stopped", null, "Stopped before its run began.");
            }
            return new Result(job, folder, "failed", null, why.endsWith(".") ? why : why + ".");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(manifest.toFile());
            String status = RecordedRun.status(folder, root);
            if (status.equals("running")) {
                return new Result(job, folder, "failed", root, "it is still being written by another process"
                        + (root.has("pid") ? " (" + root.get("pid").asLong() + ")" : "") + ".");
            }
            if (status.equals(RecordedRun.INTERRUPTED)) {
                return new Result(job, folder, "failed", root, exitCode == 0 ? RecordedRun.interruptedMessage(root, -1) : why.endsWith(".") ? why : why + " before the run ended.");
            }
            return new Result(job, folder, status, root, root.path("message").asText(""));
        } catch (IOException e) {
            return new Result(job, folder, "failed", null, "its run.json is unreadable: " + e.getMessage());
        }
    }

    /**
     * Returns what a worker that crashed said last, from its log: for a crash of the JVM itself, what
     * crashed it and where its report is ({@code ; the JVM crashed: SIGSEGV (0xb) at pc=...; its
     * report: FILE}), else its last line ({@code ; its last words: "..."}); empty for an exit a
     * signal explains (killed, stopped) or a log with nothing in it.
     */
    static String crashLine(Path folder, int exitCode) {
        if (exitCode == 137 || exitCode == 143 || exitCode == 130 || exitCode == 129) {
            return "";
        }
        List<String> lines;
        try (var all = Files.lines(folder.resolve("worker.log"), StandardCharsets.UTF_8)) {
            lines = all.map(String::strip).filter(l -> !l.isEmpty() && !l.matches("#+")).toList();
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("A fatal error has been detected by the Java Runtime Environment")) {
                String what = i + 1 < lines.size() ? lines.get(i + 1).replaceFirst("^#\\s*", "") : "a fatal error";
                String report = "";
                for (int j = i; j + 1 < lines.size(); j++) {
                    if (lines.get(j).contains("An error report file with more information is saved as")) {
                        report = "; its report: " + lines.get(j + 1).replaceFirst("^#\\s*", "");
                        break;
                    }
                }
                return "; the JVM crashed: " + what + report;
            }
        }
        if (lines.isEmpty()) {
            return "";
        }
        String l = lines.get(lines.size() - 1);
        return "; its last words: \"" + (l.length() > 200 ? l.substring(0, 200) + "…" : l) + "\"";
    }

    /** Returns the error a worker reported (its last "hypertower: ..." line), if it reported one. */
    static Optional<String> workerError(Path folder) {
        Path log = folder.resolve("worker.log");
        if (!Files.isRegularFile(log)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("hypertower: ") && !l.startsWith("hypertower: building"))
                    .reduce((first, second) -> second).map(l -> l.substring("hypertower: ".length()).trim());
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
