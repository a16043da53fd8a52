package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The process clock behind the start-up figures. */
class StartupClockTest {

    @Test
    void aProcessesAgeIsTheUptimeLessItsStartTickWhateverItsCommandsName() {
        String uptime = "1000.50 3000.00\n";
        // starttime (field 22) is 90050 ticks, 900.50 s after boot; the name holds spaces and parentheses
        String stat = "4242 (java (x) y) S 1 2 3 0 -1 4194304 10 0 0 0 5 3 0 0 20 0 30 0 90050 123 45 6\n";
        assertEquals(100.0, StartupClock.age(stat, uptime), 1e-9);
    }

    @Test
    void aLineNotInTheKernelsFormatIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StartupClock.age("4242 java S 1", "1.0 2.0"));
        assertThrows(IllegalArgumentException.class, () -> StartupClock.age("4242 (java) S 1 2", "1.0 2.0"));
    }

    @Test
    void thisProcessIsAtLeastAsOldAsItsJvm() {
        // the process clock ticks every 10 ms; the JVM's counts milliseconds
        assertTrue(StartupClock.processSeconds() >= StartupClock.jvmSeconds() - 0.011);
        assertTrue(StartupClock.firstStepNow().jvmStartSeconds() >= 0);
    }
}
