package org.hypertower.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long this process has been running, for start-up figures ({@code run.json}'s
 * {@code startup}, {@code bench --startup}). On Linux the clock starts when the process did (the
 * {@code ./hypertower} launcher, which replaces itself with Java, counts), read from
 * {@code /proc} with the kernel's 10 ms resolution; elsewhere it starts with the JVM.
 *
 * <p>Not {@code ProcessHandle.Info.startInstant()}: it adds the process's age to the boot time in
 * whole seconds, so it is off by up to a second.
 */
public final class StartupClock {

    /** The kernel's clock ticks per second in {@code /proc}: USER_HZ, 100 on every Linux ABI Java runs on. */
    private static final double TICKS = 100;

    private StartupClock() {}

    /**
     * Start-up figures of a run in a process of its own.
     *
     * @param firstStepSeconds from the process's start to the end of the run's first training step
     * @param jvmStartSeconds from the process's start to the JVM's (the launcher's share); NaN when unknown
     */
    public record Figures(double firstStepSeconds, double jvmStartSeconds) {}

    /** Returns the figures with the first step ending now. */
    public static Figures firstStepNow() {
        double process = processSeconds();
        return new Figures(process, jvmStartSeconds(process));
    }

    /**
     * Returns the seconds since this process started: from {@code /proc} on Linux, else since the
     * JVM started.
     */
    public static double processSeconds() {
        double age = procAge();
        return Double.isNaN(age) ? jvmSeconds() : age;
    }

    /** Returns the seconds since the JVM started (its own clock, in milliseconds). */
    public static double jvmSeconds() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    }

    private static double jvmStartSeconds(double process) {
        if (Double.isNaN(procAge())) {
            return Double.NaN;
        }
        // the process is older than the JVM by what ran before it (the launcher's script)
        return Math.max(0, process - jvmSeconds());
    }

    /** Returns this process's age from /proc (uptime minus its start tick), or NaN where /proc has none. */
    private static double procAge() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII);
            return age(stat, uptime);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Returns a process's age in seconds from its {@code /proc/PID/stat} line and {@code /proc/uptime}.
     *
     * @throws IllegalArgumentException when either is not in the kernel's format
     */
    static double age(String stat, String uptime) {
        // the command's name, in parentheses, may hold spaces and parentheses: fields count from the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc stat line");
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // starttime is field 22 of the line; fields[0] here is field 3 (the state)
        if (fields.length < 20) {
            throw new IllegalArgumentException("a /proc stat line too short");
        }
        double started = Long.parseLong(fields[19]) / TICKS;
        double now = Double.parseDouble(uptime.trim().split("\\s+")[0]);
        return Math.max(0, now - started);
    }
}
