package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The engine's preload: the caller's own linking first, and a CPU-only process without DJL's CUDA probe. */
class EngineLoaderTest {

    @Test
    void theCallersLinkingRunsOnTheCallingThreadAndTheLoadEnds() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        EngineLoader.preloadInBackground(() -> ranOn.set(Thread.currentThread())).get(60, TimeUnit.SECONDS);
        assertSame(Thread.currentThread(), ranOn.get());
        assertTrue(EngineLoader.awaitPreload(1, TimeUnit.SECONDS));
        assertEquals("PyTorch", ai.djl.engine.Engine.getInstance().getEngineName());
    }

    @Test
    void aFailingLinkOfTheCallerDoesNotHoldUpTheLoad() throws Exception {
        IllegalStateException failure = new IllegalStateException("linking failed");
        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> EngineLoader.preloadInBackground(() -> {
                    throw failure;
                })));
        assertTrue(EngineLoader.awaitPreload(60, TimeUnit.SECONDS));
    }

    /** Run in a process of its own: what a CPU-only {@code train} process sees of JNA and CUDA. */
    public static final class WithoutProbe {
        public static void main(String[] args) {
            EngineLoader.withoutCudaProbe();
            String jna;
            try {
                Class.forName("com.sun.jna.Native");
                jna = "jna loaded";
            } catch (ClassNotFoundException | LinkageError e) {
                jna = "no jna";
            }
            System.out.println(jna + ", gpus " + ai.djl.util.cuda.CudaUtils.getGpuCount() + ", niceness "
                    + ThreadNiceness.setForThisThread(5) + ", engine "
                    + ai.djl.engine.Engine.getInstance().getEngineName());
        }
    }

    @Test
    void aCpuOnlyProcessHasNoCudaProbeAndStillTrains() throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=off", "-cp", System.getProperty("java.class.path"),
                WithoutProbe.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("no jna, gpus 0, niceness false, engine PyTorch", out.strip());
    }
}
