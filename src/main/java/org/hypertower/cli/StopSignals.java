package org.hypertower.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C), SIGTERM and SIGHUP into a stop between two steps, so a run ends
 * {@code stopped} with its files whole instead of being cut off by the JVM's exit. A second signal
 * ends the run at once: what was recorded is written (waiting at most two seconds for that) and
 * the process halts; a third halts it without waiting. A signal the process was started to ignore
 * (e.g. SIGHUP under {@code nohup}) stays ignored.
 *
 * <p>A worker of an experiment takes its stop from its parent only: SIGTERM, or the end of its
 * standard input (its parent holds the other end of the pipe, and the operating system closes it
 * when the parent dies, however it dies). It ignores SIGINT and SIGHUP, which a terminal sends to
 * the whole process group, parent and workers alike: the parent asks each worker once.
 *
 * <p>The exit code after a signal is 128 plus its number, as shells expect: 130 for SIGINT, 143
 * for SIGTERM, 129 for SIGHUP.
 */
final class StopSignals implements AutoCloseable {

    /** How long a worker whose parent died may take to stop before it stops at once. */
    private static final long ORPHAN_GRACE_MILLIS = 30_000;
    /** How long a stop at once may take to write what was recorded before the process halts. */
    private static final long FORCE_WAIT_MILLIS = 2_000;

    private volatile PrintWriter err;
    private final String doing;
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Consumer<String> onStop = reason -> { };
    private volatile Consumer<String> onForce = message -> { };
    private volatile int exitCode;
    private volatile String reason;
    private int received;

    private StopSignals(PrintWriter err, String doing) {
        this.err = err;
        this.doing = doing;
    }

    /**
     * Handles SIGINT, SIGTERM and SIGHUP from now until {@link #close()}.
     *
     * @param err where to say that a signal came
     * @param doing what the first signal does, e.g. {@code stopping after the current step}
     */
    static StopSignals install(PrintWriter err, String doing) {
        StopSignals s = new StopSignals(err, doing);
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            s.handle(name, s::handle);
        }
        return s;
    }

    /**
     * Handles a worker's stops: SIGTERM from its parent, and the end of standard input when the
     * parent is gone; SIGINT and SIGHUP are ignored (see the class comment).
     */
    static StopSignals installForWorker(PrintWriter err, InputStream in) {
        StopSignals s = new StopSignals(err, "stopping after the current step");
        s.handle("TERM", s::handle);
        s.handle("INT", SignalHandler.SIG_IGN);
        s.handle("HUP", SignalHandler.SIG_IGN);
        Thread watcher = new Thread(() -> {
            try {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // the parent writes nothing; anything read is ignored
                }
            } catch (IOException closed) {
                // the pipe broke: the parent is gone as well
            }
            s.parentGone();
        }, "hypertower-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        return s;
    }

    /**
     * Handles the stops of a persistent worker, which reads its jobs from standard input: SIGTERM
     * stops the run under way (and the worker after it); SIGINT and SIGHUP are ignored. The caller
     * reads standard input and calls {@link #parentGone()} when it ends.
     */
    static StopSignals installForPersistentWorker(PrintWriter err) {
        StopSignals s = new StopSignals(err, "stopping after the current step");
        s.handle("TERM", s::handle);
        s.handle("INT", SignalHandler.SIG_IGN);
        s.handle("HUP", SignalHandler.SIG_IGN);
        return s;
    }

    /**
     * The parent is gone (its end of standard input closed): stops the run under way, and the
     * process at once if that run has not stopped within the grace period. Blocks the calling
     * thread for that period.
     */
    void parentGone() {
        stop("Stopped because the experiment that started it ended", 1);
        try {
            Thread.sleep(ORPHAN_GRACE_MILLIS);
        } catch (InterruptedException e) {
            return;
        }
        force("Stopped because the experiment that started it ended; it did not stop within "
                + ORPHAN_GRACE_MILLIS / 1000 + " s, after %d steps.", 1);
    }

    /** Says where to report signals from now on (a persistent worker's current run log). */
    void reportTo(PrintWriter to) {
        err = to;
    }

    /** Forgets the actions of the run that ended, so a stop between runs touches none of them. */
    void clearActions() {
        onStop = reason -> { };
        onForce = message -> { };
    }

    private void handle(String name, SignalHandler handler) {
        try {
            Signal signal = new Signal(name);
            previous.add(Signal.handle(signal, handler));
            installed.add(signal);
        } catch (IllegalArgumentException | UnsupportedOperationException notHere) {
            // SIGHUP does not exist on Windows; a signal the JVM reserved stays its
        }
    }

    /** Says what a stop does; when a stop came already, it is done at once. */
    void onStop(Consumer<String> action) {
        onStop = action;
        String r = reason;
        if (r != null) {
            action.accept(r);
        }
    }

    /**
     * Says what a stop at once does before the process halts: it gets the message for the run's
     * record, in which {@code %d} stands for the number of steps recorded.
     */
    void onForce(Consumer<String> action) {
        onForce = action;
    }

    /** Returns whether a stop came. */
    boolean stopped() {
        return reason != null;
    }

    /** Returns 128 plus the number of the signal that came, 1 when the parent ended, 0 when nothing came. */
    int exitCode() {
        return exitCode;
    }

    private void handle(Signal signal) {
        String name = "SIG" + signal.getName() + (signal.getName().equals("INT") ? " (Ctrl-C)" : "");
        int code = 128 + signal.getNumber();
        int count;
        synchronized (this) {
            count = ++received;
        }
        if (count == 1) {
            say(name + ": " + doing + "; send it again to stop at once.");
            stop("Stopped by " + name, code);
        } else if (count == 2) {
            say(name + " again: stopping at once.");
            force("Stopped at once by a second " + name + " after %d steps.", code);
        } else {
            Runtime.getRuntime().halt(code);
        }
    }

    private void say(String line) {
        err.println("hypertower: " + line);
        err.flush();
    }

    private synchronized void stop(String why, int code) {
        if (reason != null) {
            return;
        }
        exitCode = code;
        reason = why;
        onStop.accept(why);
    }

    /** Writes what was recorded, waiting a moment for that, then halts. */
    private void force(String message, int code) {
        Thread writing = new Thread(() -> onForce.accept(message), "hypertower-stop-at-once");
        writing.setDaemon(true);
        writing.start();
        try {
            writing.join(FORCE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            // halt anyway
        }
        Runtime.getRuntime().halt(code);
    }

    /** Gives the signals back to the JVM's own handling. */
    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            try {
                Signal.handle(installed.get(i), previous.get(i));
            } catch (IllegalArgumentException ignored) {
                // nothing to give back
            }
        }
    }
}
