package org.hypertower.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.hypertower.files.FileErrors;

/**
 * A CSV file written as it grows, whose rows are never torn: rows are collected in memory and
 * reach the file only whole, at most a second or 64 KiB after they were added (so a killed
 * process loses at most that much), and a write that fails part way (a full disk) is cut back
 * to the last whole row before the failure is reported. The header is on disk from the start.
 */
final class CsvFile implements AutoCloseable {

    private static final int FLUSH_BYTES = 64 * 1024;
    private static final long FLUSH_NANOS = 1_000_000_000L;

    private final Path file;
    private final RunIo io;
    private final FileChannel channel;
    private final StringBuilder pending = new StringBuilder();
    private final CSVPrinter printer;
    private long committed;
    private long pendingRows;
    private long committedRows;
    private long lastFlush = System.nanoTime();
    private IOException failure;

    /**
     * Creates the file (it must not exist) and writes its header.
     *
     * @throws IOException naming the file and the reason
     */
    CsvFile(Path file, List<String> header, RunIo io) throws IOException {
        this.file = file;
        this.io = io;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException(FileErrors.cannotWrite(file, e), e);
        }
        printer = new CSVPrinter(pending, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).get());
        flush();
    }

    /** Returns the file. */
    Path file() {
        return file;
    }

    /** Returns whether a write to it failed (it then takes no more rows). */
    boolean failed() {
        return failure != null;
    }

    /**
     * Adds a row; writes the rows collected so far when enough time or bytes have passed.
     *
     * @throws IOException naming the file, once a write has failed
     */
    void add(Iterable<?> row) throws IOException {
        if (failure != null) {
            throw failure;
        }
        printer.printRecord(row);
        pendingRows++;
        if (pending.length() >= FLUSH_BYTES || System.nanoTime() - lastFlush >= FLUSH_NANOS) {
            flush();
        }
    }

    /**
     * Writes every row collected so far.
     *
     * @throws IOException naming the file and the reason; the file then ends with its last whole row
     */
    void flush() throws IOException {
        if (failure != null) {
            throw failure;
        }
        lastFlush = System.nanoTime();
        if (pending.length() == 0) {
            return;
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(pending.toString());
        int size = bytes.remaining();
        try {
            while (bytes.hasRemaining()) {
                io.write(file, channel, bytes);
            }
        } catch (IOException e) {
            failure = new IOException(FileErrors.cannotWrite(file, e), e);
            try {
                channel.truncate(committed);
            } catch (IOException alsoFailing) {
                // readers drop a last line without its newline
            }
            throw failure;
        }
        committed += size;
        committedRows += pendingRows;
        pendingRows = 0;
        pending.setLength(0);
    }

    /** Returns how many rows (the header not counted) are in the file, whole. */
    long rowsOnDisk() {
        return committedRows;
    }

    /** Writes what is collected (unless a write failed) and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            if (failure == null) {
                flush();
            }
        } finally {
            channel.close();
        }
    }
}
