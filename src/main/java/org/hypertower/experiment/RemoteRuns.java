package org.hypertower.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /**
     * Returns a process builder that trains one run in a process of its own into {@code out}, with
     * the workers' environment (offline, no telemetry), as this machine's pool starts them.
     */
    public static ProcessBuilder trainProcess(Path out, List<String> trainArguments, boolean oneThread) {
        return WorkerCommand.builder(WorkerCommand.train(oneThread, out, trainArguments));
    }

    /** Returns a job's run as its folder under {@code root} holds it now (one not there, or unfinished, as failed). */
    public static WorkerPool.Result read(Path root, WorkerPool.Job job) {
        return new WorkerPool(root, 0).read(job, 0);
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
        return read(root, job);
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
