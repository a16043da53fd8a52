package org.hypertower.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lowers the operating system's scheduling priority of the calling thread, so that training
 * yields the processor to the window's threads when both want it. Java's own thread priorities
 * are ignored on Linux; the kernel's per-thread nice value is not. Only Linux is supported: on
 * other systems, or when the call is refused, nothing changes and the caller is told so.
 */
public final class ThreadNiceness {

    private static final Logger LOG = Logger.getLogger(ThreadNiceness.class.getName());
    private static final int PRIO_PROCESS = 0;

    /** The C library's priority calls, loaded on first use. */
    private interface C extends Library {
        int setpriority(int which, int who, int prio);

        int getpriority(int which, int who);
    }

    private static volatile C libc;

    private ThreadNiceness() {}

    /**
     * Sets the calling thread's nice value (0 normal, 19 lowest); raising it needs no privileges.
     *
     * @return whether the thread's niceness is now {@code nice}
     */
    public static boolean setForThisThread(int nice) {
        OptionalInt tid = threadId();
        if (tid.isEmpty()) {
            return false;
        }
        try {
            C c = c();
            if (c.setpriority(PRIO_PROCESS, tid.getAsInt(), nice) != 0) {
                LOG.fine("setpriority refused for thread " + tid.getAsInt());
                return false;
            }
            return c.getpriority(PRIO_PROCESS, tid.getAsInt()) == nice;
        } catch (LinkageError | RuntimeException e) { // no JNA here (see EngineLoader.withoutCudaProbe)
            LOG.log(Level.FINE, "no per-thread priority here", e);
            return false;
        }
    }

    /** Returns the calling thread's nice value, if this system tells it. */
    public static OptionalInt ofThisThread() {
        OptionalInt tid = threadId();
        if (tid.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(c().getpriority(PRIO_PROCESS, tid.getAsInt()));
        } catch (LinkageError | RuntimeException e) { // no JNA here (see EngineLoader.withoutCudaProbe)
            return OptionalInt.empty();
        }
    }

    /** The kernel's id of the calling thread, from {@code /proc/thread-self} ("PID/task/TID"), on Linux. */
    private static OptionalInt threadId() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return OptionalInt.of(Integer.parseInt(self.getFileName().toString()));
        } catch (java.io.IOException | UnsupportedOperationException | NumberFormatException | SecurityException e) {
            return OptionalInt.empty();
        }
    }

    private static C c() {
        C c = libc;
        if (c == null) {
            c = Native.load("c", C.class);
            libc = c;
        }
        return c;
    }
}
