package org.hypertower.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How far a run is, read from the files its worker writes as it goes ({@code steps.csv} and
 * {@code epochs.csv}, whole rows only): the steps and epochs recorded, and the steps of one epoch
 * once the first has ended. Each {@link #poll()} reads only what was appended since the last one,
 * so watching a long run costs little. Not thread-safe: poll from one thread.
 */
public final class RunProgress {

    /**
     * A run's progress.
     *
     * @param steps the steps recorded
     * @param epochs the epochs ended
     * @param totalEpochs the epochs the run is to train
     * @param stepsPerEpoch the steps of one epoch, or 0 before the first epoch has ended
     */
    public record Snapshot(long steps, int epochs, int totalEpochs, long stepsPerEpoch) {

        /** Returns the fraction done in [0, 1], or -1 while it cannot be told (before the first epoch ends). */
        public double fraction() {
            if (stepsPerEpoch > 0 && totalEpochs > 0) {
                return Math.min(1, steps / ((double) stepsPerEpoch * totalEpochs));
            }
            return -1;
        }

        /** Returns the progress in words: {@code step 1,234 of 3,000 · epoch 3 of 10}, or {@code starting}. */
        public String text() {
            if (steps == 0) {
                return "starting";
            }
            String of = stepsPerEpoch > 0 ? String.format(Locale.ROOT, " of %,d", stepsPerEpoch * totalEpochs) : "";
            return String.format(Locale.ROOT, "step %,d%s · epoch %d of %d", steps, of,
                    Math.min(totalEpochs, epochs + 1), totalEpochs);
        }
    }

    private final Path folder;
    private final int totalEpochs;
    private final LineCounter stepRows;
    private final LineCounter epochRows;
    private long stepsPerEpoch;

    /**
     * @param folder the run's folder (it may not exist yet)
     * @param totalEpochs the epochs the run is to train
     */
    public RunProgress(Path folder, int totalEpochs) {
        this.folder = folder;
        this.totalEpochs = totalEpochs;
        this.stepRows = new LineCounter(folder.resolve("steps.csv"));
        this.epochRows = new LineCounter(folder.resolve("epochs.csv"));
    }

    /** Returns the run's folder. */
    public Path folder() {
        return folder;
    }

    /** Reads what was appended since the last poll; a file not there yet counts as empty. */
    public Snapshot poll() {
        stepRows.update();
        epochRows.update();
        if (stepsPerEpoch == 0 && epochRows.lines() >= 2) {
            stepsPerEpoch = firstEpochSteps();
        }
        return new Snapshot(Math.max(0, stepRows.lines() - 1), (int) Math.max(0, epochRows.lines() - 1), totalEpochs,
                stepsPerEpoch);
    }

    /** The {@code steps} column of the first epoch's row: how many steps one epoch takes. */
    private long firstEpochSteps() {
        try (var lines = Files.lines(folder.resolve("epochs.csv"), StandardCharsets.UTF_8)) {
            String row = lines.skip(1).findFirst().orElse("");
            String[] fields = row.split(",");
            return fields.length > 1 ? Long.parseLong(fields[1].trim()) : 0;
        } catch (IOException | RuntimeException e) {
            return 0; // told at a later poll
        }
    }

    /** Counts the newline-ended lines of a file that only grows (or is replaced by a shorter one). */
    private static final class LineCounter {
        private final Path file;
        private final byte[] buffer = new byte[64 * 1024];
        private long offset;
        private long lines;

        LineCounter(Path file) {
            this.file = file;
        }

        long lines() {
            return lines;
        }

        void update() {
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                if (channel.size() < offset) {
                    // replaced (a run started again in the same folder): count afresh
                    offset = 0;
                    lines = 0;
                }
                channel.position(offset);
                try (InputStream in = Channels.newInputStream(channel)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        for (int i = 0; i < n; i++) {
                            if (buffer[i] == '\n') {
                                lines++;
                            }
                        }
                        offset += n;
                    }
                }
            } catch (NoSuchFileException notYet) {
                // the worker has not written it yet
            } catch (IOException e) {
                // read again at the next poll
            }
        }
    }
}
