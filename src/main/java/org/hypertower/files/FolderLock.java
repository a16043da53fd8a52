package org.hypertower.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An exclusive lock on a folder, held by the one process that writes it: a run's folder while its
 * run trains, an experiment's folder while its experiment runs. The lock is the operating
 * system's lock on the folder's {@value #FILE} file, so it ends with its process however that
 * process ends (a kill -9 included), and it holds across processes and machines sharing a file
 * system that supports locks. The holder writes its process id into the file, to be named when
 * another process is refused.
 *
 * <p>The lock file is never deleted: a new file of the same name would be a second lock. Within
 * one process, locks are also kept in a table, because on POSIX systems closing any channel on a
 * locked file releases the process's lock on it: {@link #isHeld} and {@link #holder} never open
 * a file this process has locked.
 */
public final class FolderLock implements AutoCloseable {

    /** The lock file's name in its folder. */
    public static final String FILE = ".lock";

    /** Locks this process holds, by the lock file's absolute path; guarded by itself. */
    private static final Map<Path, FolderLock> HELD = new HashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    private static Path lockFile(Path folder) {
        return folder.toAbsolutePath().normalize().resolve(FILE);
    }

    /**
     * Takes a folder's lock, creating its lock file (the folder must exist).
     *
     * @return the lock, or empty when another process, or another part of this one, holds it
     * @throws IOException when the lock file cannot be created or locked (a read-only folder)
     */
    public static Optional<FolderLock> tryAcquire(Path folder) throws IOException {
        Path file = lockFile(folder);
        synchronized (HELD) {
            if (HELD.containsKey(file)) {
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            FolderLock held = new FolderLock(file, channel, lock);
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            } catch (IOException full) {
                // the id only names the holder in messages; the lock itself is what counts
            }
            HELD.put(file, held);
            return Optional.of(held);
        }
    }

    /**
     * Returns whether a process (this one included) holds a folder's lock now. A folder without a
     * lock file is not held; nothing is created.
     */
    public static boolean isHeld(Path folder) {
        Path file = lockFile(folder);
        synchronized (HELD) {
            if (HELD.containsKey(file)) {
                return true;
            }
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
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

    /** Returns the process id the folder's lock holder wrote, when the lock is held by another process. */
    public static OptionalLong holder(Path folder) {
        Path file = lockFile(folder);
        synchronized (HELD) {
            if (HELD.containsKey(file)) {
                return OptionalLong.of(ProcessHandle.current().pid());
            }
            try {
                return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
            } catch (IOException | NumberFormatException unknown) {
                return OptionalLong.empty();
            }
        }
    }

    /** Returns the lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock; the lock file stays. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (HELD.get(file) != this) {
                return;
            }
            HELD.remove(file);
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the channel releases the lock whatever happened
            }
        }
    }
}
