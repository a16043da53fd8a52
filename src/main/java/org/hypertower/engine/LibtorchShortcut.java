package org.hypertower.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Lets a process start loading libtorch before DJL has worked out which libtorch to load.
 *
 * <p>DJL's own load first probes for CUDA through JNA and searches the class path (0.1 to 0.3 s on a
 * 2-core machine), and only then opens {@code libtorch_cpu}, which alone takes 0.45 s. Which file it
 * opens depends only on the class path (which native build, which version), DJL's settings and its
 * cache folder; so after a load this class writes down the file with what decided it ({@link
 * #remember}), and the next process with the same class path and settings opens that file at once
 * ({@link #loadRemembered}). DJL's load then finds it open (Java loads a library once per path) and
 * its other libraries come next to it ({@code $ORIGIN}). Nothing of DJL runs before that open: its
 * first class alone sets up logging and looks for services (0.1 s), which is better done while
 * libtorch loads. A record that does not match, a file that
 * is gone or cannot be opened: nothing is loaded, and DJL loads as without this class; so does
 * {@code -Dhypertower.engine.shortcut=false} (to measure it).
 */
final class LibtorchShortcut {

    /** The start of a record's name, in DJL's engine cache folder; one record per key (a build's launcher and its tests differ). */
    static final String RECORD = ".hypertower-libtorch-";

    /** DJL's settings that change which libtorch it loads (environment or system property). */
    private static final String[] SETTINGS = {"PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
        "PYTORCH_PRECXX11", "PYTORCH_LIBRARY_EXCLUSION", "LIBSTDCXX_LIBRARY_PATH", "DJL_CACHE_DIR",
        "ENGINE_CACHE_DIR", "ai.djl.pytorch.native_helper"};

    /** The library that takes the time; the rest of libtorch is small and loads with it. */
    private static final String HEAVY = System.mapLibraryName("torch_cpu");

    /** A library DJL puts in a folder last, once unpacking it is complete (it never deletes a folder that has it). */
    private static final String COMPLETE = System.mapLibraryName("torch");

    private LibtorchShortcut() {}

    /**
     * Starts opening the libtorch that the last load with this process's class path and settings
     * used, on a daemon thread of its own, when the record names one that is still there.
     *
     * @return the thread opening it (join it before the process may exit), or null when there is
     *     nothing to open
     */
    static Thread startLoadingRemembered() {
        if ("false".equals(System.getProperty("hypertower.engine.shortcut")) || !sameLoaderAsDjl()) {
            return null;
        }
        Path heavy;
        try {
            heavy = remembered(cacheDir(), key());
        } catch (RuntimeException e) {
            return null;
        }
        if (heavy == null) {
            return null;
        }
        Thread opener = new Thread(() -> {
            try {
                System.load(heavy.toString()); // NOPMD - the call DJL makes next, with the same path
            } catch (UnsatisfiedLinkError | SecurityException e) {
                // DJL loads it, or says why it cannot
            }
        }, "hypertower-libtorch-open");
        opener.setDaemon(true);
        opener.start();
        return opener;
    }

    /**
     * Returns whether this class and DJL's loader of libtorch come from the same class loader: Java
     * keeps a library per class loader and refuses to load one that another loader holds, so only
     * then may this class open the file DJL opens next (on a cluster's executor, say, they could
     * differ).
     */
    static boolean sameLoaderAsDjl() {
        try {
            ClassLoader ours = LibtorchShortcut.class.getClassLoader();
            return Class.forName("ai.djl.pytorch.jni.LibUtils", false, ours).getClassLoader() == ours;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Writes down where DJL found libtorch for this process's class path and settings (see {@link
     * #remember(Path, String, Path)}).
     */
    static void remember(Path libtorchDir) {
        try {
            remember(cacheDir(), key(), libtorchDir);
        } catch (RuntimeException e) {
            // no record: the next start is only slower
        }
    }

    /** What decides which libtorch DJL loads, as one text. */
    static String key() {
        StringBuilder key = new StringBuilder("class path=").append(System.getProperty("java.class.path", ""));
        for (String setting : SETTINGS) {
            key.append('\n').append(setting).append('=').append(Objects.toString(setting(setting), ""));
        }
        return key.toString();
    }

    /** DJL's engine cache folder, found as DJL finds it ({@code Utils.getEngineCacheDir}) without loading DJL. */
    static Path cacheDir() {
        String dir = setting("ENGINE_CACHE_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir);
        }
        dir = setting("DJL_CACHE_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir);
        }
        Path home = Path.of(System.getProperty("user.home"));
        return (Files.isWritable(home) ? home : Path.of(System.getProperty("java.io.tmpdir"))).resolve(".djl.ai");
    }

    /** The record for a key: its name has the key's hash, its text the whole key (so a clash is only a miss). */
    static Path record(Path cacheDir, String key) {
        return cacheDir.resolve(RECORD + Integer.toHexString(key.hashCode()));
    }

    /** A setting as DJL reads it: the environment first, then the system properties. */
    private static String setting(String name) {
        String value = System.getenv(name);
        return value != null ? value : System.getProperty(name);
    }

    /** Returns the file the record names for this key, when it and its folder's completed unpack exist. */
    static Path remembered(Path cacheDir, String key) {
        try {
            String text = Files.readString(record(cacheDir, key), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            if (end < 0 || !text.substring(end + 1).equals(key)) {
                return null;
            }
            Path heavy = Path.of(text.substring(0, end));
            Path folder = heavy.getParent();
            return heavy.isAbsolute() && Files.isRegularFile(heavy) && folder != null
                    && Files.isRegularFile(folder.resolve(COMPLETE)) ? heavy : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes down where DJL found libtorch for this key, unless the record already says so. Never
     * throws: without a record the next start is only slower.
     *
     * @param libtorchDir the folder DJL loaded libtorch from
     */
    static void remember(Path cacheDir, String key, Path libtorchDir) {
        Path heavy = libtorchDir.toAbsolutePath().resolve(HEAVY);
        if (!Files.isRegularFile(heavy) || heavy.equals(remembered(cacheDir, key))) {
            return;
        }
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, RECORD, ".tmp");
            try {
                Files.writeString(tmp, heavy + "\n" + key, StandardCharsets.UTF_8);
                Files.move(tmp, record(cacheDir, key), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // a read-only cache folder: every start finds libtorch the slow way
        }
    }
}
