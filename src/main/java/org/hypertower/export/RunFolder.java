package org.hypertower.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStarted;
import org.hypertower.engine.RunStatus;
import org.hypertower.engine.StartupClock;
import org.hypertower.engine.StepMetrics;
import org.hypertower.engine.TrainingRun;
import org.hypertower.engine.Versions;
import org.hypertower.files.AtomicFiles;
import org.hypertower.files.FileErrors;
import org.hypertower.files.FolderLock;

/**
 * The one writer of a run's folder, used by the command line and the workbench alike. Call order:
 * {@link #check} (optional, writes nothing), {@link #open}, {@link #record}, {@link #close}.
 *
 * <p>What it promises: the folder is locked ({@link FolderLock}) while the run writes it, so two
 * runs never mix their files; a folder that holds a run is refused, or its run replaced when asked;
 * {@code run.json} is always whole (written {@code running} at the start and replaced in one
 * step at the end, see {@link AtomicFiles}), and its status tells the truth: a run whose writes fail
 * ends {@code failed} with a message naming the file, and a run ended at once from another thread
 * ({@link #abandon}) ends {@code stopped}. A small reserve file is kept while the run trains and
 * given back if the disk fills up, so that the final {@code run.json} can still be written.
 * {@code steps.csv} and {@code epochs.csv} hold whole rows only (see {@link RunRecorder}).
 */
public final class RunFolder implements AutoCloseable {

    /** What to do with a folder that already holds a run. */
    public enum IfHoldsRun {
        /** Refuse it, touching nothing. */
        REFUSE,
        /** Delete the run's files first. */
        REPLACE
    }

    /** The files of a run. */
    public static final List<String> FILES = List.of("run.json", "steps.csv", "epochs.csv");

    static final String RESERVE = ".reserve";
    private static final int RESERVE_BYTES = 256 * 1024;

    private final Path dir;
    private final RunIo io;
    private final FolderLock lock;
    private final boolean created;
    private RunRecorder recorder;
    private RunConfig config;
    private Instant started;
    /** The path the run follows, or null; guarded by this. */
    private org.hypertower.engine.Schedule schedule;
    private long plannedSteps;
    /** Set once the record's end is decided: by the run's own end, or by {@link #abandon}; guarded by this. */
    private boolean finished;
    /** Whether run.json gets the process's start-up figures ({@link #measureStartup}). */
    private volatile boolean measureStartup;
    /** The start-up figures, taken at the end of the first step; null before it or when not measured. */
    private volatile StartupClock.Figures startup;

    private RunFolder(Path dir, RunIo io, FolderLock lock, boolean created) {
        this.dir = dir;
        this.io = io;
        this.lock = lock;
        this.created = created;
    }

    /**
     * Checks, writing nothing, that a run could be written into a folder now.
     *
     * @throws RunFilesException saying why not and what to do
     */
    public static void check(Path dir, IfHoldsRun ifHoldsRun) {
        if (dir.toString().isBlank()) {
            throw new RunFilesException(RunFilesException.Kind.UNUSABLE,
                    "The run's folder has an empty name; give one, e.g. --out runs/first.", null);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunFilesException(RunFilesException.Kind.UNUSABLE,
                    dir + " is a file, not a folder; choose a folder for the run's files with --out.", null);
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (FolderLock.isHeld(dir)) {
            throw inUse(dir);
        }
        requireNoRun(dir, ifHoldsRun);
    }

    /**
     * Takes a folder for a run: creates it, locks it, refuses or clears a run already there, and
     * keeps a reserve for the final {@code run.json}.
     *
     * @throws RunFilesException saying why the folder cannot be used and what to do
     */
    public static RunFolder open(Path dir, IfHoldsRun ifHoldsRun) {
        return open(dir, ifHoldsRun, RunIo.DISK);
    }

    static RunFolder open(Path dir, IfHoldsRun ifHoldsRun, RunIo io) {
        check(dir, ifHoldsRun);
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RunFilesException(RunFilesException.Kind.UNUSABLE, "Cannot create the folder " + dir + ": "
                    + FileErrors.reason(e) + "; choose another --out.", e);
        }
        Optional<FolderLock> lock;
        try {
            lock = FolderLock.tryAcquire(dir, 200);
        } catch (IOException e) {
            if (created) {
                deleteQuietly(dir); // only when nothing is in it
            }
            throw new RunFilesException(RunFilesException.Kind.UNUSABLE, "Cannot write in " + dir + ": "
                    + FileErrors.reason(e) + "; choose another --out.", e);
        }
        if (lock.isEmpty()) {
            throw inUse(dir);
        }
        try {
            requireNoRun(dir, ifHoldsRun);
            // the reserve first: a disk too full for it refuses the folder before a run it replaces is deleted
            io.replace(dir.resolve(RESERVE), new byte[RESERVE_BYTES]);
            clear(dir);
        } catch (IOException e) {
            release(dir, lock.get(), created);
            throw new RunFilesException(RunFilesException.Kind.UNUSABLE, "Cannot write in " + dir + ": "
                    + FileErrors.reason(e.getCause() != null ? e.getCause() : e) + "; choose another --out.", e);
        } catch (RuntimeException e) {
            release(dir, lock.get(), created);
            throw e;
        }
        return new RunFolder(dir, io, lock.get(), created);
    }

    /**
     * Releases a folder; one this run made and wrote no run into is removed again: its reserve and
     * lock file while the lock is still held (see {@link FolderLock#deleteFile}), then the folder
     * itself if nothing else appeared in it.
     */
    private static void release(Path dir, FolderLock lock, boolean removeIfUnused) {
        boolean remove = removeIfUnused && !Files.exists(dir.resolve("run.json"));
        if (remove) {
            deleteQuietly(dir.resolve(RESERVE));
            try {
                lock.deleteFile();
            } catch (IOException keptAsItIs) {
                remove = false;
            }
        }
        lock.close();
        if (remove) {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException keptAsItIs) {
            // a folder something else appeared in, or a file system that fails: leave it
        }
    }

    private static RunFilesException inUse(Path dir) {
        return new RunFilesException(RunFilesException.Kind.IN_USE, dir + " is in use by another run"
                + FolderLock.holderText(dir)
                + "; wait for it to end, or choose another --out.", null);
    }

    private static void requireNoRun(Path dir, IfHoldsRun ifHoldsRun) {
        for (String name : FILES) {
            Path file = dir.resolve(name);
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new RunFilesException(RunFilesException.Kind.HOLDS_RUN, file + " is a folder where the run writes a "
                        + "file; move it away, or choose another --out.", null);
            }
        }
        if (ifHoldsRun == IfHoldsRun.REPLACE) {
            return;
        }
        for (String name : FILES) {
            if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                throw new RunFilesException(RunFilesException.Kind.HOLDS_RUN, dir + " already holds " + describe(dir, name)
                        + "; pass --replace to overwrite it, or choose another --out.", null);
            }
        }
    }

    /** Names what a folder holds: "a run (completed, 120 steps)", or "a file named steps.csv". */
    private static String describe(Path dir, String firstFound) {
        try {
            JsonNode manifest = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
            String status = manifest.has("status") ? RecordedRun.status(dir, manifest) : "";
            if (!status.isEmpty()) {
                return "a run (" + status + (manifest.has("steps") ? ", " + manifest.get("steps").asLong() + " steps" : "")
                        + ")";
            }
        } catch (IOException | RuntimeException notARun) {
            // fall back to the file's name
        }
        return "a file named " + firstFound;
    }

    /** Deletes a run's files and what a killed writer may have left (temporary files; the reserve is replaced). */
    private static void clear(Path dir) throws IOException {
        for (String name : FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(AtomicFiles::isTemporary).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Returns the folder. */
    public Path dir() {
        return dir;
    }

    /**
     * Makes {@link #record} write the process's start-up figures into {@code run.json}
     * ({@code "startup": {"first_step_seconds", "jvm_start_seconds"}}, see {@link StartupClock}):
     * for a run that is the first thing its process does ({@code train} in a process of its own).
     * Call before {@link #record}.
     */
    public void measureStartup() {
        measureStartup = true;
    }

    /** Takes the start-up figures at the end of the first step, when asked to. */
    private void stepped() {
        if (measureStartup && startup == null) {
            startup = StartupClock.firstStepNow();
        }
    }

    /**
     * Trains a run and records it here from start to end: {@code run.json} at the start, every step
     * and epoch as they come (also sent to {@code also}), {@code run.json} again at the end.
     *
     * @param run the run, not started
     * @param asked its configuration (recorded with the batch size the run really uses)
     * @param also hears every event after it is recorded
     * @return how the run ended; {@code failed} with a message naming the file when a write failed
     * @throws RunFilesException when {@code run.json} cannot be written at the start (nothing was
     *     trained) or at the end, even after giving back the reserve (the run's rows are kept, and
     *     {@code run.json} still says {@code running})
     */
    public RunEnded record(TrainingRun run, RunConfig asked, RunListener also) {
        // the manifest records what the run really does: a batch larger than the data is all of it
        RunConfig config = run.batchSize() == asked.batchSize() ? asked : asked.withBatchSize(run.batchSize());
        Instant start = Instant.now();
        RunRecorder rows = new RunRecorder(dir, io);
        synchronized (this) {
            this.config = config;
            this.started = start;
            this.recorder = rows;
            this.schedule = run.schedule();
            this.plannedSteps = run.plannedSteps();
            try {
                io.replace(dir.resolve("run.json"), RunManifest.bytes(followed(RunManifest.started(config, start,
                        Versions.all()))));
            } catch (IOException e) {
                finished = true;
                throw new RunFilesException(RunFilesException.Kind.UNUSABLE, e.getMessage() + " Free some space or "
                        + "choose another --out.", e);
            }
        }
        RunEnded ended = run.run(new Tee(rows, also, this::rewriteStarted, this::stepped));
        // the end is written under the monitor: an abandon() waits for it (and then does nothing), and
        // when abandon() came first, this waits until its run.json is on disk
        synchronized (this) {
            if (finished) {
                return ended;
            }
            finished = true;
            rows.close();
            RunFilesException broken = rows.failure();
            if (broken != null && ended.status() != RunStatus.FAILED) {
                ended = new RunEnded(RunStatus.FAILED, ended.steps(), "The run failed at step " + ended.steps() + ": "
                        + broken.getMessage());
            }
            writeFinal(RunManifest.withStartup(followed(RunManifest.withThreads(RunManifest.withInterventions(
                    RunManifest.ended(config, ended, rows.lastEpoch(), run.finalHyperparameters(), run.throughput(),
                    start, Versions.all(), rows.stepsOnDisk()), rows.interventions()), run.threads())), startup));
        }
        return ended;
    }

    /**
     * Writes the {@code running} {@code run.json} again with the interventions so far, so a run cut off
     * by a crash still lists them; a failed write is left to the final {@code run.json}, which lists them too.
     */
    private synchronized void rewriteStarted() {
        if (finished || recorder == null) {
            return;
        }
        try {
            io.replace(dir.resolve("run.json"), RunManifest.bytes(followed(RunManifest.withInterventions(
                    RunManifest.started(config, started, Versions.all()), recorder.interventions()))));
        } catch (IOException keptForTheEnd) {
            // the final run.json lists every intervention
        }
    }

    /** Adds what the run follows to a manifest (nothing when it follows no schedule); returns the manifest. */
    private synchronized ObjectNode followed(ObjectNode manifest) {
        return RunManifest.withFollow(manifest, schedule, plannedSteps);
    }

    /** Returns how many steps the run's steps.csv holds (fewer than the run made when a write failed). */
    public long stepsRecorded() {
        RunRecorder r;
        synchronized (this) {
            r = recorder;
        }
        return r == null ? 0 : r.stepsOnDisk();
    }

    /** Returns the last epoch recorded, or null. */
    public EpochMetrics lastEpoch() {
        RunRecorder r;
        synchronized (this) {
            r = recorder;
        }
        return r == null ? null : r.lastEpoch();
    }

    /**
     * Ends the record now, from another thread, while the run may still be inside a step: writes
     * the rows collected so far and {@code run.json} as {@code stopped} with the message and the
     * last recorded values; the run's own end is then not recorded. For a process about to halt
     * (a second Ctrl-C).
     *
     * @param message why, one sentence; {@code %d} stands for the number of steps recorded
     * @return whether the record was ended by this call (false when the run had already ended or
     *     not yet started)
     */
    public synchronized boolean abandon(String message) {
        if (finished || recorder == null) {
            return false;
        }
        finished = true;
        recorder.seal();
        long steps = recorder.stepsOnDisk();
        RunEnded stopped = new RunEnded(RunStatus.STOPPED, steps, message.replace("%d", Long.toString(steps)));
        try {
            writeFinal(followed(RunManifest.withInterventions(RunManifest.ended(config, stopped, recorder.lastEpoch(),
                    recorder.lastHyperparameters(), new TrainingRun.Throughput(0, 0, 0), started, Versions.all(), steps),
                    recorder.interventions())));
        } catch (RunFilesException e) {
            return false;
        }
        return true;
    }

    private void writeFinal(ObjectNode manifest) {
        Path file = dir.resolve("run.json");
        byte[] bytes = RunManifest.bytes(manifest);
        try {
            io.replace(file, bytes);
        } catch (IOException full) {
            releaseReserve();
            try {
                io.replace(file, bytes);
            } catch (IOException e) {
                throw new RunFilesException(RunFilesException.Kind.WRITE_FAILED, e.getMessage()
                        + " It still says the run is running; its rows up to the failure are kept.", e);
            }
        }
    }

    private void releaseReserve() {
        try {
            io.delete(dir.resolve(RESERVE));
        } catch (IOException ignored) {
            // nothing more to give back
        }
    }

    /** Writes what is left, gives back the reserve and releases the folder (after an abandon() under way). */
    @Override
    public synchronized void close() {
        RunRecorder r;
        synchronized (this) {
            r = recorder;
        }
        if (r != null) {
            r.close();
        }
        releaseReserve();
        release(dir, lock, created);
    }

    /**
     * Sends every event to the recorder first, then to the caller's listener; an intervention rewrites run.json between
     * the two, and a step is timed for the start-up figures before either hears it.
     */
    private record Tee(RunRecorder recorder, RunListener also, Runnable afterIntervention, Runnable beforeStep)
            implements RunListener {
        @Override
        public void intervened(org.hypertower.engine.Intervention e) {
            recorder.intervened(e);
            afterIntervention.run();
            also.intervened(e);
        }

        @Override
        public void started(RunStarted e) {
            recorder.started(e);
            also.started(e);
        }

        @Override
        public void step(StepMetrics m) {
            beforeStep.run();
            recorder.step(m);
            also.step(m);
        }

        @Override
        public void epoch(EpochMetrics m) {
            recorder.epoch(m);
            also.epoch(m);
        }

        @Override
        public void ended(RunEnded e) {
            recorder.ended(e);
            also.ended(e);
        }
    }
}
