package org.hypertower.ui;

import java.util.Locale;
import org.hypertower.engine.StartupClock;

/**
 * With {@code -Dhypertower.startup.probe=true} ({@code bench --startup --ui}, and the launcher when
 * it lists the classes its start-up archive holds): prints when the window was shown, when its
 * first frame was on the screen (the {@link OpeningScene}'s, {@link OpeningScene#PULSES_TO_SHOW}
 * pulses after it was laid out; without it, the workbench's laid out), when the workbench's own
 * first frame had been laid out, and when PyTorch had loaded behind it, in seconds since the
 * process started, then closes the workbench.
 */
final class StartupProbe {

    private StartupProbe() {}

    static boolean on() {
        return Boolean.getBoolean("hypertower.startup.probe");
    }

    static void windowShown() {
        print("window_shown_seconds", StartupClock.processSeconds());
    }

    static void firstFrame() {
        print("first_frame_seconds", StartupClock.processSeconds());
    }

    static void workbenchReady() {
        print("workbench_ready_seconds", StartupClock.processSeconds());
    }

    static void engineLoaded() {
        print("engine_loaded_seconds", StartupClock.processSeconds());
        javafx.application.Platform.exit();
    }

    private static void print(String name, double seconds) {
        System.out.printf(Locale.ROOT, "%s=%.3f%n", name, seconds);
        System.out.flush();
    }
}
