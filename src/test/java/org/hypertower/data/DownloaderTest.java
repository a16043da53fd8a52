package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The downloader against a local HTTP server on 127.0.0.1: placement, checksums, progress, failures
 * with their one-sentence messages, archive safety, files already present, and cancellation.
 */
public class DownloaderTest {

    private static final String CIFAR = "cifar-100-binary";
    private static final String CIFAR_ARCHIVE = "cifar-100-binary.tar.gz";

    @TempDir
    Path tmp;

    Path dataDir;
    LocalServer server;
    final Recorder recorder = new Recorder();

    @BeforeEach
    void start() throws IOException {
        dataDir = tmp.resolve("data");
        server = new LocalServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ fixtures

    /** A local HTTP server on 127.0.0.1 with a hit count per path. */
    public static final class LocalServer implements AutoCloseable {
        private final HttpServer http;
        private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        });
        private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

        public LocalServer() throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.setExecutor(executor);
            http.start();
        }

        /** Serves {@code body} at {@code /name}. */
        public LocalServer serve(String name, byte[] body) {
            return handle(name, ex -> send(ex, body));
        }

        /** Handles {@code /name}, counting each request. */
        public LocalServer handle(String name, HttpHandler handler) {
            AtomicInteger count = hits.computeIfAbsent(name, k -> new AtomicInteger());
            http.createContext("/" + name, ex -> {
                count.incrementAndGet();
                try {
                    handler.handle(ex);
                } catch (IOException e) {
                    // the client went away, or a test handler cut the response short on purpose
                } finally {
                    ex.close();
                }
            });
            return this;
        }

        /** Returns how often {@code /name} was asked for. */
        public int hits(String name) {
            AtomicInteger n = hits.get(name);
            return n == null ? 0 : n.get();
        }

        /** Returns the total number of requests. */
        public int totalHits() {
            return hits.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        /** Returns the server's base URL, ending with a slash. */
        public URI base() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        }

        public URI uri(String name) {
            return base().resolve(name);
        }

        public static void send(HttpExchange ex, byte[] body) throws IOException {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void close() {
            http.stop(0);
            executor.shutdownNow();
        }
    }

    /** Records what the listener hears. */
    static final class Recorder implements DownloadListener {
        final List<DownloadProgress> progress = new CopyOnWriteArrayList<>();
        final List<String> notices = new CopyOnWriteArrayList<>();

        @Override
        public void progress(DownloadProgress p) {
            progress.add(p);
        }

        @Override
        public void notice(String sentence) {
            notices.add(sentence);
        }

        boolean noticed(String fragment) {
            return notices.stream().anyMatch(n -> n.contains(fragment));
        }
    }

    /** Writes tar entries into a {@code .tar.gz}. */
    @FunctionalInterface
    public interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    public static byte[] tarGz(TarWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            writer.write(tar);
        }
        return bytes.toByteArray();
    }

    public static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"));
        tar.closeArchiveEntry();
    }

    public static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // keep a leading slash as it is
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    public static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    public static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A tiny CIFAR-100 binary layout: cifar-100-binary/{train,test}.bin and the label name files. */
    static final Map<String, byte[]> CIFAR_FILES = Map.of(
            CIFAR + "/train.bin", random(3 * 3074, 1),
            CIFAR + "/test.bin", random(2 * 3074, 2),
            CIFAR + "/fine_label_names.txt", "apple\naquarium_fish\nbaby\n".getBytes(StandardCharsets.UTF_8),
            CIFAR + "/coarse_label_names.txt", "aquatic_mammals\nfish\n".getBytes(StandardCharsets.UTF_8));

    static byte[] cifarArchive() throws IOException {
        return tarGz(tar -> {
            dir(tar, CIFAR);
            for (var e : CIFAR_FILES.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                file(tar, e.getKey(), e.getValue());
            }
        });
    }

    static RemoteFile remote(String name, byte[] content, boolean archive) {
        return new RemoteFile("https://example.invalid/" + name, name, md5(content), content.length, archive);
    }

    Downloader downloader() {
        return new Downloader(Downloader.under(server.base()));
    }

    /** Every regular file under a folder, relative to it, with '/' separators. */
    static List<String> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !Files.isDirectory(p))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    /** Every entry directly in a folder (files, folders, hidden ones), by name. */
    static List<String> namesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ success

    @Test
    void downloadsChecksExtractsAndPlacesAnArchive() throws IOException {
        byte[] archive = cifarArchive();
        server.serve(CIFAR_ARCHIVE, archive);

        Path where = downloader().download(List.of(remote(CIFAR_ARCHIVE, archive, true)), dataDir, CIFAR, recorder);

        assertEquals(dataDir.toAbsolutePath().resolve(CIFAR), where);
        for (var e : CIFAR_FILES.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(dataDir.resolve(e.getKey())), e.getKey());
        }
        assertArrayEquals(archive, Files.readAllBytes(dataDir.resolve(CIFAR_ARCHIVE)), "the archive is kept");
        assertEquals(List.of(CIFAR, CIFAR_ARCHIVE), namesIn(dataDir), "no .part file, no temporary folder");
        assertEquals(CIFAR_FILES.keySet().stream().sorted().toList(),
                filesUnder(dataDir).stream().filter(f -> f.startsWith(CIFAR + "/")).toList());
        assertEquals(1, server.hits(CIFAR_ARCHIVE));
        assertTrue(recorder.noticed("Extracting " + CIFAR_ARCHIVE), recorder.notices.toString());
    }

    @Test
    void plainGzFilesStayCompressedInTheDatasetFolder() throws IOException {
        byte[] images = gzip(random(16 + 2 * 784, 3));
        byte[] labels = gzip(random(8 + 2, 4));
        server.serve("train-images-idx3-ubyte.gz", images).serve("train-labels-idx1-ubyte.gz", labels);

        Path where = downloader().download(List.of(remote("train-images-idx3-ubyte.gz", images, false),
                remote("train-labels-idx1-ubyte.gz", labels, false)), dataDir, "mnist", recorder);

        assertEquals(dataDir.toAbsolutePath().resolve("mnist"), where);
        assertEquals(List.of("mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz"), filesUnder(dataDir));
        assertArrayEquals(images, Files.readAllBytes(where.resolve("train-images-idx3-ubyte.gz")));
        assertArrayEquals(labels, Files.readAllBytes(where.resolve("train-labels-idx1-ubyte.gz")));
    }

    @Test
    void aWrongFileInPlaceIsReplacedAtomically() throws IOException {
        byte[] content = gzip(random(5000, 5));
        server.serve("a.gz", content);
        Path target = dataDir.resolve("mnist").resolve("a.gz");
        Files.createDirectories(target.getParent());
        Files.write(target, "stale".getBytes(StandardCharsets.UTF_8));

        downloader().download(List.of(remote("a.gz", content, false)), dataDir, "mnist", recorder);

        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(List.of("a.gz"), namesIn(target.getParent()));
        assertTrue(recorder.noticed("wrong checksum"), recorder.notices.toString());
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        byte[] content = gzip(random(1000, 6));
        server.serve("moved/b.gz", content).handle("b.gz", ex -> {
            ex.getResponseHeaders().add("Location", server.uri("moved/b.gz").toString());
            ex.sendResponseHeaders(302, -1);
        });

        downloader().download(List.of(remote("b.gz", content, false)), dataDir, "mnist", recorder);

        assertArrayEquals(content, Files.readAllBytes(dataDir.resolve("mnist/b.gz")));
        assertEquals(1, server.hits("moved/b.gz"));
    }

    @Test
    void progressIsMonotoneThrottledAndEndsAtTheSize() throws IOException {
        byte[] content = random(2 * 1024 * 1024, 7);
        int chunk = 32 * 1024;
        server.handle("big.bin", ex -> {
            ex.sendResponseHeaders(200, content.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int off = 0; off < content.length; off += chunk) {
                    out.write(content, off, Math.min(chunk, content.length - off));
                    out.flush();
                    sleep(8);
                }
            }
        });
        long start = System.nanoTime();

        downloader().download(List.of(remote("big.bin", content, false)), dataDir, "x", recorder);

        double seconds = (System.nanoTime() - start) / 1e9;
        List<DownloadProgress> events = recorder.progress;
        assertTrue(events.size() >= 2, events.toString());
        assertEquals(0, events.get(0).bytes(), "a first event when the transfer starts");
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).bytes() >= events.get(i - 1).bytes(), "monotone: " + events);
        }
        DownloadProgress last = events.get(events.size() - 1);
        assertEquals(content.length, last.bytes());
        assertEquals(content.length, last.totalBytes());
        assertEquals(1.0, last.fraction());
        assertTrue(last.bytesPerSecond() > 0, last.toString());
        events.forEach(e -> assertEquals("big.bin", e.file()));
        assertTrue(events.size() <= seconds * 10 + 3, events.size() + " events in " + seconds + " s");
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aChecksumMismatchKeepsNothingAndNamesBothChecksums() throws IOException {
        byte[] content = gzip(random(3000, 8));
        server.serve("c.gz", content);
        String expected = "0123456789abcdef0123456789abcdef";
        RemoteFile file = new RemoteFile("https://example.invalid/c.gz", "c.gz", expected, content.length, false);

        DataException e = assertThrows(DataException.class,
                () -> downloader().download(List.of(file), dataDir, "mnist", recorder));

        assertTrue(e.getMessage().contains("c.gz"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(md5(content)), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("source changed"), e.getMessage());
        assertEquals(List.of(), filesUnder(dataDir), "nothing in place, no .part file");
    }

    /** A failure to fetch: one sentence with the reason, the URL to get the file from and the folder to put it in. */
    private static void assertFetchFailure(DataException e, String file, URI url, Path folder, String reason) {
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("The download of " + file + " failed ("), m);
        assertTrue(m.contains(reason), () -> "'" + m + "' should contain '" + reason + "'");
        assertTrue(m.contains("get it by hand from " + url + " "), m);
        assertTrue(m.contains(" put it in " + folder.toAbsolutePath()), m);
        assertTrue(m.endsWith("."), m);
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 500})
    void anHttpErrorFailsWithOneSentenceAndKeepsNothing(int status) throws IOException {
        server.handle("d.gz", ex -> ex.sendResponseHeaders(status, -1));
        byte[] content = gzip(random(100, 9));

        DataException e = assertThrows(DataException.class,
                () -> downloader().download(List.of(remote("d.gz", content, false)), dataDir, "mnist", recorder));

        assertFetchFailure(e, "d.gz", server.uri("d.gz"), dataDir.resolve("mnist"), "HTTP " + status);
        assertEquals(List.of(), filesUnder(dataDir));
    }

    @Test
    void aRefusedConnectionFailsWithOneSentenceNamingTheUrlAndTheFolder() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        byte[] content = gzip(random(100, 10));

        DataException e = assertThrows(DataException.class, () -> new Downloader(Downloader.under(base))
                .download(List.of(remote("e.gz", content, false)), dataDir, "mnist", recorder));

        assertFetchFailure(e, "e.gz", base.resolve("e.gz"), dataDir.resolve("mnist"), "cannot connect to 127.0.0.1:" + port);
        assertEquals(List.of(), filesUnder(dataDir));
        assertFalse(Files.exists(dataDir.resolve("mnist")), "the folder made for it is removed again");
    }

    @Test
    void aRefusedArchiveSaysToPutItInTheDataFolder() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");

        DataException e = assertThrows(DataException.class, () -> new Downloader(Downloader.under(base))
                .download(List.of(remote(CIFAR_ARCHIVE, new byte[] {1}, true)), dataDir, CIFAR, recorder));

        assertFetchFailure(e, CIFAR_ARCHIVE, base.resolve(CIFAR_ARCHIVE), dataDir, "cannot connect");
        assertTrue(e.getMessage().contains("put it in " + dataDir.toAbsolutePath() + ", where the next download checks and"
                + " extracts it."), e.getMessage());
    }

    @Test
    void aTruncatedResponseFailsAndKeepsNothing() throws IOException {
        byte[] content = random(50_000, 11);
        server.handle("f.bin", ex -> {
            ex.sendResponseHeaders(200, content.length + 1000L);
            OutputStream out = ex.getResponseBody();
            out.write(content);
            out.flush();
            // closing now, 1000 bytes short, ends the connection
        });

        DataException e = assertThrows(DataException.class,
                () -> downloader().download(List.of(remote("f.bin", content, false)), dataDir, "mnist", recorder));

        assertFetchFailure(e, "f.bin", server.uri("f.bin"), dataDir.resolve("mnist"), "the connection closed after ");
        assertTrue(e.getMessage().contains(" of " + (content.length + 1000) + " bytes"), e.getMessage());
        assertEquals(List.of(), filesUnder(dataDir));
    }

    @Test
    void aServerThatStopsSendingTimesOutAndKeepsNothing() throws IOException {
        byte[] content = random(10_000, 12);
        CountDownLatch release = new CountDownLatch(1);
        server.handle("g.bin", ex -> {
            ex.sendResponseHeaders(200, content.length);
            OutputStream out = ex.getResponseBody();
            out.write(content, 0, 100);
            out.flush();
            await(release);
        });
        Downloader d = new Downloader(Downloader.under(server.base()), Duration.ofSeconds(5), Duration.ofSeconds(1));

        try {
            DataException e = assertThrows(DataException.class,
                    () -> d.download(List.of(remote("g.bin", content, false)), dataDir, "mnist", recorder));
            assertFetchFailure(e, "g.bin", server.uri("g.bin"), dataDir.resolve("mnist"),
                    "the server sent nothing for 1 s after 100 of 10000 bytes");
        } finally {
            release.countDown();
        }
        assertEquals(List.of(), filesUnder(dataDir));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        server.handle("h.bin", ex -> await(release));
        Downloader d = new Downloader(Downloader.under(server.base()), Duration.ofSeconds(5), Duration.ofMillis(300));

        try {
            DataException e = assertThrows(DataException.class,
                    () -> d.download(List.of(remote("h.bin", new byte[10], false)), dataDir, "mnist", recorder));
            assertFetchFailure(e, "h.bin", server.uri("h.bin"), dataDir.resolve("mnist"), "no answer from 127.0.0.1:");
        } finally {
            release.countDown();
        }
        assertEquals(List.of(), filesUnder(dataDir));
    }

    @Test
    void aFileNameThatIsAPathIsRefused() {
        RemoteFile sneaky = new RemoteFile("https://example.invalid/x", "../x.gz", md5(new byte[0]), 0, false);

        DataException e = assertThrows(DataException.class,
                () -> downloader().download(List.of(sneaky), dataDir, "mnist", recorder));

        assertTrue(e.getMessage().contains("'../x.gz'"), e.getMessage());
        assertEquals(0, server.totalHits());
    }

    // ------------------------------------------------------------------ file failures in words
    // (a data folder the user may not write is tested end to end, as an unprivileged user, in cli.UnreadableDataTest)

    @Test
    void aDataFolderThatIsAFileIsSaidInWordsNotAsThePath() throws IOException {
        Files.write(dataDir, new byte[] {1});
        byte[] content = gzip(random(100, 20));

        DataException plain = assertThrows(DataException.class,
                () -> downloader().download(List.of(remote("j.gz", content, false)), dataDir, "mnist", recorder));
        DataException archive = assertThrows(DataException.class,
                () -> downloader().download(List.of(remote(CIFAR_ARCHIVE, content, true)), dataDir, CIFAR, recorder));

        assertEquals("Cannot make the folder " + dataDir.resolve("mnist") + " for j.gz: a part of the path is a file, "
                + "not a folder.", plain.getMessage());
        assertEquals("Cannot make the folder " + dataDir + " for " + CIFAR_ARCHIVE + ": a file of that name is in the way.",
                archive.getMessage());
        assertEquals(0, server.totalHits());
    }

    @Test
    void aFolderInPlaceOfTheFileIsSaidInWordsAndNothingIsKept() throws IOException {
        byte[] content = gzip(random(100, 21));
        server.serve("k.gz", content);
        Path target = Files.createDirectories(dataDir.resolve("mnist").resolve("k.gz"));

        DataException e = assertThrows(DataException.class,
                () -> downloader().download(List.of(remote("k.gz", content, false)), dataDir, "mnist", recorder));

        assertEquals("Cannot store " + target + ": it is a folder, not a file.", e.getMessage());
        assertEquals(List.of("k.gz"), namesIn(target.getParent()), "no .part file");
    }

    // ------------------------------------------------------------------ unsafe archives

    private void assertRefused(byte[] archive, String entry) throws IOException {
        server.serve(CIFAR_ARCHIVE, archive);

        DataException e = assertThrows(DataException.class, () -> downloader()
                .download(List.of(remote(CIFAR_ARCHIVE, archive, true)), dataDir, CIFAR, recorder));

        assertTrue(e.getMessage().contains(CIFAR_ARCHIVE), e.getMessage());
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of(), namesIn(dataDir), "nothing extracted, no temporary folder, the archive deleted");
        assertEquals(List.of("data"), namesIn(tmp), "nothing written outside the data folder");
    }

    @Test
    void anEntryWithDotDotIsRefused() throws IOException {
        byte[] archive = tarGz(tar -> {
            dir(tar, CIFAR);
            file(tar, CIFAR + "/train.bin", random(100, 13));
            file(tar, "../evil", "evil".getBytes(StandardCharsets.UTF_8));
        });

        assertRefused(archive, "../evil");
        assertTrue(Files.notExists(tmp.resolve("evil")));
    }

    @Test
    void aNestedEntryThatClimbsOutIsRefused() throws IOException {
        byte[] archive = tarGz(tar -> file(tar, CIFAR + "/../../evil", "evil".getBytes(StandardCharsets.UTF_8)));

        assertRefused(archive, CIFAR + "/../../evil");
    }

    @Test
    void anAbsoluteEntryIsRefused() throws IOException {
        // an absolute path outside the data folder, but inside this test's own folder
        Path outside = tmp.resolve("outside").resolve("x").toAbsolutePath();
        byte[] archive = tarGz(tar -> {
            dir(tar, CIFAR);
            file(tar, outside.toString(), "evil".getBytes(StandardCharsets.UTF_8));
        });

        assertRefused(archive, outside.toString());
        assertTrue(Files.notExists(outside));
    }

    @Test
    void aSymlinkPointingOutsideIsRefused() throws IOException {
        byte[] archive = tarGz(tar -> {
            dir(tar, CIFAR);
            TarArchiveEntry link = new TarArchiveEntry(CIFAR + "/escape", TarConstants.LF_SYMLINK);
            link.setLinkName("../../outside");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        });

        assertRefused(archive, CIFAR + "/escape");
    }

    @Test
    void anAbsoluteSymlinkIsRefused() throws IOException {
        byte[] archive = tarGz(tar -> {
            TarArchiveEntry link = new TarArchiveEntry(CIFAR + "/etc", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        });

        assertRefused(archive, CIFAR + "/etc");
    }

    // ------------------------------------------------------------------ already there

    @Test
    void aFileAlreadyPresentWithTheRightChecksumIsNotDownloadedAgain() throws IOException {
        byte[] content = gzip(random(2000, 14));
        server.serve("i.gz", content);
        Path target = dataDir.resolve("mnist").resolve("i.gz");
        Files.createDirectories(target.getParent());
        Files.write(target, content);

        downloader().download(List.of(remote("i.gz", content, false)), dataDir, "mnist", recorder);

        assertEquals(0, server.hits("i.gz"));
        assertTrue(recorder.noticed("i.gz is already in"), recorder.notices.toString());
        assertTrue(recorder.noticed("not downloading it again"), recorder.notices.toString());
        assertEquals(List.of(), recorder.progress);
    }

    @Test
    void anArchiveAlreadyPresentButNotExtractedIsExtractedWithoutDownloading() throws IOException {
        byte[] archive = cifarArchive();
        server.serve(CIFAR_ARCHIVE, archive);
        Files.createDirectories(dataDir);
        Files.write(dataDir.resolve(CIFAR_ARCHIVE), archive);

        downloader().download(List.of(remote(CIFAR_ARCHIVE, archive, true)), dataDir, CIFAR, recorder);

        assertEquals(0, server.hits(CIFAR_ARCHIVE));
        assertTrue(Files.isRegularFile(dataDir.resolve(CIFAR).resolve("train.bin")));
    }

    @Test
    void anArchiveWhoseFolderExistsIsNotDownloadedAgain() throws IOException {
        byte[] archive = cifarArchive();
        server.serve(CIFAR_ARCHIVE, archive);
        Files.createDirectories(dataDir.resolve(CIFAR));

        downloader().download(List.of(remote(CIFAR_ARCHIVE, archive, true)), dataDir, CIFAR, recorder);

        assertEquals(0, server.hits(CIFAR_ARCHIVE));
        assertTrue(recorder.noticed(CIFAR + " is already in"), recorder.notices.toString());
    }

    @Test
    void irisIsBundledAndNothingIsDownloaded() throws IOException {
        Optional<Path> where = downloader().download(DatasetId.IRIS, dataDir, recorder);

        assertTrue(where.isEmpty());
        assertTrue(recorder.noticed("Iris is bundled"), recorder.notices.toString());
        assertEquals(0, server.totalHits());
        assertFalse(Files.exists(dataDir));
    }

    // ------------------------------------------------------------------ cancellation

    /** Serves the first half of the content, then waits for the test to let it go on. */
    private CountDownLatch serveHalfThenWait(String name, byte[] content) {
        CountDownLatch release = new CountDownLatch(1);
        server.handle(name, ex -> {
            ex.sendResponseHeaders(200, content.length);
            OutputStream out = ex.getResponseBody();
            out.write(content, 0, content.length / 2);
            out.flush();
            await(release);
            out.write(content, content.length / 2, content.length - content.length / 2);
        });
        return release;
    }

    /** Waits until the download's .part file holds some bytes: the download is under way. */
    private static void awaitPartialFile(Path part) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(part) && Files.size(part) > 0)) {
            if (System.nanoTime() > deadline) {
                fail("the download did not start writing " + part);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void cancelMidDownloadLeavesNoFiles() throws Exception {
        byte[] content = random(200_000, 15);
        CountDownLatch release = serveHalfThenWait("j.bin", content);
        Downloader d = downloader();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Path> result = runner.submit(
                    () -> d.download(List.of(remote("j.bin", content, false)), dataDir, "mnist", recorder));
            awaitPartialFile(dataDir.resolve("mnist").resolve("j.bin.part"));

            d.cancel();

            ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
            assertInstanceOf(CancellationException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("j.bin"), e.getCause().getMessage());
            assertEquals(List.of(), filesUnder(dataDir), "no partial file");
            assertTrue(d.isCancelled());
        } finally {
            release.countDown();
            runner.shutdownNow();
        }
    }

    @Test
    void interruptingTheThreadCancelsAndLeavesNoFiles() throws Exception {
        byte[] content = random(200_000, 16);
        CountDownLatch release = serveHalfThenWait("k.bin", content);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                downloader().download(List.of(remote("k.bin", content, false)), dataDir, "mnist", recorder);
            } catch (Throwable t) {
                thrown.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        try {
            worker.start();
            awaitPartialFile(dataDir.resolve("mnist").resolve("k.bin.part"));

            worker.interrupt();
            worker.join(10_000);

            assertFalse(worker.isAlive());
            assertInstanceOf(CancellationException.class, thrown.get());
            assertTrue(stillInterrupted.get(), "the interrupt stays set for the caller");
            assertEquals(List.of(), filesUnder(dataDir), "no partial file");
        } finally {
            release.countDown();
        }
    }

    @Test
    void cancelWhileExtractingLeavesNoExtractedFiles() throws IOException {
        byte[] archive = cifarArchive();
        server.serve(CIFAR_ARCHIVE, archive);
        Downloader d = downloader();
        DownloadListener cancelOnExtract = new DownloadListener() {
            @Override
            public void progress(DownloadProgress p) {}

            @Override
            public void notice(String sentence) {
                if (sentence.startsWith("Extracting")) {
                    d.cancel();
                }
            }
        };

        assertThrows(CancellationException.class,
                () -> d.download(List.of(remote(CIFAR_ARCHIVE, archive, true)), dataDir, CIFAR, cancelOnExtract));

        assertEquals(List.of(CIFAR_ARCHIVE), namesIn(dataDir), "the complete, checked archive stays; nothing extracted");
    }

    @Test
    void aCancelledDownloaderFetchesNothing() throws IOException {
        byte[] content = gzip(random(100, 17));
        server.serve("l.gz", content);
        Downloader d = downloader();
        d.cancel();

        assertThrows(CancellationException.class,
                () -> d.download(List.of(remote("l.gz", content, false)), dataDir, "mnist", recorder));

        assertEquals(0, server.totalHits());
        assertEquals(List.of(), filesUnder(dataDir));
        assertTrue(d.cancelAndWait(Duration.ofMillis(10)), "nothing is running");
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void theBasePropertyMapsEachFileToBasePlusItsName() {
        String before = System.getProperty(Downloader.BASE_PROPERTY);
        try {
            System.setProperty(Downloader.BASE_PROPERTY, "http://127.0.0.1:9/mirror");
            RemoteFile file = DatasetId.MNIST.files().get(0);

            assertEquals(URI.create("http://127.0.0.1:9/mirror/train-images-idx3-ubyte.gz"),
                    Downloader.under(URI.create(System.getProperty(Downloader.BASE_PROPERTY))).apply(file));
            System.setProperty(Downloader.BASE_PROPERTY, "ftp://127.0.0.1/");
            assertThrows(DataException.class, Downloader::configured);
        } finally {
            if (before == null) {
                System.clearProperty(Downloader.BASE_PROPERTY);
            } else {
                System.setProperty(Downloader.BASE_PROPERTY, before);
            }
        }
    }

    @Test
    void everyCatalogFileHasAPlainNameAndAnMd5() {
        List<String> bad = new ArrayList<>();
        for (DatasetId id : DatasetId.values()) {
            for (RemoteFile f : id.files()) {
                if (!f.md5().matches("[0-9a-f]{32}") || f.fileName().contains("/") || !f.url().endsWith("/" + f.fileName())
                        || f.archive() != f.fileName().endsWith(".tar.gz")) {
                    bad.add(id.cliName() + ": " + f);
                }
            }
        }
        assertEquals(List.of(), bad, () -> bad.stream().collect(Collectors.joining("\n")));
    }

    // ------------------------------------------------------------------ helpers

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
