package org.hypertower.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files that readers rely on (run.json, reports, summaries) so that a reader never sees
 * them empty or half written: the content goes to a hidden temporary file in the same folder, is
 * forced to disk, and is renamed over the file in one step. A crash, a kill or a full disk at any
 * point leaves either the old file or the new one, whole, and at most a stray temporary file,
 * which {@link #isTemporary} recognizes.
 */
public final class AtomicFiles {

    private static final String SUFFIX = ".tmp";
    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {}

    /** Writes a text in UTF-8; see {@link #write(Path, byte[])}. */
    public static void writeString(Path file, CharSequence text) throws IOException {
        write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces a file's content in one step.
     *
     * @throws IOException whose message is one sentence naming the file and the reason (the file
     *     is then as it was before)
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = temporaryFor(target);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the folder itself is failing; the first error says why
            }
            throw new IOException(FileErrors.cannotWrite(file, e), e);
        }
    }

    /** Returns a new temporary file's name for a target: hidden, in the same folder, unique in this process. */
    static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + COUNTER.incrementAndGet() + SUFFIX);
    }

    /** Renames a finished temporary file over its target, in one step where the file system can. */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notHere) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Returns whether a file name is one of this class's temporary files (left behind by a crash). */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(SUFFIX);
    }
}
