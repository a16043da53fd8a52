package org.hypertower.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What an executor that trains runs elsewhere (a cluster's executors) needs of this package, with
 * no engine of its own: the command that trains one run in a process of its own, whether a run is
 * done in the experiment's folder, and how a run trained elsewhere is put there. Only the calling
 * process writes the experiment's folder: a run arrives whole, by an atomic rename, or not at all.
 */
public final class RemoteRuns {

    /** The files a run's folder holds once it has ended. */
    public static final List<String> FILES = List.of("run.json", "steps.csv", "epochs.csv", "worker.log");

    private RemoteRuns() {}

    /** This JVM's persistent workers waiting for a run (an executor's, reused by the tasks it runs one after another). */
    private static final BlockingQueue<PersistentWorkerProcess> IDLE = new LinkedBlockingQueue<>();

    /**
     * Trains one run into {@code out} (an existing, empty folder), in a worker process, and returns
     * when it has ended, its files there: {@code run.json} unless the worker died first, and always
     * {@code worker.log}. A persistent worker (the default) is one this JVM started for an earlier
     * run, kept with libtorch loaded and its datasets cached, or a new one; with {@code fresh} each
     * run gets a process of its own ({@code HYPERTOWER_FRESH_WORKERS=1}). Interrupting the calling
     * thread (a cancelled Spark task) stops the run after its current step, then at once after a grace
     * period, and throws {@link InterruptedException}.
     *
     * @param threads PyTorch threads of the worker (0: PyTorch's default)
     * @return the exit code {@code train} had, or would have had in a process of its own
     */
    public static int train(Path out, String id, List<String> trainArguments, int threads, boolean fresh)
            throws IOException, InterruptedException {
        if (fresh) {
            Process p = WorkerCommand.builder(WorkerCommand.train(threads, out, trainArguments)).redirectErrorStream(true)
                    .redirectOutput(out.resolve("worker.log").toFile()).start();
            return awaitOrStop(p);
        }
        PersistentWorkerProcess worker = IDLE.poll();
        boolean keep = false;
        try {
            for (int attempt = 0; ; attempt++) {
                if (worker != null && !worker.alive()) {
                    worker.close();
                    worker = null;
                }
                if (worker == null) {
                    worker = PersistentWorkerProcess.start(WorkerCommand.java(threads));
                }
                try {
                    worker.send(id, out, trainArguments);
                    break;
                } catch (IOException brokenPipe) {
                    // it died while idle: the run never reached it; once more on a new one
                    worker.process().destroyForcibly();
                    worker.close();
                    worker = null;
                    if (attempt > 0) {
                        throw brokenPipe;
                    }
                }
            }
            try {
                PersistentWorkerProcess.Answer answer;
                while ((answer = worker.await(200, TimeUnit.MILLISECONDS)) == null) {
                    // waiting; an interrupt stops the run
                }
                keep = !answer.last();
                return answer.exitCode();
            } catch (PersistentWorkerProcess.WorkerGone gone) {
                // the run took its worker down: its log says why, and it is read as failed
                return gone.exitCode();
            } catch (InterruptedException cancelled) {
                awaitOrStop(worker.process());
                throw cancelled;
            }
        } finally {
            if (worker != null) {
                if (keep && worker.alive()) {
                    IDLE.add(worker);
                } else {
                    worker.close();
                }
            }
        }
    }

    /**
     * Lets go of this JVM's idle persistent workers (a driver running Spark in itself, {@code local[N]},
     * once its experiment is over; an executor's end with its JVM).
     */
    public static void closeIdleWorkers() {
        for (PersistentWorkerProcess w = IDLE.poll(); w != null; w = IDLE.poll()) {
            w.close();
        }
    }

    /** Waits for a worker; when interrupted, asks it to stop (SIGTERM), then kills it after the grace period. */
    private static int awaitOrStop(Process p) throws InterruptedException {
        try {
            return p.waitFor();
        } catch (InterruptedException cancelled) {
            p.destroy();
            try {
                if (!p.waitFor(WorkerPool.STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException again) {
                p.destroyForcibly();
            }
            throw cancelled;
        }
    }

    /** The key of a run's files that holds its worker's exit code, as text (not a file: never written). */
    public static final String EXIT_CODE = ".exit";

    /** Returns a job's run as its folder under {@code root} holds it now (one not there, or unfinished, as failed). */
    public static WorkerPool.Result read(Path root, WorkerPool.Job job) {
        return read(root, job, 0);
    }

    private static WorkerPool.Result read(Path root, WorkerPool.Job job, int exitCode) {
        return new WorkerPool(root, 0).read(job, exitCode);
    }

    /** Returns whether a run is done: completed or diverged, a result to keep rather than train again. */
    public static boolean done(WorkerPool.Result r) {
        return r.status().equals("completed") || r.status().equals("diverged");
    }

    /**
     * Puts a run trained elsewhere into {@code root/<id>}: its files are written to a temporary folder
     * beside it, which then replaces what an earlier, unfinished attempt left, by a rename. A run
     * already done there is kept (a second attempt of the same run is dropped).
     *
     * @return the run as its folder holds it afterwards
     */
    public static synchronized WorkerPool.Result commit(Path root, WorkerPool.Job job, Map<String, byte[]> files)
            throws IOException {
        byte[] exit = files.get(EXIT_CODE);
        int exitCode = exit == null ? 0 : Integer.parseInt(new String(exit, java.nio.charset.StandardCharsets.US_ASCII));
        WorkerPool.Result there = read(root, job);
        if (done(there)) {
            return there;
        }
        Files.createDirectories(root);
        Path temp = root.resolve("." + job.id() + ".arriving-" + UUID.randomUUID());
        Files.createDirectories(temp);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (FILES.contains(f.getKey())) {
                Files.write(temp.resolve(f.getKey()), f.getValue());
            }
        }
        Path folder = root.resolve(job.id());
        if (Files.exists(folder)) {
            Path old = root.resolve("." + job.id() + ".replaced-" + UUID.randomUUID());
            Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
            delete(old);
        }
        Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
        return read(root, job, exitCode);
    }

    /** Deletes a folder and everything in it. */
    public static void delete(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
