package org.hypertower.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One holder per folder, across processes and within this one, whatever path names the folder. */
class FolderLockTest {

    @TempDir
    Path dir;

    /**
     * Another process taking or holding a lock file: a plain Java program run from its source, so
     * the test needs nothing but the JDK. {@code try}: print locked or held; {@code hold}: print
     * ready and keep the lock until killed.
     */
    private static final String OTHER = String.join("\n",
            "import java.nio.channels.*; import java.nio.file.*;",
            "public class Other { public static void main(String[] a) throws Exception {",
            "  FileChannel c = FileChannel.open(Path.of(a[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);",
            "  if (a[0].equals(\"try\")) { System.out.println(c.tryLock() != null ? \"locked\" : \"held\"); return; }",
            "  c.lock(); System.out.println(\"ready\"); Thread.sleep(60_000); } }", "");

    private Process other(String mode, Path folder) throws IOException {
        Path source = dir.resolve("Other.java");
        if (!Files.exists(source)) {
            Files.writeString(source, OTHER);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, source.toString(), mode, folder.resolve(FolderLock.FILE).toString())
                .redirectErrorStream(true).start();
    }

    /** Returns whether another process can take the folder's lock now. */
    private boolean anotherProcessCanLock(Path folder) throws IOException, InterruptedException {
        Process p = other("try", folder);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(out.equals("locked") || out.equals("held"), out);
        return out.equals("locked");
    }

    @Test
    void aFolderHeldHereIsHeldWhateverPathNamesItAndLookingDoesNotReleaseIt() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/run"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
        try (FolderLock lock = FolderLock.tryAcquire(real).orElseThrow()) {
            assertTrue(FolderLock.isHeld(link.resolve("run")), "through a link");
            assertTrue(FolderLock.isHeld(dir.resolve("real/../real/run")), "through ..");
            assertEquals(" in this process", FolderLock.holderText(link.resolve("run")));
            assertEquals(Optional.empty(), FolderLock.tryAcquire(link.resolve("run")), "not twice");
            assertFalse(anotherProcessCanLock(real), "looking at it through another path did not release it");
        }
        assertFalse(FolderLock.isHeld(link.resolve("run")));
        assertTrue(anotherProcessCanLock(real));
    }

    @Test
    void aFolderMovedWhileHeldIsStillHeldUnderItsNewName() throws Exception {
        Path before = Files.createDirectories(dir.resolve("a"));
        try (FolderLock lock = FolderLock.tryAcquire(before).orElseThrow()) {
            Path after = Files.move(before, dir.resolve("b"));
            assertTrue(FolderLock.isHeld(after));
            assertEquals(" in this process", FolderLock.holderText(after));
            assertEquals(Optional.empty(), FolderLock.tryAcquire(after));
            assertFalse(anotherProcessCanLock(after), "looking at it under its new name did not release it");
        }
        assertTrue(anotherProcessCanLock(dir.resolve("b")));
    }

    @Test
    void aFolderHeldByAnotherProcessIsHeldAndNamesItsProcess() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("run"));
        Files.writeString(folder.resolve(FolderLock.FILE), "4242\n");
        Process holder = other("hold", folder);
        try {
            assertEquals('r', holder.getInputStream().read(), "the other process holds the lock");
            assertTrue(FolderLock.isHeld(folder));
            assertEquals(Optional.empty(), FolderLock.tryAcquire(folder, 100));
            assertEquals(" (process 4242)", FolderLock.holderText(folder));
        } finally {
            holder.destroyForcibly().waitFor();
        }
        try (FolderLock lock = FolderLock.tryAcquire(folder).orElseThrow()) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(folder.resolve(FolderLock.FILE))
                    .trim(), "the new holder writes its process id");
        }
    }

    @Test
    void anInterruptedThreadGetsNoLockRatherThanALockThatIsNotThere() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("run"));
        Thread.currentThread().interrupt();
        try {
            assertThrows(IOException.class, () -> FolderLock.tryAcquire(folder));
        } finally {
            Thread.interrupted();
        }
        assertFalse(FolderLock.isHeld(folder));
        assertTrue(anotherProcessCanLock(folder));
        try (FolderLock lock = FolderLock.tryAcquire(folder).orElseThrow()) {
            assertFalse(anotherProcessCanLock(folder));
        }
    }
}
