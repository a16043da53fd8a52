package org.hypertower.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.hypertower.files.FileErrors;

/**
 * Downloads a dataset's files into a data folder, checks each against its MD5 checksum and puts it
 * in place atomically; {@code .tar.gz} archives are then extracted next to it.
 *
 * <p>Where things go, for a data folder {@code DIR}: a plain file (MNIST's {@code .gz} files, kept
 * compressed) goes to {@code DIR/<folder>/<fileName>}; an archive goes to {@code DIR/<fileName>} and
 * is extracted into {@code DIR}, where it makes {@code DIR/<folder>} (CIFAR's own folder). The archive
 * is kept so that a later download can check it instead of fetching it again.
 *
 * <p>Each file is streamed to {@code <fileName>.part} beside its target and moved into place only
 * once its checksum is right; an archive is extracted into a hidden temporary folder in {@code DIR}
 * and its contents moved into place only once all of it is out. Entries that would land outside
 * {@code DIR} (absolute paths, {@code ..}) and links are refused. A file already in place with the
 * right checksum, or an archive whose folder already exists, is not downloaded again.
 *
 * <p>A download is cancelled by {@link #cancel()} or by interrupting the thread that runs it; it
 * then ends with a {@link CancellationException} and leaves no partial file behind. Failures are
 * {@link DataException}s with one sentence for the user.
 */
public final class Downloader {

    /**
     * System property that replaces the catalog's URLs: each file is fetched from this base URL plus
     * its file name, e.g. {@code -Dhypertower.download.base=http://127.0.0.1:8000/} (tests, mirrors).
     */
    public static final String BASE_PROPERTY = "hypertower.download.base";

    /** How long a connection may take. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** How long the server may stay silent, before its answer or between two pieces of the body. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private static final String PART = ".part";
    private static final long POLL_MILLIS = 50;
    private static final long REPORT_INTERVAL_NANOS = 100_000_000L;
    private static final int BUFFER = 64 * 1024;

    private final Function<RemoteFile, URI> locator;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Object lock = new Object();
    private volatile boolean cancelled;
    private boolean running; // guarded by lock
    private HttpClient client; // guarded by lock; made on first use

    /** Creates a downloader that fetches each file from its catalog URL, {@link RemoteFile#url()}. */
    public Downloader() {
        this(file -> URI.create(file.url()));
    }

    /** Creates a downloader that fetches each file from the URL the locator gives for it. */
    public Downloader(Function<RemoteFile, URI> locator) {
        this(locator, CONNECT_TIMEOUT, IDLE_TIMEOUT);
    }

    /** Creates a downloader with its own locator and timeouts (see {@link #IDLE_TIMEOUT}). */
    public Downloader(Function<RemoteFile, URI> locator, Duration connectTimeout, Duration idleTimeout) {
        this.locator = Objects.requireNonNull(locator, "locator");
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.idleTimeout = positive(idleTimeout, "idleTimeout");
    }

    /**
     * Returns a downloader for the catalog's URLs, or for the base URL in the system property
     * {@value #BASE_PROPERTY} when it is set.
     */
    public static Downloader configured() {
        String base = System.getProperty(BASE_PROPERTY);
        if (base == null || base.isBlank()) {
            return new Downloader();
        }
        URI uri;
        try {
            uri = new URI(base.strip());
        } catch (java.net.URISyntaxException e) {
            throw new DataException("The system property " + BASE_PROPERTY + " is not a URL: " + e.getMessage() + ".", e);
        }
        return new Downloader(under(uri));
    }

    /** Returns a locator that maps each file to {@code base} plus its file name. */
    public static Function<RemoteFile, URI> under(URI base) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null) {
            throw new DataException("The download base URL " + base + " must be an http:// or https:// URL with a host.");
        }
        String text = base.toString();
        URI folder = URI.create(text.endsWith("/") ? text : text + "/");
        return file -> folder.resolve(file.fileName());
    }

    /**
     * Asks the running download, if any, and every later one of this downloader, to stop. The download
     * removes its partial files and ends with a {@link CancellationException}.
     */
    public void cancel() {
        cancelled = true;
    }

    /** Returns whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Cancels and waits up to {@code max} for the running download to clean up and return (for a
     * shutdown hook). Returns true when no download is running any more.
     */
    public boolean cancelAndWait(Duration max) {
        cancel();
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            while (running) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return !running;
                }
            }
            return true;
        }
    }

    /**
     * Downloads a dataset's files into {@code dataDir} and returns the folder its files are now in,
     * {@code dataDir/<id.folder()>}; for Iris, which ships with Hypertower, says so through the
     * listener and returns nothing.
     */
    public Optional<Path> download(DatasetId id, Path dataDir, DownloadListener listener) {
        if (id.files().isEmpty()) {
            listener.notice(id.title() + " is bundled with Hypertower; there is nothing to download.");
            return Optional.empty();
        }
        return Optional.of(download(id.files(), dataDir, id.folder(), listener));
    }

    /**
     * Downloads files into {@code dataDir} (see the class comment for where each goes) and returns
     * {@code dataDir/<folder>}.
     *
     * @param files the files, plain files and {@code .tar.gz} archives
     * @param dataDir the data folder, made when missing
     * @param folder the dataset's folder in it: where plain files go, and the folder an archive makes
     * @param listener hears progress and notices
     * @throws DataException when a file cannot be fetched, is not what the catalog says, or cannot be
     *     extracted or stored
     * @throws CancellationException when cancelled
     */
    public Path download(List<RemoteFile> files, Path dataDir, String folder, DownloadListener listener) {
        Objects.requireNonNull(listener, "listener");
        Path root = dataDir.toAbsolutePath().normalize();
        begin();
        try {
            for (RemoteFile file : files) {
                checkName(file);
                checkCancelled(file);
                if (file.archive()) {
                    fetchArchive(file, root, folder, listener);
                } else {
                    fetchPlain(file, root.resolve(folder), listener);
                }
            }
            return root.resolve(folder);
        } finally {
            end();
        }
    }

    // ------------------------------------------------------------------ per file

    private void fetchPlain(RemoteFile file, Path dir, DownloadListener listener) {
        Path target = dir.resolve(file.fileName());
        if (alreadyThere(file, target, dir, listener)) {
            return;
        }
        transfer(file, dir, target, listener);
    }

    private void fetchArchive(RemoteFile file, Path root, String folder, DownloadListener listener) {
        Path extracted = folder.isEmpty() ? null : root.resolve(folder);
        if (extracted != null && Files.isDirectory(extracted)) {
            listener.notice(extracted.getFileName() + " is already in " + root + "; not downloading " + file.fileName()
                    + " again (delete that folder to download it again).");
            return;
        }
        Path archive = root.resolve(file.fileName());
        if (!alreadyThere(file, archive, root, listener)) {
            transfer(file, root, archive, listener);
        }
        extract(file, archive, root, listener);
    }

    /** Returns true, and says so, when the target is there with the right checksum. */
    private boolean alreadyThere(RemoteFile file, Path target, Path dir, DownloadListener listener) {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        String found;
        try {
            found = md5(target, file);
        } catch (IOException e) {
            throw new DataException("Cannot read " + target + " to check it: " + fileReason(e) + ".", e);
        }
        if (found.equalsIgnoreCase(file.md5())) {
            listener.notice(file.fileName() + " is already in " + dir + " with the right checksum; not downloading it again.");
            return true;
        }
        listener.notice(file.fileName() + " in " + dir + " has the wrong checksum; downloading it again.");
        return false;
    }

    /** Fetches the file into {@code <target>.part}, checks it and moves it onto the target. */
    private void transfer(RemoteFile file, Path dir, Path target, DownloadListener listener) {
        URI uri = locate(file);
        boolean made = !Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException("Cannot make the folder " + dir + " for " + file.fileName() + ": " + fileReason(e) + ".",
                    e);
        }
        Path part = dir.resolve(file.fileName() + PART);
        boolean placed = false;
        try {
            String found = receive(file, uri, dir, part, listener);
            if (!found.equalsIgnoreCase(file.md5())) {
                throw new DataException("The downloaded " + file.fileName() + " has the MD5 checksum " + found
                        + " where " + file.md5() + " was expected, so the download may be corrupt or the source changed;"
                        + " it was deleted.");
            }
            checkCancelled(file);
            place(part, target);
            placed = true;
        } catch (IOException e) {
            throw new DataException("Cannot store " + target + ": " + fileReason(e) + ".", e);
        } finally {
            if (!placed) {
                deleteQuietly(part);
                if (made) {
                    deleteIfEmpty(dir);
                }
            }
        }
    }

    /** Streams the body into {@code part} and returns its MD5 (hex). */
    private String receive(RemoteFile file, URI uri, Path dir, Path part, DownloadListener listener) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "Hypertower").build();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending =
                client().sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = awaitResponse(pending, file, uri, dir);
        if (response.statusCode() != 200) {
            discard(response);
            throw failed(file, uri, dir, "the server answered HTTP " + response.statusCode() + status(response.statusCode()), null);
        }
        long contentLength = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long total = contentLength >= 0 ? contentLength : file.bytes() > 0 ? file.bytes() : -1;
        Body body = new Body();
        response.body().subscribe(body);
        MessageDigest digest = md5();
        long bytes = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            long lastData = start;
            long lastReport = start;
            listener.progress(new DownloadProgress(file.fileName(), 0, total, 0));
            while (true) {
                if (cancelRequested()) {
                    throw cancelledException(file);
                }
                Object item;
                try {
                    item = body.items.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw cancelledException(file);
                }
                long now = System.nanoTime();
                if (item == null) {
                    if (now - lastData > idleTimeout.toNanos()) {
                        throw failed(file, uri, dir, "the server sent nothing for " + seconds(idleTimeout) + " after "
                                + bytes + " of " + (total >= 0 ? total : "?") + " bytes", null);
                    }
                    continue;
                }
                if (item == Body.DONE) {
                    break;
                }
                if (item instanceof Throwable t) {
                    String reason = contentLength >= 0 && bytes < contentLength
                            ? "the connection closed after " + bytes + " of " + contentLength + " bytes"
                            : reason(t, uri);
                    throw failed(file, uri, dir, reason, t);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer buffer : buffers) {
                    digest.update(buffer.duplicate());
                    while (buffer.hasRemaining()) {
                        bytes += out.write(buffer);
                    }
                }
                lastData = now;
                if (now - lastReport >= REPORT_INTERVAL_NANOS) {
                    lastReport = now;
                    listener.progress(new DownloadProgress(file.fileName(), bytes, total, rate(bytes, start, now)));
                }
                body.request();
            }
            if (contentLength >= 0 && bytes != contentLength) {
                throw failed(file, uri, dir, "the connection closed after " + bytes + " of " + contentLength + " bytes", null);
            }
            out.force(true);
            listener.progress(new DownloadProgress(file.fileName(), bytes, total >= 0 ? total : bytes,
                    rate(bytes, start, System.nanoTime())));
        } catch (ClosedByInterruptException e) {
            throw cancelledException(file);
        } finally {
            body.cancel();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> awaitResponse(
            CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending, RemoteFile file, URI uri, Path dir) {
        long start = System.nanoTime();
        while (true) {
            if (cancelRequested()) {
                abandon(pending);
                throw cancelledException(file);
            }
            try {
                return pending.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - start > idleTimeout.toNanos()) {
                    abandon(pending);
                    throw failed(file, uri, dir, "no answer from " + hostPort(uri) + " within " + seconds(idleTimeout), null);
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw failed(file, uri, dir, reason(cause, uri), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon(pending);
                throw cancelledException(file);
            }
        }
    }

    // ------------------------------------------------------------------ extraction

    /** Extracts the archive into a temporary folder in {@code root}, then moves its contents into place. */
    private void extract(RemoteFile file, Path archive, Path root, DownloadListener listener) {
        listener.notice("Extracting " + file.fileName() + " into " + root + ".");
        Path staging;
        try {
            staging = Files.createTempDirectory(root, "." + file.fileName() + ".extract-");
        } catch (IOException e) {
            throw new DataException("Cannot make a temporary folder in " + root + " to extract " + file.fileName() + ": "
                    + fileReason(e) + ".", e);
        }
        try {
            unpack(file, archive, staging, root);
            checkCancelled(file);
            moveContents(file, staging, root);
        } catch (UnsafeEntryException e) {
            deleteQuietly(archive);
            throw new DataException(e.getMessage() + "; nothing was extracted and the archive was deleted.");
        } catch (IOException e) {
            throw new DataException("Cannot extract " + archive + " into " + root + ": " + fileReason(e) + ".", e);
        } finally {
            deleteTree(staging);
        }
    }

    private void unpack(RemoteFile file, Path archive, Path staging, Path root) throws IOException {
        String name = file.fileName();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
                InputStream gz = new GzipCompressorInputStream(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            byte[] buffer = new byte[BUFFER];
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                checkCancelled(file);
                String entryName = entry.getName();
                Path dest = inside(name, entryName, staging, root);
                if (entry.isSymbolicLink() || entry.isLink()) {
                    String link = entry.getLinkName();
                    Path base = entry.isSymbolicLink() ? dest.getParent() : staging;
                    boolean outside = link.startsWith("/") || escapes(base, link, staging);
                    throw new UnsafeEntryException("The archive " + name + " has a link entry '" + entryName + "' -> '" + link
                            + "'" + (outside ? " pointing outside " + root : ", and Hypertower extracts only files and folders"));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(dest);
                } else if (entry.isFile()) {
                    if (dest.equals(staging)) {
                        throw new UnsafeEntryException("The archive " + name + " has a file entry '" + entryName
                                + "' without a name");
                    }
                    Files.createDirectories(dest.getParent());
                    try (OutputStream out = Files.newOutputStream(dest)) {
                        int n;
                        while ((n = tar.read(buffer)) > 0) {
                            out.write(buffer, 0, n);
                            checkCancelled(file);
                        }
                    }
                } else {
                    throw new UnsafeEntryException("The archive " + name + " has an entry '" + entryName
                            + "' that is neither a file nor a folder");
                }
            }
        }
    }

    /** Returns where an entry lands in the staging folder, refusing names that would leave it. */
    private static Path inside(String archive, String entryName, Path staging, Path root) {
        if (entryName.startsWith("/") || entryName.startsWith("\\")) {
            throw new UnsafeEntryException("The archive " + archive + " has an entry '" + entryName
                    + "' with an absolute path, which would land outside " + root);
        }
        Path relative;
        try {
            relative = Path.of(entryName);
        } catch (InvalidPathException e) {
            throw new UnsafeEntryException("The archive " + archive + " has an entry '" + entryName.replace('\0', '?')
                    + "' whose name is not a valid path");
        }
        if (relative.isAbsolute() || relative.getRoot() != null) {
            throw new UnsafeEntryException("The archive " + archive + " has an entry '" + entryName
                    + "' with an absolute path, which would land outside " + root);
        }
        Path dest = staging.resolve(relative).normalize();
        if (!dest.startsWith(staging)) {
            throw new UnsafeEntryException("The archive " + archive + " has an entry '" + entryName
                    + "' that would land outside " + root);
        }
        return dest;
    }

    private static boolean escapes(Path base, String link, Path staging) {
        try {
            return !base.resolve(link).normalize().startsWith(staging);
        } catch (InvalidPathException e) {
            return true;
        }
    }

    /** Moves each top-level entry of the staging folder into {@code root}, refusing to overwrite. */
    private void moveContents(RemoteFile file, Path staging, Path root) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(staging)) {
            children = list.toList();
        }
        List<Path> targets = new ArrayList<>();
        for (Path child : children) {
            Path target = root.resolve(child.getFileName().toString());
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new DataException("Cannot extract " + file.fileName() + ": " + target
                        + " already exists; move it away and download again.");
            }
            targets.add(target);
        }
        for (int i = 0; i < children.size(); i++) {
            place(children.get(i), targets.get(i));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void begin() {
        synchronized (lock) {
            if (running) {
                throw new IllegalStateException("This downloader is already downloading.");
            }
            running = true;
        }
    }

    private void end() {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
    }

    private HttpClient client() {
        synchronized (lock) {
            if (client == null) {
                client = HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
            }
            return client;
        }
    }

    private URI locate(RemoteFile file) {
        URI uri = locator.apply(file);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new DataException("Cannot download " + file.fileName() + " from " + uri + ": only http:// and https:// URLs"
                    + " with a host are supported.");
        }
        return uri;
    }

    private static void checkName(RemoteFile file) {
        String name = file.fileName();
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            throw new DataException("The file name '" + name + "' of " + file.url() + " is not a plain file name.");
        }
    }

    private boolean cancelRequested() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    private void checkCancelled(RemoteFile file) {
        if (cancelRequested()) {
            throw cancelledException(file);
        }
    }

    private static CancellationException cancelledException(RemoteFile file) {
        return new CancellationException("The download of " + file.fileName() + " was cancelled; no partial file was kept.");
    }

    /** The one-sentence failure: what failed and why, where to get the file by hand and where to put it. */
    private static DataException failed(RemoteFile file, URI uri, Path dir, String reason, Throwable cause) {
        String where = file.archive() ? dir + ", where the next download checks and extracts it" : dir.toString();
        return new DataException("The download of " + file.fileName() + " failed (" + reason + "); get it by hand from " + uri
                + " and put it in " + where + ".", cause);
    }

    private String reason(Throwable t, URI uri) {
        String refused = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "unknown host " + uri.getHost();
            }
            if (c instanceof HttpConnectTimeoutException) {
                return "no connection to " + hostPort(uri) + " within " + seconds(connectTimeout);
            }
            if (c instanceof HttpTimeoutException) {
                return "no answer from " + hostPort(uri) + " within " + seconds(idleTimeout);
            }
            if (c instanceof SSLException) {
                return "the secure connection to " + uri.getHost() + " failed: " + message(c);
            }
            if (c instanceof ConnectException && refused == null) {
                refused = "cannot connect to " + hostPort(uri);
            }
        }
        return refused != null ? refused : message(t);
    }

    private static String status(int code) {
        return switch (code) {
            case 401, 403 -> ", access denied";
            case 404, 410 -> ", not found";
            case 429 -> ", too many requests";
            default -> code >= 500 ? ", a server error" : "";
        };
    }

    private static String hostPort(URI uri) {
        return uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    private static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s == Math.rint(s) ? String.format(Locale.ROOT, "%d s", (long) s) : String.format(Locale.ROOT, "%.1f s", s);
    }

    /**
     * Why a file operation failed, in words ({@link FileErrors#reason}: Java's file exceptions often
     * carry only the path); when permission is denied, also what to do.
     */
    private static String fileReason(IOException e) {
        String reason = FileErrors.reason(e);
        return DataException.isPermissionDenied(e)
                ? reason + "; fix the permissions of the data folder or choose another --data-dir" : reason;
    }

    /** An exception's message as a clause: one line, no final period; its class name when it has none. */
    private static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        m = m.strip().replaceAll("\\s+", " ");
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private static double rate(long bytes, long startNanos, long nowNanos) {
        double s = Math.max(1e-3, (nowNanos - startNanos) / 1e9);
        return bytes / s;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
    }

    private String md5(Path file, RemoteFile remote) throws IOException {
        MessageDigest digest = md5();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                checkCancelled(remote);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Moves atomically, falling back to a replacing move where the file system cannot. */
    private static void place(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void discard(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
        Body body = new Body();
        body.cancel();
        response.body().subscribe(body);
    }

    private static void abandon(CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending) {
        pending.thenAccept(Downloader::discard);
        pending.cancel(true);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: the file may be in use or its folder gone
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            if (list.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a temporary folder may remain, hidden, in the data folder
        }
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
        return d;
    }

    /** An archive entry that would be unsafe to extract; becomes a {@link DataException}. */
    private static final class UnsafeEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsafeEntryException(String message) {
            super(message);
        }
    }

    /** Receives the body one list of buffers at a time, into a queue the download thread polls. */
    private static final class Body implements Flow.Subscriber<List<ByteBuffer>> {
        static final Object DONE = new Object();
        /** Pieces asked for ahead of the one being written, so that the network and the disk overlap. */
        static final int AHEAD = 8;

        final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(AHEAD);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            items.add(t);
        }

        @Override
        public void onComplete() {
            items.add(DONE);
        }

        void request() {
            Flow.Subscription s = subscription;
            if (s != null && !cancelled) {
                s.request(1);
            }
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
