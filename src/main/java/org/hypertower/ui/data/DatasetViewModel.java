package org.hypertower.ui.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.hypertower.data.DataDirs;
import org.hypertower.data.DataException;
import org.hypertower.data.DataLocator;
import org.hypertower.data.DatasetId;
import org.hypertower.data.DownloadListener;
import org.hypertower.data.DownloadProgress;
import org.hypertower.data.Downloader;

/**
 * Whether the chosen dataset is on this machine, and its download on request: progress as a
 * fraction and a line of text, on a background thread, with updates handed to the FX thread
 * through the given executor.
 */
public final class DatasetViewModel {

    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final Executor fxThread;
    private final Consumer<Runnable> background;
    private final java.util.function.Supplier<Downloader> downloaders;
    private volatile Downloader active;
    private DatasetId current = DatasetId.IRIS;

    /**
     * @param fxThread runs updates on the FX thread ({@code Platform::runLater})
     * @param background runs the download off the FX thread
     * @param downloaders makes a downloader for each download (its URLs overridable in tests)
     */
    public DatasetViewModel(Executor fxThread, Consumer<Runnable> background,
            java.util.function.Supplier<Downloader> downloaders) {
        this.fxThread = fxThread;
        this.background = background;
        this.downloaders = downloaders;
        select(DatasetId.IRIS);
    }

    /** Shows a dataset's status. */
    public void select(DatasetId id) {
        current = id;
        boolean there = new DataLocator(Optional.empty()).isAvailable(id);
        available.set(there);
        if (downloading.get()) {
            return;
        }
        progress.set(there ? 1 : 0);
        status.set(there ? id.title() + ": " + size(id) : id.title() + ": not downloaded ("
                + mib(id.downloadBytes()) + ")");
    }

    private static String size(DatasetId id) {
        return id == DatasetId.IRIS ? "150 rows, bundled" : String.format(Locale.ROOT, "%,d images", id.trainSize() + id.testSize());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** Downloads the selected dataset into the per-user data folder. */
    public void download() {
        DatasetId id = current;
        if (downloading.get() || id == DatasetId.IRIS) {
            return;
        }
        downloading.set(true);
        Path dir = DataDirs.userDataDir();
        Downloader downloader = downloaders.get();
        active = downloader;
        background.accept(() -> {
            String end;
            try {
                downloader.download(id, dir, new DownloadListener() {
                    @Override
                    public void progress(DownloadProgress p) {
                        String line = String.format(Locale.ROOT, "%s: %s of %s (%.0f%%), %s/s", p.file(), mib(p.bytes()),
                                mib(p.totalBytes()), 100 * p.fraction(), mib((long) p.bytesPerSecond()));
                        double f = p.fraction();
                        fxThread.execute(() -> {
                            status.set(line);
                            progress.set(f);
                        });
                    }

                    @Override
                    public void notice(String sentence) {
                        fxThread.execute(() -> status.set(sentence));
                    }
                });
                end = null;
            } catch (DataException e) {
                end = e.getMessage();
            }
            String failure = end;
            fxThread.execute(() -> {
                downloading.set(false);
                select(current);
                if (failure != null) {
                    status.set(failure);
                }
            });
        });
    }

    /** Stops a download in progress; nothing partial is left in place. */
    public void cancel() {
        Downloader d = active;
        if (d != null) {
            d.cancel();
        }
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }
}
