package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The training thread's nice value is the kernel's, per thread: the thread that set it, and no other. */
@EnabledOnOs(OS.LINUX)
class ThreadNicenessTest {

    @Test
    void aThreadLowersItsOwnPriorityAndLeavesItsCallersAlone() throws Exception {
        int before = ThreadNiceness.ofThisThread().orElseThrow();
        AtomicReference<OptionalInt> seen = new AtomicReference<>();
        AtomicReference<Boolean> set = new AtomicReference<>();
        int wanted = Math.min(19, before + 3);
        Thread t = new Thread(() -> {
            set.set(ThreadNiceness.setForThisThread(wanted));
            seen.set(ThreadNiceness.ofThisThread());
        });
        t.start();
        t.join();

        assertTrue(set.get(), "raising one's own nice value needs no privileges");
        assertEquals(OptionalInt.of(wanted), seen.get());
        assertEquals(before, ThreadNiceness.ofThisThread().orElseThrow(), "the calling thread keeps its priority");
    }
}
