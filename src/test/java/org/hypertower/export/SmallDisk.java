package org.hypertower.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.hypertower.files.AtomicFiles;

/**
 * Run files on a disk of a given size, as a real small file system behaves: every byte written
 * counts; a write that does not fit writes what fits and then fails with "No space left on
 * device"; replacing a file needs room for the new one before the old one's bytes come back;
 * deleting a file gives its bytes back. It can also fail one chosen write once (any write point).
 */
final class SmallDisk implements RunIo {

    private long free;
    private final int failAt;
    private final Map<Path, Long> sizes = new HashMap<>();
    private int calls;
    private boolean failed;

    /**
     * @param bytes the free space
     * @param failAt the write (1-based, counting writes and replacements) that fails once whatever
     *     the space, or 0 for none
     */
    SmallDisk(long bytes, int failAt) {
        this.free = bytes;
        this.failAt = failAt;
    }

    /** A disk with room for everything that counts its writes. */
    static SmallDisk unlimited() {
        return new SmallDisk(Long.MAX_VALUE / 2, 0);
    }

    /** Returns how many writes and replacements were asked for. */
    int calls() {
        return calls;
    }

    /** Returns whether a write failed (for lack of space or by choice). */
    boolean failed() {
        return failed;
    }

    @Override
    public synchronized void write(Path file, FileChannel channel, ByteBuffer bytes) throws IOException {
        calls++;
        int n = bytes.remaining();
        boolean chosen = calls == failAt;
        long fits = chosen ? n / 2 : Math.min(n, free);
        ByteBuffer part = bytes.slice();
        part.limit((int) fits);
        while (part.hasRemaining()) {
            channel.write(part);
        }
        bytes.position(bytes.position() + (int) fits);
        free -= fits;
        sizes.merge(file, fits, Long::sum);
        if (fits < n) {
            failed = true;
            throw new IOException("No space left on device");
        }
    }

    @Override
    public synchronized void replace(Path file, byte[] content) throws IOException {
        calls++;
        if (calls == failAt || content.length > free) {
            failed = true;
            throw new IOException("Cannot write " + file + ": no space left on device.",
                    new IOException("No space left on device"));
        }
        AtomicFiles.write(file, content);
        free -= content.length;
        Long old = sizes.put(file, (long) content.length);
        if (old != null) {
            free += old;
        }
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            Long old = sizes.remove(file);
            if (old != null) {
                free += old;
            }
        }
    }
}
