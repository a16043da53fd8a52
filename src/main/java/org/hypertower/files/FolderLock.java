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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * <p>Within one process, locks are also kept in a table by the lock file's identity (device and
 * inode, whatever path names it: a link, a moved folder), because on POSIX systems closing any
 * channel on a locked file releases the process's lock on it: {@link #isHeld} and {@link #holder}
 * never open a file this process has locked. A lock file is deleted only by its holder (see
 * {@link #deleteFile}), so that two processes never hold two files of one name.
 */
public final class FolderLock implements AutoCloseable {

    /** The lock file's name in its folder. */
    public static final String FILE = ".lock";

    /** Locks this process holds, by the lock file's identity; guarded by itself. */
    private static final Map<Object, FolderLock> HELD = new HashMap<>();
    /** Channels that must stay open: closing them would release a lock another part of this process holds. */
    private static final List<FileChannel> LEAKED = new ArrayList<>();

    private final Object key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Object key, Path file, FileChannel channel, FileLock lock) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    private static Path lockFile(Path folder) {
        return folder.toAbsolutePath().normalize().resolve(FILE);
    }

    /**
     * Returns a lock file's identity without opening it: its file key (device and inode) where
     * the file system has one, else its real path; empty when there is no such file.
     */
    private static Optional<Object> identity(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return Optional.of(key != null ? key : file.toRealPath());
        } catch (IOException none) {
            return Optional.empty();
        }
    }

    /**
     * Takes a folder's lock, creating its lock file (the folder must exist).
     *
     * @return the lock, or empty when another process, or another part of this one, holds it
     * @throws IOException when the lock file cannot be created or locked (a read-only folder), or
     *     the lock was lost as it was taken (an interrupted thread)
     */
    public static Optional<FolderLock> tryAcquire(Path folder) throws IOException {
        Path file = lockFile(folder);
        synchronized (HELD) {
            for (int attempt = 0; attempt < 3; attempt++) {
                Optional<Object> before = identity(file);
                if (before.isPresent() && HELD.containsKey(before.get())) {
                    return Optional.empty();
                }
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                Object key = identity(file).orElse(null);
                if (key == null || HELD.containsKey(key)) {
                    // deleted or replaced between the look and the open: look again
                    keepOrClose(channel, key);
                    continue;
                }
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldHere) {
                    LEAKED.add(channel);
                    return Optional.empty();
                } catch (IOException e) {
                    if (!withoutLocks(e)) {
                        channel.close();
                        throw e;
                    }
                    // a file system without locks: this process's table is all the lock there is
                    FolderLock inProcess = new FolderLock(key, file, channel, null);
                    HELD.put(key, inProcess);
                    return Optional.of(inProcess);
                }
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                if (!Objects.equals(identity(file).orElse(null), key)) {
                    // its holder deleted the file as we locked it: this inode no longer names the folder
                    lock.release();
                    channel.close();
                    continue;
                }
                try {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                            .getBytes(StandardCharsets.US_ASCII)), 0);
                } catch (IOException full) {
                    // the id only names the holder in messages; the lock itself is what counts
                }
                if (!lock.isValid() || !channel.isOpen()) {
                    // the channel was closed under us (an interrupted thread): there is no lock to keep
                    throw new IOException("the lock on " + file + " was lost while it was taken");
                }
                FolderLock held = new FolderLock(key, file, channel, lock);
                HELD.put(key, held);
                return Optional.of(held);
            }
            return Optional.empty();
        }
    }

    /** Closes a channel unless this process holds a lock on its file through another one. */
    private static void keepOrClose(FileChannel channel, Object key) throws IOException {
        if (key != null && HELD.containsKey(key)) {
            LEAKED.add(channel);
        } else {
            channel.close();
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
        Path file = lockFile(folder);
        synchronized (HELD) {
            Optional<Object> key = identity(file);
            if (key.isEmpty()) {
                return false;
            }
            if (HELD.containsKey(key.get())) {
                return true;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
                if (probe == null) {
                    return true;
                }
                probe.release();
                return false;
            } catch (IOException unreadable) {
                // a lock file we cannot even read: nobody we could know of holds it
                return false;
            }
        }
    }

    /** Returns the process id the folder's lock holder wrote, when there is one. */
    public static OptionalLong holder(Path folder) {
        Path file = lockFile(folder);
        synchronized (HELD) {
            Optional<Object> key = identity(file);
            if (key.isEmpty()) {
                return OptionalLong.empty();
            }
            if (HELD.containsKey(key.get())) {
                return OptionalLong.of(ProcessHandle.current().pid());
            }
            try {
                return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
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

    /**
     * Deletes the lock file while this lock still holds it, for a folder that is to be removed:
     * a process that locks the file afterwards finds it gone and looks again.
     */
    public void deleteFile() throws IOException {
        synchronized (HELD) {
            if (HELD.get(key) == this) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Releases the lock; the lock file stays (unless {@link #deleteFile} removed it). */
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
