package org.hypertower.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Loads PyTorch in a worker, one process of a machine at a time. DJL unpacks libtorch into its
 * cache folder the first time, deleting what is there first: two workers starting together on a
 * fresh machine (a cluster's executors, the local pool) could each delete the other's half-unpacked
 * copy. A lock file in that folder makes the second wait for the first; once unpacked, loading takes
 * the lock for a moment only.
 */
public final class EngineLoader {

    private EngineLoader() {}

    /**
     * Loads the engine under the machine-wide lock. Never throws: an engine that cannot load says
     * so, in its own words, when the run uses it; a cache folder that cannot hold the lock loads
     * without it.
     */
    public static void loadOneAtATime() {
        try {
            Path cache = ai.djl.util.Utils.getEngineCacheDir();
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve(".hypertower-unpack.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                ai.djl.engine.Engine.getInstance();
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // the run reports it, or loads without the lock
        }
    }
}
