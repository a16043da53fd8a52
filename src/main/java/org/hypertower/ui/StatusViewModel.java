package org.hypertower.ui;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.hypertower.ui.data.DatasetViewModel;
import org.hypertower.ui.run.RunViewModel;

/**
 * What the status bar says: the latest message from the runs, the downloads and the window's own
 * actions, whole (the bar shows it on one line and its details in full), the messages before it,
 * and the progress of the run in progress or of a download, as a fraction and a line of text.
 */
final class StatusViewModel {

    /** How many earlier messages the details keep. */
    static final int HISTORY = 20;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper line = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ObservableList<String> earlier = FXCollections.observableArrayList();
    private final RunViewModel runs;
    private final DatasetViewModel datasets;
    private final Supplier<LocalTime> clock;
    private String lastStamped;

    StatusViewModel(RunViewModel runs, DatasetViewModel datasets) {
        this(runs, datasets, LocalTime::now);
    }

    /** A status that follows the runs and the downloads; the clock stamps the earlier messages. */
    StatusViewModel(RunViewModel runs, DatasetViewModel datasets, Supplier<LocalTime> clock) {
        this.runs = runs;
        this.datasets = datasets;
        this.clock = clock;
        runs.messageProperty().addListener((obs, old, now) -> post(now));
        datasets.noticeProperty().addListener((obs, old, now) -> post(now));
        runs.stateProperty().addListener(obs -> updateProgress());
        runs.progressProperty().addListener(obs -> updateProgress());
        runs.progressFractionProperty().addListener(obs -> updateProgress());
        datasets.downloadingProperty().addListener(obs -> updateProgress());
        datasets.progressProperty().addListener(obs -> updateProgress());
        datasets.progressTextProperty().addListener(obs -> updateProgress());
        updateProgress();
    }

    /** Shows a message; the one it replaces goes to the earlier ones. Blank messages are ignored. */
    void post(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        if (!message.get().isEmpty()) {
            earlier.add(0, lastStamped);
            if (earlier.size() > HISTORY) {
                earlier.remove(HISTORY, earlier.size());
            }
        }
        String whole = text.strip();
        message.set(whole);
        line.set(whole.replaceAll("\\s*\\R\\s*", " · "));
        lastStamped = clock.get().format(TIME) + "  " + whole;
    }

    /** Returns the latest message, whole. */
    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Returns the latest message on one line (its line breaks as " · "). */
    ReadOnlyStringProperty lineProperty() {
        return line.getReadOnlyProperty();
    }

    /** Returns the messages before the latest, newest first, each with the time it was shown. */
    ObservableList<String> earlier() {
        return FXCollections.unmodifiableObservableList(earlier);
    }

    /**
     * Returns the progress for the bar: the run's while one trains, else the download's; -1 while it
     * cannot be told yet (a run being set up, a download connecting); 0 when nothing goes on.
     */
    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Returns the progress in words: the run's step, epoch, speed and time left, and the download's, or "Ready.". */
    ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    private void updateProgress() {
        boolean training = runs.stateProperty().get() != RunViewModel.State.IDLE;
        boolean downloading = datasets.downloadingProperty().get();
        String run = runs.progressProperty().get();
        String download = datasets.progressTextProperty().get();
        if (training && downloading) {
            progressText.set(run + "  |  " + download);
        } else if (downloading) {
            progressText.set(download);
        } else {
            progressText.set(run);
        }
        double p = training ? runs.progressFractionProperty().get() : downloading ? datasets.progressProperty().get() : 0;
        // the bar hides at exactly 0: a run or download that has begun shows, as "cannot tell yet" at first
        progress.set(p == 0 && (training || downloading) ? -1 : p);
    }
}
