package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of where libtorch was found: read back only for the same key and while the files are there. */
class LibtorchShortcutTest {

    @TempDir
    Path cache;

    private Path unpacked(String name) throws Exception {
        Path dir = Files.createDirectories(cache.resolve("pytorch").resolve(name));
        Files.writeString(dir.resolve(System.mapLibraryName("torch_cpu")), "not really a library");
        Files.writeString(dir.resolve(System.mapLibraryName("torch")), "marker");
        return dir;
    }

    @Test
    void aRememberedLibraryIsFoundForTheSameKeyOnly() throws Exception {
        Path dir = unpacked("2.7.1-cpu");
        LibtorchShortcut.remember(cache, "key one", dir);

        assertEquals(dir.resolve(System.mapLibraryName("torch_cpu")).toAbsolutePath(),
                LibtorchShortcut.remembered(cache, "key one"));
        assertNull(LibtorchShortcut.remembered(cache, "key two"));
        assertNull(LibtorchShortcut.remembered(cache, "key one\nPYTORCH_FLAVOR=cu128"));
    }

    @Test
    void twoKeysKeepTheirOwnRecords() throws Exception {
        Path cpu = unpacked("cpu");
        Path gpu = unpacked("cu128");
        LibtorchShortcut.remember(cache, "launcher", cpu);
        LibtorchShortcut.remember(cache, "tests", gpu);

        assertEquals(cpu.resolve(System.mapLibraryName("torch_cpu")).toAbsolutePath(),
                LibtorchShortcut.remembered(cache, "launcher"));
        assertEquals(gpu.resolve(System.mapLibraryName("torch_cpu")).toAbsolutePath(),
                LibtorchShortcut.remembered(cache, "tests"));
        assertNotEquals(LibtorchShortcut.record(cache, "launcher"), LibtorchShortcut.record(cache, "tests"));
    }

    @Test
    void aLibraryThatIsGoneOrHalfUnpackedIsNotOpened() throws Exception {
        Path dir = unpacked("2.7.1-cpu");
        LibtorchShortcut.remember(cache, "k", dir);

        Files.delete(dir.resolve(System.mapLibraryName("torch"))); // DJL deletes such a folder and unpacks again
        assertNull(LibtorchShortcut.remembered(cache, "k"));

        Files.writeString(dir.resolve(System.mapLibraryName("torch")), "marker");
        Files.delete(dir.resolve(System.mapLibraryName("torch_cpu")));
        assertNull(LibtorchShortcut.remembered(cache, "k"));
    }

    @Test
    void aDamagedRecordIsAMissNotAFailure() throws Exception {
        Files.writeString(LibtorchShortcut.record(cache, "k"), "no newline at all");
        assertNull(LibtorchShortcut.remembered(cache, "k"));
        Files.writeString(LibtorchShortcut.record(cache, "k"), "relative/libtorch_cpu.so\nk");
        assertNull(LibtorchShortcut.remembered(cache, "k"));
        Files.writeString(LibtorchShortcut.record(cache, "k"), "\u0000bad\nk");
        assertNull(LibtorchShortcut.remembered(cache, "k"));
    }

    @Test
    void aFolderWithoutTheLibraryIsNotRecorded() throws Exception {
        Path empty = Files.createDirectories(cache.resolve("empty"));
        LibtorchShortcut.remember(cache, "k", empty);
        assertTrue(Files.notExists(LibtorchShortcut.record(cache, "k")));
    }

    @Test
    void anUnwritableCacheFolderIsNoFailure() throws Exception {
        Path file = Files.writeString(cache.resolve("a file"), "x");
        LibtorchShortcut.remember(file.resolve("below"), "k", unpacked("cpu"));
        assertNull(LibtorchShortcut.remembered(file.resolve("below"), "k"));
    }

    @Test
    void theKeyHoldsTheClassPathAndDjlsSettings() {
        String key = LibtorchShortcut.key();
        assertTrue(key.startsWith("class path=" + System.getProperty("java.class.path")), key);
        assertTrue(key.contains("\nPYTORCH_FLAVOR="), key);
        assertTrue(key.contains("\nDJL_CACHE_DIR="), key);
    }

    @Test
    void theCacheFolderIsDjlsOwn() {
        assertEquals(ai.djl.util.Utils.getEngineCacheDir().toAbsolutePath(),
                LibtorchShortcut.cacheDir().toAbsolutePath());
    }

    @Test
    void itOpensOnlyWhereDjlsLoaderIsItsOwn() throws Exception {
        assertTrue(LibtorchShortcut.sameLoaderAsDjl(), "one class path: one loader");
        // this class in a loader of its own, DJL's classes in the parent: Java would refuse DJL's load
        java.net.URL ours = LibtorchShortcut.class.getProtectionDomain().getCodeSource().getLocation();
        try (java.net.URLClassLoader apart = new java.net.URLClassLoader(new java.net.URL[] {ours},
                LibtorchShortcut.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(LibtorchShortcut.class.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> found = findLoadedClass(name);
                        return found != null ? found : findClass(name);
                    }
                }
                return super.loadClass(name, resolve);
            }
        }) {
            Class<?> copy = apart.loadClass(LibtorchShortcut.class.getName());
            java.lang.reflect.Method same = copy.getDeclaredMethod("sameLoaderAsDjl");
            same.setAccessible(true);
            assertEquals(false, same.invoke(null));
        }
    }

    @Test
    void switchedOffNothingIsOpened() {
        String before = System.getProperty("hypertower.engine.shortcut");
        System.setProperty("hypertower.engine.shortcut", "false");
        try {
            assertNull(LibtorchShortcut.startLoadingRemembered());
        } finally {
            if (before == null) {
                System.clearProperty("hypertower.engine.shortcut");
            } else {
                System.setProperty("hypertower.engine.shortcut", before);
            }
        }
    }

    @Test
    void afterALoadTheRecordNamesTheLibraryDjlLoaded() {
        EngineLoader.loadOneAtATime();
        Path loaded = Path.of(ai.djl.pytorch.jni.LibUtils.getLibtorchPath()).toAbsolutePath()
                .resolve(System.mapLibraryName("torch_cpu"));
        assertEquals(loaded, LibtorchShortcut.remembered(LibtorchShortcut.cacheDir(), LibtorchShortcut.key()));
    }
}
