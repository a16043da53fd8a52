package org.hypertower.ui.run;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStarted;
import org.hypertower.engine.RunStatus;
import org.hypertower.engine.StepMetrics;
import org.hypertower.engine.TrainingRun;
import org.hypertower.export.RunFolder;

/**
 * The training thread's side of the runs: trains them one at a time, each recorded in its folder,
 * and queues what they produce for the FX thread, where {@link #drain()} applies it. Call order:
 * {@link #submit} any number of times, {@link #drain()} a few times a second, {@link #shutdown} once.
 */
final class RunWorker {

    /** What the worker reports; called from {@link #drain()}, on the FX thread. */
    interface Outcome {
        /** A sentence for the user about how a run was set up (e.g. a device fallback). */
        void note(String message);

        /**
         * The run in progress: step, epoch, speed, time left, and the fraction of its steps done (-1
         * while it is being set up).
         */
        void progress(String line, double fraction);

        /** A run ended, or will never start because the workbench closed (then stopped at step 0). */
        void ended(RunData run, RunEnded ended);

        /** A run removed before it started was skipped. */
        void skipped(RunData run);

        /** A run has started training (its keys are known): hyperparameters can be set from now until it ends. */
        default void training(RunData run) {}
    }

    private static final Logger LOG = Logger.getLogger(RunWorker.class.getName());
    static final String CLOSED = "Stopped when the workbench closed";

    private final ExecutorService executor;
    private final Outcome outcome;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private volatile TrainingRun active;
    private volatile RunFolder activeFolder;
    private volatile boolean closing;
    private volatile Runnable endWakeUp = () -> { };
    /** Steps per second for every run, 0 for full speed; guarded by {@code this} with {@link #active}'s pace. */
    private double pace;

    /**
     * @param executor the thread runs execute on (a direct executor in tests)
     * @param outcome what hears how runs went
     */
    RunWorker(ExecutorService executor, Outcome outcome) {
        this.executor = executor;
        this.outcome = outcome;
    }

    /**
     * Sets what the training thread calls once a run's end is queued, so the view can drain it at
     * once (a stopped run shows as stopped right away) instead of at its next pulse.
     */
    void setOnEndQueued(Runnable wakeUp) {
        endWakeUp = wakeUp;
    }

    /** Queues a run; it starts when the runs before it have ended. */
    void submit(RunData data) {
        executor.submit(() -> execute(data));
    }

    /** Applies queued events; call on the FX thread. Returns how many were applied. */
    int drain() {
        int n = 0;
        Runnable r;
        while ((r = pending.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    /** Pauses or resumes the run in progress; returns whether it is paused now, or null when none runs. */
    Boolean togglePause() {
        TrainingRun run = active;
        if (run == null) {
            return null;
        }
        boolean pause = !run.isPaused();
        run.setPaused(pause);
        return pause;
    }

    /**
     * Sets the pace, in steps per second (0: full speed), of the run in progress at once and of
     * every run that starts later.
     */
    synchronized void setPace(double stepsPerSecond) {
        TrainingRun run = active;
        if (run != null) {
            run.setPace(stepsPerSecond); // refuses a negative pace before it is kept
        }
        pace = stepsPerSecond;
    }

    /**
     * Sets a learned hyperparameter of the run in progress, applied before its next step (at once
     * when paused); the run's data gets the {@link Intervention} at a later {@link #drain()}.
     *
     * @throws IllegalArgumentException one sentence naming the key and the values it admits
     * @throws IllegalStateException when no run is training
     */
    void intervene(String key, double value) {
        TrainingRun run = active;
        if (run == null) {
            throw new IllegalStateException("No run is training, so " + key + " cannot be set; start a run first.");
        }
        run.intervene(key, value);
    }

    /** Asks the run in progress to stop between two steps. */
    void stop() {
        TrainingRun run = active;
        if (run != null) {
            run.requestStop();
        }
    }

    /**
     * Stops the run in progress, skips the queued ones and waits until the run has written its files
     * ({@code run.json} as {@code stopped}); a run still inside a step after {@code wait} is recorded
     * as stopped at its last recorded step. No thread is interrupted, so no file is cut off.
     */
    void shutdown(Duration wait) {
        closing = true;
        TrainingRun run = active;
        if (run != null) {
            run.requestStop(CLOSED);
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                RunFolder folder = activeFolder;
                if (folder != null && folder.abandon(CLOSED + " after %d steps (its last step did not end in time).")) {
                    LOG.warning("the run in " + folder.dir() + " did not stop within " + wait + "; recorded as stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(RunData data) {
        boolean mine = data.begin();
        if (!mine || closing) {
            // removed before it started, or the window closed first: nothing was written, the empty folder goes
            try {
                Files.deleteIfExists(data.folder());
            } catch (java.io.IOException notEmpty) {
                // something else was put there: leave it
            }
            RunEnded never = new RunEnded(RunStatus.STOPPED, 0, "Never started: the workbench closed first.");
            pending.add(mine ? () -> outcome.ended(data, never) : () -> outcome.skipped(data));
            return;
        }
        pending.add(() -> outcome.progress("Setting up " + data.name() + "…", -1));
        TrainingRun run;
        try {
            run = RunFactory.create(data.config());
            if (data.schedule() != null) {
                run.follow(data.schedule());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "run could not start", e);
            RunEnded failed = new RunEnded(RunStatus.FAILED, 0, e.getMessage());
            pending.add(() -> outcome.ended(data, failed));
            endWakeUp.run();
            return;
        }
        // under the lock: a pace set meanwhile is either seen here or applied to this run by setPace
        synchronized (this) {
            active = run;
            run.setPace(pace);
        }
        if (closing) {
            run.requestStop(CLOSED);
        }
        for (String note : run.notes()) {
            pending.add(() -> outcome.note(note));
        }
        RunEnded ended;
        try (RunFolder folder = RunFolder.open(data.folder(), RunFolder.IfHoldsRun.REFUSE)) {
            activeFolder = folder;
            ended = folder.record(run, data.config(), new Forwarder(data, run.threads()));
            if (run.failure() != null) {
                LOG.log(Level.WARNING, "run failed", run.failure());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "run failed", e);
            ended = new RunEnded(RunStatus.FAILED, data.steps(), e.getMessage());
        } finally {
            active = null;
            activeFolder = null;
        }
        Map<String, Double> learned = run.finalHyperparameters();
        RunEnded end = ended;
        pending.add(() -> {
            data.learned = learned;
            outcome.ended(data, end);
        });
        endWakeUp.run();
    }

    /** Queues a run's events for its data, and a progress line every ten steps. */
    private final class Forwarder implements RunListener {
        /** The speed is measured over about this long, so a change of pace or a pause shows within seconds. */
        private static final long WINDOW_NANOS = 5_000_000_000L;

        private final RunData data;
        /** PyTorch's threads the run computes with, shown beside its speed ("on 2 threads"); 0 when not known. */
        private final String threads;
        private final java.util.ArrayDeque<long[]> recent = new java.util.ArrayDeque<>(); // {nanos, steps done}
        private long lastReport = System.nanoTime();
        private int stepsPerEpoch;

        Forwarder(RunData data, int threads) {
            this.data = data;
            this.threads = threads < 1 ? "" : threads == 1 ? " on 1 thread" : " on " + threads + " threads";
            recent.add(new long[] {lastReport, 0});
        }

        @Override
        public void started(RunStarted e) {
            stepsPerEpoch = e.stepsPerEpoch();
            pending.add(() -> {
                data.setKeys(e.hyperparameterKeys());
                data.setStepsPerEpoch(e.stepsPerEpoch());
                outcome.training(data);
            });
        }

        @Override
        public void step(StepMetrics m) {
            pending.add(() -> data.append(m));
            long now = System.nanoTime();
            // every ten steps, and at least twice a second when a slow pace makes steps rare
            if (m.step() % 10 != 0 && now - lastReport < 500_000_000L) {
                return;
            }
            lastReport = now;
            long done = m.step() + 1;
            recent.add(new long[] {now, done});
            while (recent.size() > 2 && now - recent.peekFirst()[0] > WINDOW_NANOS) {
                recent.pollFirst();
            }
            long[] since = recent.peekFirst();
            double stepsPerSecond = (done - since[1]) / Math.max(1e-9, (now - since[0]) / 1e9);
            long total = (long) stepsPerEpoch * data.config().epochs();
            String left = stepsPerSecond > 0 ? duration(Math.max(0, total - done) / stepsPerSecond) : "?";
            String line = String.format(Locale.ROOT, "step %d of %d, epoch %d of %d, %.0f examples/s%s, %s left",
                    done, total, m.epoch() + 1, data.config().epochs(), stepsPerSecond * data.config().batchSize(), threads,
                    left);
            double fraction = total > 0 ? Math.min(1, done / (double) total) : -1;
            pending.add(() -> outcome.progress(line, fraction));
        }

        @Override
        public void epoch(EpochMetrics m) {
            pending.add(() -> data.append(m));
        }

        @Override
        public void intervened(Intervention i) {
            pending.add(() -> data.append(i));
            endWakeUp.run(); // shown at once, not at the next pulse: a paused run's value changes now
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
