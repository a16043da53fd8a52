package org.hypertower.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hypertower.files.AtomicFiles;

/**
 * Every write a run's files make, in one place, so that tests can make any one of them fail the
 * way a full disk does (part of the bytes written, then an error).
 */
interface RunIo {

    /** Writes to the disk itself. */
    RunIo DISK = new RunIo() {
        @Override
        public void write(Path file, FileChannel channel, ByteBuffer bytes) throws IOException {
            channel.write(bytes);
        }

        @Override
        public void replace(Path file, byte[] content) throws IOException {
            AtomicFiles.write(file, content);
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
        }
    };

    /** One write of bytes at the end of a file open as a channel; it may write part of them, or part and then fail. */
    void write(Path file, FileChannel channel, ByteBuffer bytes) throws IOException;

    /** Replaces a whole file in one step (see {@link AtomicFiles#write}). */
    void replace(Path file, byte[] content) throws IOException;

    /** Deletes a file if it exists (the space it held is free again). */
    void delete(Path file) throws IOException;
}
