package org.hypertower.experiment;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop an experiment, made from any thread (a signal handler, the workbench's Stop
 * button): every worker is asked to stop after its current step and writes its run as stopped,
 * and no new run starts. A flag, not a thread interrupt, so that no file being written at that
 * moment is cut off.
 */
public final class StopRequest {

    private final AtomicBoolean requested = new AtomicBoolean();

    /** Asks the experiment to stop; later calls do nothing more. */
    public void request() {
        requested.set(true);
    }

    /** Returns whether a stop was asked for. */
    public boolean requested() {
        return requested.get();
    }
}
