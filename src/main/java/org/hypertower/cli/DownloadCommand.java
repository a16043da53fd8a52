package org.hypertower.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.hypertower.data.DataDirs;
import org.hypertower.data.DatasetId;
import org.hypertower.data.DownloadListener;
import org.hypertower.data.DownloadProgress;
import org.hypertower.data.Downloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hypertower download DATASET [--data-dir DIR]}: downloads a dataset into the data folder,
 * checks it and extracts it, printing progress to stderr and where the data now is to stdout. It
 * touches no deep-learning engine, so it starts fast. Exit codes: 0 when the data is in place (or,
 * for Iris, bundled), 2 with one line on stderr for an unknown name or a failed download, 130 when
 * cancelled (Ctrl-C removes the partial files before the JVM exits).
 *
 * <p>Hidden for tests and mirrors: the system property {@value Downloader#BASE_PROPERTY} (e.g.
 * {@code HYPERTOWER_JAVA_OPTS=-Dhypertower.download.base=http://127.0.0.1:8000/ ./hypertower download
 * mnist}) replaces the catalog's URLs: each file is fetched from that base URL plus its file name.
 */
@Command(name = "download", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Downloads a dataset into the data folder, checks its MD5 checksums and extracts it. "
                + "Files already there with the right checksum are not downloaded again.")
final class DownloadCommand implements Callable<Integer> {

    /** Exit code of a cancelled download (as after Ctrl-C). */
    static final int CANCELLED = 130;

    /** How often a progress line is printed when stderr is not a terminal. */
    private static final long PLAIN_INTERVAL_NANOS = 2_000_000_000L;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATASET",
            description = "cifar100, cifar10, mnist or fashion-mnist (iris ships with Hypertower).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data folder; the default is $HYPERTOWER_DATA if set, else hypertower/datasets in "
                    + "$XDG_DATA_HOME if set, else in ~/.local/share.")
    Path dataDir;

    @Override
    public Integer call() {
        DatasetId id = DatasetId.byName(dataset).orElseThrow(() -> new UsageException(
                "Unknown dataset '" + dataset + "'; use one of " + DatasetId.names() + "."));
        PrintWriter out = spec.commandLine().getOut();
        if (id.files().isEmpty()) {
            out.println(id.title() + " is bundled with Hypertower; there is nothing to download.");
            out.flush();
            return 0;
        }
        Path dir = DataDirs.downloadDir(Optional.ofNullable(dataDir));
        Downloader downloader = Downloader.configured();
        ProgressPrinter printer = new ProgressPrinter(spec.commandLine().getErr(), System.console() != null);
        // Ctrl-C: let the download remove its partial files before the JVM exits
        Thread hook = new Thread(() -> downloader.cancelAndWait(Duration.ofSeconds(5)));
        Runtime.getRuntime().addShutdownHook(hook);
        Optional<Path> where;
        try {
            where = downloader.download(id, dir, printer);
        } catch (CancellationException e) {
            printer.endLine();
            spec.commandLine().getErr().println("hypertower: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return CANCELLED;
        } finally {
            printer.endLine();
            removeHook(hook);
        }
        out.println(id.title() + " is in " + where.orElse(dir) + ".");
        out.flush();
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting; the hook is cleaning up
        }
    }

    /** Prints progress: one updated line on a terminal, else a line every few seconds and at the end of each file. */
    static final class ProgressPrinter implements DownloadListener {
        private final PrintWriter err;
        private final boolean terminal;
        private String file;
        private long lastPrinted;
        private int width;
        private boolean open;

        ProgressPrinter(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void progress(DownloadProgress p) {
            boolean first = !p.file().equals(file);
            if (first) {
                endLine();
                file = p.file();
            }
            boolean last = p.totalKnown() && p.bytes() >= p.totalBytes();
            String line = format(p);
            if (terminal) {
                String padded = line.length() < width ? line + " ".repeat(width - line.length()) : line;
                width = line.length();
                err.print("\r" + padded);
                open = true;
                if (last) {
                    endLine();
                }
                err.flush();
                return;
            }
            long now = System.nanoTime();
            if (last || first && p.bytes() > 0 || now - lastPrinted >= PLAIN_INTERVAL_NANOS && p.bytes() > 0) {
                err.println(line);
                err.flush();
                lastPrinted = now;
            }
        }

        @Override
        public void notice(String sentence) {
            endLine();
            err.println(sentence);
            err.flush();
        }

        void endLine() {
            if (open) {
                err.println();
                err.flush();
                open = false;
                width = 0;
            }
        }

        static String format(DownloadProgress p) {
            StringBuilder s = new StringBuilder(p.file()).append("  ").append(size(p.bytes()));
            if (p.totalKnown()) {
                s.append(" / ").append(size(p.totalBytes()))
                        .append(String.format(Locale.ROOT, " (%.1f%%)", 100 * p.fraction()));
            }
            return s.append("  ").append(size(Math.round(p.bytesPerSecond()))).append("/s").toString();
        }

        static String size(long bytes) {
            if (bytes < 1024) {
                return bytes + " B";
            }
            String[] units = {"KiB", "MiB", "GiB", "TiB"};
            double v = bytes;
            int u = -1;
            while (v >= 1024 && u < units.length - 1) {
                v /= 1024;
                u++;
            }
            return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
        }
    }
}
