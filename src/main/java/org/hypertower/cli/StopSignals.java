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
 * ends the run at once: what was recorded is written and the process halts. A signal the process
 * was started to ignore (e.g. SIGHUP under {@code nohup}) stays ignored.
 *
 * <p>For a worker of an experiment, the end of its standard input (its parent holds the other end
 * of the pipe, and the operating system closes it when the parent dies, however it dies) counts as
 * a stop too, so a worker never outlives its parent for more than a step.
 *
 * <p>The exit code after a signal is 128 plus its number, as shells expect: 130 for SIGINT, 143
 * for SIGTERM, 129 for SIGHUP.
 */
final class StopSignals implements AutoCloseable {

    private static final String[] NAMES = {"INT", "TERM", "HUP"};
    /** How long a worker whose parent died may take to stop before it halts. */
    private static final long ORPHAN_GRACE_MILLIS = 30_000;

    private final PrintWriter err;
    private final String doing;
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Consumer<String> onStop = reason -> { };
    private volatile Runnable onForce = () -> { };
    private volatile int exitCode;
    private volatile String reason;
    private int received;

    private StopSignals(PrintWriter err, String doing) {
        this.err = err;
        this.doing = doing;
    }

    /**
     * Handles the three signals from now until {@link #close()}.
     *
     * @param err where to say that a signal came
     * @param doing what the first signal does, e.g. {@code stopping after the current step}
     */
    static StopSignals install(PrintWriter err, String doing) {
        StopSignals s = new StopSignals(err, doing);
        for (String name : NAMES) {
            try {
                Signal signal = new Signal(name);
                s.previous.add(Signal.handle(signal, s::handle));
                s.installed.add(signal);
            } catch (IllegalArgumentException | UnsupportedOperationException notHere) {
                // SIGHUP does not exist on Windows; a signal the JVM reserved stays its
            }
        }
        return s;
    }

    /** Also stops when standard input ends: the parent process that holds its other end is gone. */
    StopSignals stopWhenInputEnds(InputStream in) {
        Thread watcher = new Thread(() -> {
            try {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // the parent writes nothing; anything read is ignored
                }
            } catch (IOException closed) {
                // the pipe broke: the parent is gone as well
            }
            stop("Stopped because the experiment that started it ended", 1);
            try {
                Thread.sleep(ORPHAN_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            onForce.run();
            Runtime.getRuntime().halt(1);
        }, "hypertower-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
        return this;
    }

    /** Says what a stop does; when a stop came already, it is done at once. */
    void onStop(Consumer<String> action) {
        onStop = action;
        String r = reason;
        if (r != null) {
            action.accept(r);
        }
    }

    /** Says what a second signal does before the process halts. */
    void onForce(Runnable action) {
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
        int count;
        synchronized (this) {
            count = ++received;
        }
        if (count == 1) {
            err.println("hypertower: " + name + ": " + doing + "; send it again to stop at once.");
            err.flush();
            stop("Stopped by " + name, 128 + signal.getNumber());
        } else {
            err.println("hypertower: " + name + " again: stopping at once.");
            err.flush();
            onForce.run();
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
    }

    private synchronized void stop(String why, int code) {
        if (reason != null) {
            return;
        }
        reason = why;
        exitCode = code;
        onStop.accept(why);
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
