package org.hypertower.files;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A text file streamed into place like {@link AtomicFiles}, for output too large to hold in memory
 * and for commands that should learn that a path is unwritable before long work: {@link #create}
 * opens the temporary file next to the target at once, {@link #write} fills it, forces it to disk
 * and renames it over the target, and {@link #close} removes it if that did not happen. The target
 * is either as it was or whole, never half written. Call order: create, write at most once, close.
 */
public final class AtomicOutput implements Closeable {

    private final Path file;
    private final Path target;
    private final Path tmp;
    private final FileChannel channel;
    private boolean done;
    private boolean inPlace;

    /** Writes the content of the output. */
    @FunctionalInterface
    public interface Body {
        /** Writes the text; the writer is closed by the caller. */
        void write(Writer out) throws IOException;
    }

    private AtomicOutput(Path file, Path target, Path tmp, FileChannel channel) {
        this.file = file;
        this.target = target;
        this.tmp = tmp;
        this.channel = channel;
    }

    /**
     * Opens the temporary file for a target, checking that the target can be written.
     *
     * @throws IOException whose message is one sentence naming the file and the reason
     */
    public static AtomicOutput create(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            // the operating system's own words for it, which FileErrors turns into "it is a folder, not a file"
            FileSystemException isFolder = new FileSystemException(file.toString(), null, "Is a directory");
            throw new IOException(FileErrors.cannotWrite(file, isFolder));
        }
        Path folder = target.getParent();
        if (folder != null && Files.notExists(folder)) {
            // "Cannot write out/x.csv: it does not exist" would sound as if the file should exist
            Path named = file.getParent() != null ? file.getParent() : folder;
            throw new IOException(FileErrors.cannotWrite(file, new IOException("the folder " + named + " does not exist")));
        }
        Path tmp = AtomicFiles.temporaryFor(target);
        try {
            return new AtomicOutput(file, target, tmp,
                    FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new IOException(FileErrors.cannotWrite(file, e), e);
        }
    }

    /**
     * Writes the content and puts the file in place in one step.
     *
     * @throws IOException whose message is one sentence naming the file and the reason (the file is
     *     then as it was before)
     */
    public void write(Body body) throws IOException {
        if (done) {
            throw new IllegalStateException("written already");
        }
        done = true;
        try {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8))) {
                body.write(out);
                out.flush();
                channel.force(true);
            }
            AtomicFiles.moveIntoPlace(tmp, target);
            inPlace = true;
        } catch (IOException e) {
            deleteTemporary();
            throw new IOException(FileErrors.cannotWrite(file, e), e);
        }
    }

    /** Removes the temporary file unless {@link #write} put it in place. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        }
        if (!inPlace) {
            deleteTemporary();
        }
    }

    private void deleteTemporary() {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the folder itself is failing; the caller reports the first error
        }
    }
}
