package org.hypertower.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An exclusive lock on a folder, held by the one process that writes it: a run's folder while its
 * run trains, an experiment's folder while its experiment runs. The lock is the operating
 * system's lock on the folder's {@value #FILE} file, so it ends with its process however that
 * process ends (a kill -9 included), and it holds across processes and machines sharing a file
 * system that supports locks. The holder writes its process id into the file, to be named when
 * another process is refused. On a file system without locks (some network mounts) the lock
 * holds within this process only.
 *
 * <p>The lock file is never deleted: a new file of the same name would be a second lock. Within
 * one process, locks are also kept in a table by the folder's real path (links resolved), because
 * on POSIX systems closing any channel on a locked file releases the process's lock on it:
 * {@link #isHeld} and {@link #holder} never open a file this process has locked, whatever path
 * names it.
 */
public final class FolderLock implements AutoCloseable {

    /** The lock file's name in its folder. */
    public static final String FILE = ".lock";

    /** Locks this process holds, by the lock file's real path; guarded by itself. */
    private static final Map<Path, FolderLock> HELD = new HashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Returns the lock file of a folder by the folder's real path, so that every spelling of it is one key. */
    private static Path key(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath().resolve(FILE);
        } catch (IOException notThere) {
            return absolute.resolve(FILE);
        }
    }

    /**
     * Takes a folder's lock, creating its lock file (the folder must exist).
     *
     * @return the lock, or empty when another process, or another part of this one, holds it
     * @throws IOException when the lock file cannot be created or written (a read-only folder)
     */
    public static Optional<FolderLock> tryAcquire(Path folder) throws IOException {
        Path key = key(folder);
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                // locked in this process by a path the table did not know: held; closing this channel would free it
                LEAKED.add(channel);
                return Optional.empty();
            } catch (IOException e) {
                if (!withoutLocks(e)) {
                    channel.close();
                    throw e;
                }
                // a file system without locks: this process's table is all the lock there is
                FolderLock inProcess = new FolderLock(key, channel, null);
                HELD.put(key, inProcess);
                return Optional.of(inProcess);
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            FolderLock held = new FolderLock(key, channel, lock);
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                        0);
            } catch (IOException full) {
                // the id only names the holder in messages; the lock itself is what counts
            }
            if (!lock.isValid() || !channel.isOpen()) {
                // the channel was closed under us (an interrupted thread): there is no lock to keep
                throw new IOException("the lock on " + key + " was lost while it was taken");
            }
            HELD.put(key, held);
            return Optional.of(held);
        }
    }

    /**
     * Takes a folder's lock, trying again for a moment: another process looking whether the folder
     * is held ({@link #isHeld}) holds it for an instant.
     */
    public static Optional<FolderLock> tryAcquire(Path folder, long patienceMillis) throws IOException {
        long deadline = System.nanoTime() + patienceMillis * 1_000_000;
        while (true) {
            Optional<FolderLock> lock = tryAcquire(folder);
            if (lock.isPresent() || System.nanoTime() > deadline) {
                return lock;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return lock;
            }
        }
    }

    /** Channels that must stay open: closing them would release a lock another part of this process holds. */
    private static final java.util.List<FileChannel> LEAKED = new java.util.ArrayList<>();

    /** Returns whether a lock failed because the file system has none (ENOLCK, or not supported). */
    private static boolean withoutLocks(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("no locks available") || m.contains("not supported") || m.contains("not implemented");
    }

    /**
     * Returns whether a process (this one included) holds a folder's lock now. A folder without a
     * lock file is not held; nothing is created.
     */
    public static boolean isHeld(Path folder) {
        Path key = key(folder);
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                return true;
            }
            if (!Files.isRegularFile(key)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.READ)) {
                FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
                if (probe == null) {
                    return true;
                }
                probe.release();
                return false;
            } catch (IOException | RuntimeException unreadable) {
                // a lock file we cannot even read: nobody we could know of holds it
                return false;
            }
        }
    }

    /** Returns the process id the folder's lock holder wrote, when there is one. */
    public static OptionalLong holder(Path folder) {
        Path key = key(folder);
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                return OptionalLong.of(ProcessHandle.current().pid());
            }
            try {
                return OptionalLong.of(Long.parseLong(Files.readString(key, StandardCharsets.US_ASCII).trim()));
            } catch (IOException | NumberFormatException unknown) {
                return OptionalLong.empty();
            }
        }
    }

    /**
     * Names who holds a folder's lock for a message: {@code " in this process"}, {@code " (process
     * 1234)"}, or nothing when unknown.
     */
    public static String holderText(Path folder) {
        return holder(folder).stream().mapToObj(pid -> pid == ProcessHandle.current().pid() ? " in this process"
                : " (process " + pid + ")").findFirst().orElse("");
    }

    /** Releases the lock; the lock file stays. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (HELD.get(key) != this) {
                return;
            }
            HELD.remove(key);
            try {
                if (lock != null) {
                    lock.release();
                }
                channel.close();
            } catch (IOException ignored) {
                // closing the channel releases the lock whatever happened
            }
        }
    }
}
