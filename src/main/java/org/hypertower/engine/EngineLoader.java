package org.hypertower.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loads PyTorch in a worker, one process of a machine at a time. DJL unpacks libtorch into its
 * cache folder the first time, deleting what is there first: two workers starting together on a
 * fresh machine (a cluster's executors, the local pool) could each delete the other's half-unpacked
 * copy. A lock file in that folder makes the second wait for the first; once unpacked, loading takes
 * the lock for a moment only.
 *
 * <p>Also loads PyTorch's native libraries ahead of need, on a thread of their own ({@link
 * #preloadInBackground}): loading libtorch is most of a process's start (0.5 to 0.8 s on a 2-core
 * machine), and it can go on while the command line is parsed and the data read.
 */
public final class EngineLoader {

    /** The preload under way or done, or null before the first {@link #preloadInBackground}; guarded by the class. */
    private static CompletableFuture<Void> preload;

    private EngineLoader() {}

    /**
     * Loads the engine under the machine-wide lock. Never throws: an engine that cannot load says
     * so, in its own words, when the run uses it; a cache folder that cannot hold the lock loads
     * without it.
     */
    public static void loadOneAtATime() {
        loadLibraries(new CountDownLatch(0));
        underLock(ai.djl.engine.Engine::getInstance);
    }

    /**
     * Starts loading PyTorch's native libraries (libtorch and DJL's JNI library) on a daemon thread,
     * under the machine-wide lock, and returns at once; a second call returns the first's load. The
     * engine itself is still made by the first {@code Engine.getInstance()}, on the thread that
     * calls it, which then finds the libraries loaded (or waits for them): so the thread counts it
     * reads from the system properties ({@code ai.djl.pytorch.num_threads}) may still be set until
     * then, and autograd is off on that thread, exactly as without a preload. Never fails: a library
     * that cannot load says so when the run uses the engine.
     *
     * @return completes (never exceptionally) once the load has ended, loaded or not
     */
    public static CompletableFuture<Void> preloadInBackground() {
        return preloadInBackground(() -> { });
    }

    /**
     * Starts the preload as {@link #preloadInBackground()} does, and runs {@code linkFirst} on the
     * calling thread while the loading thread gets ready: libtorch starts opening once both are
     * done. For what the caller knows it will call first and must not call while libtorch opens
     * (see {@link #linkNativesAhead}); a second call only runs {@code linkFirst}.
     */
    public static CompletableFuture<Void> preloadInBackground(Runnable linkFirst) {
        CountDownLatch callerReady = new CountDownLatch(1);
        CompletableFuture<Void> load;
        synchronized (EngineLoader.class) {
            if (preload == null) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                Thread loader = new Thread(() -> {
                    try {
                        loadLibraries(callerReady);
                    } finally {
                        done.complete(null);
                    }
                }, "hypertower-engine-preload");
                loader.setDaemon(true);
                preload = done;
                loader.start();
            }
            load = preload;
        }
        try {
            linkFirst.run();
        } finally {
            callerReady.countDown();
        }
        return load;
    }

    /**
     * Keeps DJL from probing for CUDA in this process, for the CPU build of libtorch, which could
     * not use a GPU anyway: DJL probes through JNA (loading JNA's library, then the CUDA runtime's
     * where one is installed), 0.1 to 0.2 s before it opens libtorch, and a probe running while
     * libtorch opens stalls the whole JVM (a thread linking a native method waits for the loader
     * lock in a state that holds up every safepoint). JNA is made unable to load its library
     * (a setting given explicitly wins), so DJL finds no CUDA and says nothing; this process then has no
     * JNA ({@link ThreadNiceness} says so and changes nothing). Call before anything uses JNA.
     */
    public static void withoutCudaProbe() {
        for (String setting : new String[] {"jna.nounpack", "jna.noclasspath"}) {
            if (System.getProperty(setting) == null) {
                System.setProperty(setting, "true");
            }
        }
    }

    /**
     * Waits until a preload under way has ended, at most a while: before the process exits, which
     * must not happen while a native library is half loaded (its static destructors would run
     * under the loading thread). Returns at once when none was started.
     *
     * @return whether no preload is under way any more
     */
    public static boolean awaitPreload(long timeout, TimeUnit unit) {
        CompletableFuture<Void> p;
        synchronized (EngineLoader.class) {
            p = preload;
        }
        if (p == null) {
            return true;
        }
        try {
            p.get(timeout, unit);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return p.isDone();
        }
    }

    /**
     * Loads PyTorch's native libraries as DJL does, while the libtorch that the last load with the
     * same class path and settings used opens on a thread of its own ({@link LibtorchShortcut}).
     */
    private static void loadLibraries(CountDownLatch callerReady) {
        linkNativesAhead();
        underLock(() -> {
            awaitQuietly(callerReady);
            Thread opener = LibtorchShortcut.startLoadingRemembered();
            try {
                loadWithDjl();
                LibtorchShortcut.remember(Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()));
            } finally {
                joinQuietly(opener);
            }
        });
    }

    /**
     * Links the JDK's native methods DJL's load calls first, before libtorch_cpu starts opening.
     * While it opens (0.45 s) it holds the system's loader lock, and a thread linking a native
     * method waits for that lock in a state that holds up every safepoint and handshake of the JVM:
     * the main thread stood still with it (found with {@code -Xlog:jni+resolve=debug} and a native
     * stack). DJL reads service files from jars (ending their decompressors), its logging takes
     * a privileged action with a combiner, and it lists libtorch's folder; the lock file's folder,
     * channel and lock are linked by {@link #underLock} before the shortcut starts.
     */
    @SuppressWarnings("removal") // the JDK's own code calls it; only its native is wanted here
    private static void linkNativesAhead() {
        new java.util.zip.Inflater().end();
        java.security.AccessController.doPrivilegedWithCombiner((java.security.PrivilegedAction<Void>) () -> null);
        Path cache = LibtorchShortcut.cacheDir();
        try (java.util.stream.Stream<Path> files = Files.walk(cache, 1)) {
            files.count();
        } catch (IOException | RuntimeException e) {
            // not there yet: DJL's first load unpacks it, and has no shortcut to wait for
        }
        Files.exists(cache.resolve("pytorch"));
    }

    /** Waits for the caller's own linking, a second at most (a caller that hangs must not hold up the load). */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a thread to end, however long (a library half loaded must not be left behind). */
    private static void joinQuietly(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void loadWithDjl() {
        ai.djl.engine.Engine.getDefaultEngineName(); // finds the engine's provider
        ai.djl.pytorch.jni.LibUtils.loadLibrary();
    }

    private static void underLock(Runnable load) {
        try {
            Path cache = LibtorchShortcut.cacheDir(); // DJL's, without starting DJL (its logging, its services)
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve(".hypertower-unpack.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                load.run();
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // the run reports it, or loads without the lock
        }
    }
}
