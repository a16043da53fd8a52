package org.hypertower.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an experiment's runs train. An experiment ({@link Sweep}, {@link Comparison},
 * {@link LearnedValuesTable}) says <em>what</em> runs, as jobs with an id and their {@code train}
 * options; an executor says <em>where</em>: on this machine's worker processes ({@link #local}), or
 * elsewhere. Whatever the executor, each run ends up in {@code ROOT/<job id>/} with the same files
 * ({@code run.json}, {@code steps.csv}, {@code epochs.csv}, {@code worker.log}), a run already done
 * there is kept, not trained again, and only the calling process writes that folder, so an
 * experiment started on one executor resumes on another.
 */
public interface RunExecutor extends AutoCloseable {

    /**
     * Runs every job not done yet under {@code root} and returns every result in the jobs' order,
     * unless stopped.
     *
     * @param root the folder the jobs' folders go in
     * @param listener hears runs start and end (from other threads)
     * @param stop once requested, no job starts and the runs under way are asked to stop
     * @throws InterruptedException when stopped before every job ended
     * @throws IOException naming the file, when a job's folder cannot be prepared or written
     */
    List<WorkerPool.Result> run(Path root, List<WorkerPool.Job> jobs, WorkerPool.Listener listener, StopRequest stop)
            throws IOException, InterruptedException;

    /** Returns where the runs train, in words: {@code this machine, 2 worker processes}. */
    String describe();

    /** Lets go of what the executor holds (a cluster connection); this machine's holds nothing between runs. */
    @Override
    default void close() {
    }

    /**
     * Returns the executor of this machine: {@code workers} worker processes training one run after
     * another (a process per run with {@code HYPERTOWER_FRESH_WORKERS=1}, see {@link WorkerPool.Mode});
     * 0 trains nothing and reads the jobs back as they are (an unfinished one as failed), to
     * summarize an experiment.
     *
     * @throws IllegalArgumentException when {@code workers} is negative
     */
    static RunExecutor local(int workers) {
        return new Local(workers);
    }

    /** Returns the executor of this machine with its workers in a given mode, whatever the environment says. */
    static RunExecutor local(int workers, WorkerPool.Mode mode) {
        Local pool = new Local(workers);
        return new RunExecutor() {
            @Override
            public List<WorkerPool.Result> run(Path root, List<WorkerPool.Job> jobs, WorkerPool.Listener listener,
                    StopRequest stop) throws IOException, InterruptedException {
                return new WorkerPool(root, workers, mode).run(jobs, listener, stop);
            }

            @Override
            public String describe() {
                return pool.describe() + (mode == WorkerPool.Mode.FRESH ? ", a process per run" : "");
            }
        };
    }

    /** This machine's worker processes (see {@link WorkerPool}). */
    record Local(int workers) implements RunExecutor {

        /** Checks the count. */
        public Local {
            if (workers < 0) {
                throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
            }
        }

        @Override
        public List<WorkerPool.Result> run(Path root, List<WorkerPool.Job> jobs, WorkerPool.Listener listener,
                StopRequest stop) throws IOException, InterruptedException {
            return new WorkerPool(root, workers).run(jobs, listener, stop);
        }

        @Override
        public String describe() {
            return workers == 0 ? "nowhere (reading the runs back)"
                    : "this machine, " + workers + " worker process" + (workers == 1 ? "" : "es");
        }
    }
}
