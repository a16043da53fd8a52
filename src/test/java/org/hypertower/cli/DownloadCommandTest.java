package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hypertower.data.DatasetId;
import org.hypertower.data.DownloadProgress;
import org.hypertower.data.Downloader;
import org.hypertower.data.DownloaderTest;
import org.hypertower.data.DownloaderTest.LocalServer;
import org.hypertower.data.RemoteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hypertower download}, run in-process against a local HTTP server on 127.0.0.1 through the
 * hidden base-URL property; the catalog's real checksums make every served file a mismatch, which is
 * as far as an offline test can take the real catalog.
 */
class DownloadCommandTest {

    @TempDir
    Path tmp;

    LocalServer server;
    String baseBefore;

    @BeforeEach
    void start() throws IOException {
        server = new LocalServer();
        baseBefore = System.getProperty(Downloader.BASE_PROPERTY);
    }

    @AfterEach
    void stop() {
        server.close();
        if (baseBefore == null) {
            System.clearProperty(Downloader.BASE_PROPERTY);
        } else {
            System.setProperty(Downloader.BASE_PROPERTY, baseBefore);
        }
    }



    private static List<String> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /** The last stderr line is one user-facing sentence, with no stack trace anywhere. */
    private static String lastErrorLine(CliResult r) {
        assertEquals(Main.USAGE, r.code(), r.err());
        List<String> lines = r.errLines();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("hypertower: "), last);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.err().contains("Exception"), "no exception names: " + r.err());
        return last;
    }

    // ---------------------------------------------------------------- usage

    @Test
    void helpExitsZero() {
        CliResult r = CliResult.execute("download", "--help");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: hypertower download "), r.out());
        assertTrue(r.out().contains("--data-dir"), r.out());
        assertFalse(r.out().contains(Downloader.BASE_PROPERTY), "the base-URL property stays hidden");
        assertEquals("", r.err());
    }

    @Test
    void theCommandIsListedInTheUsage() {
        CliResult r = CliResult.execute("--help");

        assertTrue(r.out().contains("download"), r.out());
    }

    @Test
    void anUnknownDatasetExitsTwoListingTheNames() {
        CliResult r = CliResult.execute("download", "imagenet", "--data-dir", tmp.toString());

        assertEquals(Main.USAGE, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("hypertower: ") && line.contains("'imagenet'"), line);
        assertTrue(line.contains(DatasetId.names()), line);
        assertEquals("", r.out());
        assertEquals(0, server.totalHits());
    }

    @Test
    void aMissingDatasetExitsTwo() {
        CliResult r = CliResult.execute("download");

        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("DATASET"), r.err());
    }

    @Test
    void irisIsBundledSoThereIsNothingToDownload() throws IOException {
        Path data = tmp.resolve("data");

        CliResult r = CliResult.execute("download", "iris", "--data-dir", data.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals("Iris is bundled with Hypertower; there is nothing to download.", r.out().strip());
        assertEquals("", r.err());
        assertFalse(Files.exists(data));
    }

    // ---------------------------------------------------------------- end to end, through the base-URL property

    @Test
    void downloadFetchesFromTheBaseUrlShowsProgressAndRefusesAChecksumMismatch() throws IOException {
        RemoteFile first = DatasetId.MNIST.files().get(0);
        byte[] notMnist = DownloaderTest.gzip(DownloaderTest.random(20_000, 1));
        for (RemoteFile f : DatasetId.MNIST.files()) {
            server.serve(f.fileName(), notMnist);
        }
        System.setProperty(Downloader.BASE_PROPERTY, server.base().toString());
        Path data = tmp.resolve("data");

        CliResult r = CliResult.execute("download", "mnist", "--data-dir", data.toString());

        String last = lastErrorLine(r);
        assertTrue(last.contains(first.fileName()) && last.contains(first.md5()) && last.contains(DownloaderTest.md5(notMnist)),
                last);
        assertEquals(1, server.hits(first.fileName()), "fetched from the base URL");
        assertEquals(1, server.totalHits(), "stops at the first bad file");
        String progress = r.errLines().get(0);
        assertTrue(progress.matches(first.fileName() + "  19\\.\\d KiB / 19\\.\\d KiB \\(100\\.0%\\)  .+/s"), progress);
        assertEquals(List.of(), filesUnder(data), "nothing kept");
        assertEquals("", r.out());
    }

    @Test
    void anHttpErrorSaysWhereToGetTheFileAndWhereToPutIt() throws IOException {
        System.setProperty(Downloader.BASE_PROPERTY, server.base().toString());
        Path data = tmp.resolve("data");
        String name = DatasetId.FASHION_MNIST.files().get(0).fileName();

        CliResult r = CliResult.execute("download", "fashion-mnist", "--data-dir", data.toString());

        String last = lastErrorLine(r);
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("hypertower: The download of " + name + " failed (the server answered HTTP 404, not found); get it by"
                + " hand from " + server.uri(name) + " and put it in " + data.toAbsolutePath().resolve("fashion-mnist") + ".",
                last);
        assertEquals(List.of(), filesUnder(data));
    }

    @Test
    void noServerGivesOneSentenceWithTheUrlAndTheFolder() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        System.setProperty(Downloader.BASE_PROPERTY, base.toString());
        Path data = tmp.resolve("data");
        String archive = DatasetId.CIFAR100.files().get(0).fileName();

        CliResult r = CliResult.execute("download", "cifar100", "--data-dir", data.toString());

        assertEquals(List.of("hypertower: The download of " + archive + " failed (cannot connect to 127.0.0.1:" + port
                + "); get it by hand from " + base.resolve(archive) + " and put it in " + data.toAbsolutePath()
                + ", where the next download checks and extracts it."), r.errLines());
        assertEquals(Main.USAGE, r.code());
        assertEquals(List.of(), filesUnder(data));
    }

    @Test
    void aBaseUrlThatIsNotHttpExitsTwo() {
        System.setProperty(Downloader.BASE_PROPERTY, "file:///srv/mirror/");

        CliResult r = CliResult.execute("download", "mnist", "--data-dir", tmp.toString());

        assertEquals(List.of("hypertower: The download base URL file:///srv/mirror/ must be an http:// or https:// URL with"
                + " a host."), r.errLines());
        assertEquals(Main.USAGE, r.code());
    }

    @Test
    void downloadDoesNotLoadTheDeepLearningEngine() throws IOException, InterruptedException {
        // a fresh JVM, so that classes other tests loaded do not count
        for (RemoteFile f : DatasetId.MNIST.files()) {
            server.serve(f.fileName(), new byte[] {1, 2, 3});
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xlog:class+load=info", "-cp",
                System.getProperty("java.class.path"), "-D" + Downloader.BASE_PROPERTY + "=" + server.base(),
                Main.class.getName(), "download", "mnist", "--data-dir", tmp.resolve("data").toString()));
        Path log = tmp.resolve("classes.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertTrue(ended, "the command ends");
        assertEquals(Main.USAGE, p.exitValue(), output.lines().filter(l -> !l.startsWith("[")).toList().toString());
        assertTrue(output.contains("org.hypertower.data.Downloader "), "the log lists loaded classes");
        assertEquals(1, server.hits(DatasetId.MNIST.files().get(0).fileName()), "it reached the server");
        List<String> djl = output.lines().filter(l -> l.contains(" ai.djl.")).toList();
        assertEquals(List.of(), djl, "no DJL class is loaded");
    }

    // ---------------------------------------------------------------- progress lines

    @Test
    void progressLinesShowSizesPercentAndRate() {
        long mib = 1024 * 1024;
        DownloadProgress p = new DownloadProgress("cifar-100-binary.tar.gz", Math.round(12.3 * mib), Math.round(160.7 * mib),
                3.1 * mib);

        assertEquals("cifar-100-binary.tar.gz  12.3 MiB / 160.7 MiB (7.7%)  3.1 MiB/s",
                DownloadCommand.ProgressPrinter.format(p));
        assertEquals("train-labels-idx1-ubyte.gz  512 B  1.0 KiB/s",
                DownloadCommand.ProgressPrinter.format(new DownloadProgress("train-labels-idx1-ubyte.gz", 512, -1, 1024)));
    }

    @Test
    void onATerminalTheLineIsUpdatedInPlace() {
        StringWriter err = new StringWriter();
        DownloadCommand.ProgressPrinter printer = new DownloadCommand.ProgressPrinter(new PrintWriter(err), true);

        printer.progress(new DownloadProgress("a.gz", 0, 2048, 0));
        printer.progress(new DownloadProgress("a.gz", 1024, 2048, 1024));
        printer.progress(new DownloadProgress("a.gz", 2048, 2048, 2048));
        printer.notice("a.gz done.");

        String[] lines = err.toString().split("\n", -1);
        assertEquals(3, lines.length, err.toString());
        assertTrue(lines[0].startsWith("\ra.gz  0 B / 2.0 KiB (0.0%)") && lines[0].contains("\ra.gz  2.0 KiB / 2.0 KiB (100.0%)"),
                lines[0]);
        assertEquals("a.gz done.", lines[1]);
    }

    @Test
    void offATerminalPlainLinesAreWrittenAndTheLastAlways() {
        StringWriter err = new StringWriter();
        DownloadCommand.ProgressPrinter printer = new DownloadCommand.ProgressPrinter(new PrintWriter(err), false);

        printer.progress(new DownloadProgress("a.gz", 0, 4096, 0));
        printer.progress(new DownloadProgress("a.gz", 1024, 4096, 1024));
        printer.progress(new DownloadProgress("a.gz", 2048, 4096, 1024));
        printer.progress(new DownloadProgress("a.gz", 4096, 4096, 2048));

        List<String> lines = err.toString().lines().toList();
        assertFalse(err.toString().contains("\r"));
        assertEquals(List.of("a.gz  1.0 KiB / 4.0 KiB (25.0%)  1.0 KiB/s", "a.gz  4.0 KiB / 4.0 KiB (100.0%)  2.0 KiB/s"),
                lines);
    }
}
