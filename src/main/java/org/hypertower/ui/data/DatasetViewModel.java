package org.hypertower.ui.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.hypertower.data.DataDirs;
import org.hypertower.data.DataException;
import org.hypertower.data.DataLocator;
import org.hypertower.data.DatasetId;
import org.hypertower.data.DownloadListener;
import org.hypertower.data.DownloadProgress;
import org.hypertower.data.Downloader;

/**
 * Whether each dataset is on this machine, and the download of the chosen one on request: progress
 * as a fraction and a line of text, on a background thread, with updates handed to the FX thread
 * through the given executor. A dataset that is not here cannot be trained on: {@link #whyMissing}
 * says so in one sentence, which the run view-model and Start's tooltip use.
 *
 * <p>Call order: {@link #select} whenever the chosen dataset changes, {@link #scan()} once to learn
 * about the others (off the FX thread), {@link #download()} and {@link #cancel()} on request,
 * {@link #shutdown} once when the window closes.
 */
public final class DatasetViewModel {

    /** Fetches a dataset's files: a {@link Downloader} in the workbench, something local in tests. */
    public interface Fetcher {
        /**
         * Downloads a dataset's files into a data folder, reporting to the listener.
         *
         * @throws DataException when it fails, with one sentence for the user
         * @throws CancellationException when cancelled; no partial file is left
         */
        void fetch(DatasetId id, Path dataDir, DownloadListener listener);

        /** Asks the download to stop and waits up to {@code max} until it has removed its partial files. */
        boolean cancelAndWait(Duration max);

        /** Returns a fetcher that downloads with a downloader (one download each). */
        static Fetcher of(Downloader downloader) {
            return new Fetcher() {
                @Override
                public void fetch(DatasetId id, Path dataDir, DownloadListener listener) {
                    downloader.download(id, dataDir, listener);
                }

                @Override
                public boolean cancelAndWait(Duration max) {
                    return downloader.cancelAndWait(max);
                }
            };
        }
    }

    private final ReadOnlyObjectWrapper<DatasetId> selected = new ReadOnlyObjectWrapper<>(DatasetId.IRIS);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper missing = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ObservableMap<DatasetId, Boolean> here = FXCollections.observableMap(new EnumMap<>(DatasetId.class));
    private final Executor fxThread;
    private final Consumer<Runnable> background;
    private final Supplier<Fetcher> fetchers;
    private final DataLocator locator;
    private final Path downloadDir;
    private volatile Fetcher active;

    /**
     * A view-model for the default data folders: the per-user one (where downloads go), then the
     * system ones.
     *
     * @param fxThread runs updates on the FX thread ({@code Platform::runLater})
     * @param background runs the download and the scan off the FX thread
     * @param fetchers makes a fetcher for each download
     */
    public DatasetViewModel(Executor fxThread, Consumer<Runnable> background, Supplier<Fetcher> fetchers) {
        this(fxThread, background, fetchers, Optional.empty());
    }

    /**
     * @param fxThread runs updates on the FX thread ({@code Platform::runLater})
     * @param background runs the download and the scan off the FX thread
     * @param fetchers makes a fetcher for each download
     * @param dataDir the only data folder to look in and download to (as {@code --data-dir}); empty
     *     for the default ones
     */
    public DatasetViewModel(Executor fxThread, Consumer<Runnable> background, Supplier<Fetcher> fetchers,
            Optional<Path> dataDir) {
        this.fxThread = fxThread;
        this.background = background;
        this.fetchers = fetchers;
        this.locator = new DataLocator(dataDir);
        this.downloadDir = DataDirs.downloadDir(dataDir);
        here.put(DatasetId.IRIS, true);
        show(DatasetId.IRIS);
    }

    /** Returns the chosen dataset. */
    public ReadOnlyObjectProperty<DatasetId> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** Returns whether the chosen dataset is on this machine. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** Returns a few words on the chosen dataset for the settings bar: bundled, on this machine, not on this machine. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Returns what the chosen dataset is: description, size, license, citation and where its files are or will go. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Returns why the chosen dataset cannot be trained on yet ({@link #whyMissing}), or "" when it can. */
    public ReadOnlyStringProperty missingProperty() {
        return missing.getReadOnlyProperty();
    }

    /** Returns the latest sentence on a download: done, failed (and why) or cancelled. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    /** Returns the download's progress over all its files, 0 to 1; -1 until the first bytes arrive. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Returns the download's progress in words: dataset, file, MiB received, rate; "" when none runs. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** Returns what is known about each dataset being here (a scan or a selection fills it in). */
    public ObservableMap<DatasetId, Boolean> availability() {
        return FXCollections.unmodifiableObservableMap(here);
    }

    /** Returns the size of a dataset's download in words, e.g. {@code 29.5 MiB}. */
    public static String downloadSize(DatasetId id) {
        return mib(id.downloadBytes());
    }

    /** Chooses a dataset: looks whether it is here (a few file checks) and shows its status. */
    public void select(DatasetId id) {
        here.put(id, locator.isAvailable(id));
        show(id);
    }

    /** Looks, off the FX thread, which datasets are here, for the dataset list; call once after building. */
    public void scan() {
        background.accept(() -> {
            Map<DatasetId, Boolean> found = new EnumMap<>(DatasetId.class);
            for (DatasetId id : DatasetId.values()) {
                found.put(id, locator.isAvailable(id));
            }
            fxThread.execute(() -> {
                here.putAll(found);
                show(selected.get());
            });
        });
    }

    /**
     * Returns whether a dataset is here, looking again (a few file checks); the run view-model asks
     * before it starts a run.
     */
    public boolean isHere(DatasetId id) {
        boolean there = locator.isAvailable(id);
        here.put(id, there);
        if (id == selected.get()) {
            show(id);
        }
        return there;
    }

    /** Returns one sentence saying that a dataset is not on this machine and what to do, or null when it is. */
    public String whyMissing(DatasetId id) {
        if (isHere(id)) {
            return null;
        }
        return id.title() + " is not on this machine: Download it first (" + downloadSize(id) + ").";
    }

    private void show(DatasetId id) {
        selected.set(id);
        boolean there = Boolean.TRUE.equals(here.get(id));
        available.set(there);
        missing.set(there ? "" : id.title() + " is not on this machine: Download it first (" + downloadSize(id) + ").");
        status.set(id == DatasetId.IRIS ? "bundled" : there ? "on this machine" : "not on this machine");
        String size = id == DatasetId.IRIS ? "150 rows, bundled with Hypertower"
                : String.format(Locale.ROOT, "%,d training and %,d test images; download %s", id.trainSize(), id.testSize(),
                        downloadSize(id));
        String where = id == DatasetId.IRIS ? "" : there
                ? "\nFiles in " + locator.find(id).map(Path::toString).orElse("?")
                : "\nDownloads to " + downloadDir.resolve(id.folder());
        details.set(id.title() + ": " + id.description() + "\n" + size + "\nLicense: " + id.license() + "\nCite: "
                + id.citation() + where);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** Downloads the chosen dataset; one download at a time. */
    public void download() {
        DatasetId id = selected.get();
        if (downloading.get() || id == DatasetId.IRIS) {
            return;
        }
        downloading.set(true);
        progress.set(-1);
        progressText.set("Downloading " + id.title() + " (" + downloadSize(id) + ")…");
        Fetcher fetcher = fetchers.get();
        active = fetcher;
        background.accept(() -> {
            String end;
            try {
                fetcher.fetch(id, downloadDir, new Progress(id));
                end = null;
            } catch (DataException e) {
                end = e.getMessage();
            } catch (CancellationException e) {
                end = "The download of " + id.title() + " was cancelled; nothing partial was kept.";
            }
            String failure = end;
            boolean there = locator.isAvailable(id);
            fxThread.execute(() -> {
                active = null;
                downloading.set(false);
                progress.set(0);
                progressText.set("");
                here.put(id, there);
                show(selected.get());
                notice.set(failure != null ? failure : there ? id.title() + " is on this machine now: press Start."
                        : "The download of " + id.title() + " ended, but its files are not all in " + downloadDir + ".");
            });
        });
    }

    /** Stops the download in progress, if any; it removes its partial files. */
    public void cancel() {
        Fetcher f = active;
        if (f != null) {
            f.cancelAndWait(Duration.ZERO);
        }
    }

    /**
     * Stops the download in progress and waits up to {@code max} until its partial files are gone;
     * when the window closes, so that no {@code .part} file outlives the application.
     *
     * @return false when the download was still cleaning up after {@code max}
     */
    public boolean shutdown(Duration max) {
        Fetcher f = active;
        return f == null || f.cancelAndWait(max);
    }

    /** Turns each file's progress into the download's: bytes of all its files against the catalog's total. */
    private final class Progress implements DownloadListener {
        private final DatasetId id;
        private final Map<String, Long> received = new HashMap<>();

        Progress(DatasetId id) {
            this.id = id;
        }

        @Override
        public void progress(DownloadProgress p) {
            received.put(p.file(), p.bytes());
            long total = Math.max(1, id.downloadBytes());
            double fraction = Math.min(1, received.values().stream().mapToLong(Long::longValue).sum() / (double) total);
            String line = String.format(Locale.ROOT, "Downloading %s: %s, %s of %s (%.0f%%), %s/s", id.title(), p.file(),
                    mib(p.bytes()), p.totalKnown() ? mib(p.totalBytes()) : "?", 100 * fraction, mib((long) p.bytesPerSecond()));
            fxThread.execute(() -> {
                progress.set(fraction);
                progressText.set(line);
            });
        }

        @Override
        public void notice(String sentence) {
            fxThread.execute(() -> progressText.set(sentence));
        }
    }
}
