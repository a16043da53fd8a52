package org.hypertower.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.hypertower.data.DatasetFiles;
import org.hypertower.data.DatasetId;
import org.hypertower.data.DownloadProgress;
import org.hypertower.export.RunStore;
import org.hypertower.tower.TowerSpec;
import org.hypertower.ui.data.DatasetViewModel;
import org.hypertower.ui.run.RunViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status bar's model without the FX toolkit: runs and downloads happen on the calling thread. */
class StatusViewModelTest {

    @TempDir
    Path dir;

    /** Runs every task at once on the submitting thread. */
    private static final class Direct extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private RunViewModel runs() {
        return new RunViewModel(new RunStore(dir.resolve("runs")), new Direct());
    }

    private DatasetViewModel datasets(DatasetViewModel.Fetcher fetcher) {
        return new DatasetViewModel(Runnable::run, Runnable::run, () -> fetcher, Optional.of(dir.resolve("data")));
    }

    private DatasetViewModel datasets() {
        return datasets(null);
    }

    @Test
    void aMessageIsKeptWholeAndShownOnOneLine() {
        StatusViewModel status = new StatusViewModel(runs(), datasets());
        String message = "Could not load a configuration from a file whose name is long: the file has no configuration.\n"
                + "Choose a run.json written by Hypertower.";

        status.post(message);

        assertEquals(message, status.messageProperty().get());
        assertEquals("Could not load a configuration from a file whose name is long: the file has no configuration."
                + " · Choose a run.json written by Hypertower.", status.lineProperty().get());
    }

    @Test
    void earlierMessagesAreKeptNewestFirstWithTheirTime() {
        LocalTime[] now = {LocalTime.of(9, 0, 0)};
        StatusViewModel status = new StatusViewModel(runs(), datasets(), () -> now[0]);
        for (int i = 1; i <= StatusViewModel.HISTORY + 5; i++) {
            status.post("message " + i);
            now[0] = now[0].plusSeconds(1);
        }
        status.post("   ");

        assertEquals("message 25", status.messageProperty().get(), "blank messages are not shown");
        assertEquals(StatusViewModel.HISTORY, status.earlier().size());
        assertEquals("09:00:23  message 24", status.earlier().get(0));
        assertEquals("09:00:04  message 5", status.earlier().get(StatusViewModel.HISTORY - 1));
    }

    @Test
    void theRunsAndTheDownloadsMessagesAreShown() {
        RunViewModel runs = runs();
        DatasetViewModel datasets = datasets(new DatasetViewModel.Fetcher() {
            @Override
            public void fetch(DatasetId id, Path dataDir, org.hypertower.data.DownloadListener listener) {
                DatasetFiles.writeDataset(id, dataDir);
            }

            @Override
            public boolean cancelAndWait(java.time.Duration max) {
                return true;
            }
        });
        StatusViewModel status = new StatusViewModel(runs, datasets);

        runs.clearFinished();
        assertEquals("No run has ended yet, so there is nothing to clear.", status.messageProperty().get());
        datasets.select(DatasetId.MNIST);
        datasets.download();
        assertEquals("MNIST is on this machine now: press Start.", status.messageProperty().get());
    }

    @Test
    void theProgressIsTheRunsWhileOneTrainsAndEndsAtNothing() {
        RunViewModel runs = runs();
        runs.epochsProperty().set(10);
        StatusViewModel status = new StatusViewModel(runs, datasets());
        List<Double> bar = new ArrayList<>();
        List<String> words = new ArrayList<>();
        status.progressProperty().addListener((obs, old, p) -> bar.add(p.doubleValue()));
        status.progressTextProperty().addListener((obs, old, t) -> words.add(t));
        assertEquals("Ready.", status.progressTextProperty().get());
        assertEquals(0, status.progressProperty().get(), "no bar while nothing goes on");

        runs.start(TowerSpec.parse("sgd(0.1)"));
        runs.drain();

        assertEquals(-1, bar.get(0), "queued: the bar shows it cannot tell yet");
        assertTrue(bar.contains(1 / 30.0) && bar.contains(21 / 30.0), bar.toString());
        assertEquals(0, bar.get(bar.size() - 1));
        assertTrue(words.stream().anyMatch(w -> w.matches("step 11 of 30, epoch 4 of 10, \\d+ examples/s on 1 thread, \\d+s left")),
                words.toString());
        assertEquals("Ready.", status.progressTextProperty().get());
    }

    @Test
    void theProgressIsTheDownloadsWhileNoRunTrains() {
        List<Double> bar = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StatusViewModel[] status = new StatusViewModel[1];
        DatasetViewModel datasets = datasets(new DatasetViewModel.Fetcher() {
            @Override
            public void fetch(DatasetId id, Path dataDir, org.hypertower.data.DownloadListener listener) {
                listener.progress(new DownloadProgress("train-images-idx3-ubyte.gz", 13_210_940, 26_421_880, 2_097_152));
                words.add(status[0].progressTextProperty().get());
            }

            @Override
            public boolean cancelAndWait(java.time.Duration max) {
                return true;
            }
        });
        status[0] = new StatusViewModel(runs(), datasets);
        status[0].progressProperty().addListener((obs, old, p) -> bar.add(p.doubleValue()));
        datasets.select(DatasetId.FASHION_MNIST);

        datasets.download();

        assertEquals(List.of(-1.0, 13_210_940 / (double) DatasetId.FASHION_MNIST.downloadBytes(), 0.0), bar);
        assertEquals(List.of("Downloading Fashion-MNIST: train-images-idx3-ubyte.gz, 12.6 MiB of 25.2 MiB (43%), 2.0 MiB/s"),
                words);
    }
}
