package org.hypertower.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
        public void write(FileChannel channel, ByteBuffer bytes) throws IOException {
            channel.write(bytes);
        }

        @Override
        public void replace(Path file, byte[] content) throws IOException {
            AtomicFiles.write(file, content);
        }
    };

    /** One write of bytes at a file's end; it may write part of them, or part and then fail. */
    void write(FileChannel channel, ByteBuffer bytes) throws IOException;

    /** Replaces a whole file in one step (see {@link AtomicFiles#write}). */
    void replace(Path file, byte[] content) throws IOException;
}
