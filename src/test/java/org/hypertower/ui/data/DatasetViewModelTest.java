package org.hypertower.ui.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hypertower.data.DataException;
import org.hypertower.data.DatasetFiles;
import org.hypertower.data.DatasetId;
import org.hypertower.data.DownloadListener;
import org.hypertower.data.DownloadProgress;
import org.hypertower.data.Downloader;
import org.hypertower.data.DownloaderTest.LocalServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The datasets' view-model without the FX toolkit: the FX thread and the background are the calling thread. */
class DatasetViewModelTest {

    @TempDir
    Path dataDir;

    /** A fetcher that does what it is told instead of downloading. */
    private record Fake(Fetch fetch) implements DatasetViewModel.Fetcher {
        interface Fetch {
            void run(DatasetId id, Path dir, DownloadListener listener);
        }

        @Override
        public void fetch(DatasetId id, Path dir, DownloadListener listener) {
            fetch.run(id, dir, listener);
        }

        @Override
        public boolean cancelAndWait(Duration max) {
            return true;
        }
    }

    private DatasetViewModel model(DatasetViewModel.Fetcher fetcher) {
        return new DatasetViewModel(Runnable::run, Runnable::run, () -> fetcher, Optional.of(dataDir));
    }

    private DatasetViewModel model() {
        return model(new Fake((id, dir, l) -> {
            throw new AssertionError("no download expected");
        }));
    }

    @Test
    void aDatasetNotHereSaysToDownloadItFirstAndIrisIsAlwaysHere() {
        DatasetViewModel vm = model();
        assertTrue(vm.availableProperty().get());
        assertEquals("", vm.missingProperty().get());
        assertNull(vm.whyMissing(DatasetId.IRIS));

        vm.select(DatasetId.FASHION_MNIST);

        assertFalse(vm.availableProperty().get());
        assertEquals("not on this machine", vm.statusProperty().get());
        assertEquals("Fashion-MNIST is not on this machine: Download it first (29.4 MiB).", vm.missingProperty().get());
        assertEquals(vm.missingProperty().get(), vm.whyMissing(DatasetId.FASHION_MNIST));
        assertTrue(vm.detailsProperty().get().contains("Downloads to " + dataDir.resolve("fashion-mnist")),
                vm.detailsProperty().get());
    }

    @Test
    void aDatasetWhoseFilesArePutInPlaceIsFoundWhenLookedForAgain() {
        DatasetViewModel vm = model();
        vm.select(DatasetId.MNIST);
        assertFalse(vm.availableProperty().get());

        DatasetFiles.writeDataset(DatasetId.MNIST, dataDir);

        assertNull(vm.whyMissing(DatasetId.MNIST), "Start asks again, and finds it");
        assertTrue(vm.availableProperty().get());
        assertEquals("on this machine", vm.statusProperty().get());
        assertTrue(vm.detailsProperty().get().contains("Files in " + dataDir.resolve("mnist")), vm.detailsProperty().get());
    }

    @Test
    void theScanTellsWhichDatasetsAreHere() {
        DatasetFiles.writeDataset(DatasetId.CIFAR10, dataDir);
        DatasetViewModel vm = model();

        vm.scan();

        assertEquals(Boolean.TRUE, vm.availability().get(DatasetId.IRIS));
        assertEquals(Boolean.TRUE, vm.availability().get(DatasetId.CIFAR10));
        assertEquals(Boolean.FALSE, vm.availability().get(DatasetId.FASHION_MNIST));
        assertEquals(Boolean.FALSE, vm.availability().get(DatasetId.CIFAR100));
    }

    @Test
    void aFinishedDownloadMakesTheDatasetAvailableAndReportsProgressOverAllItsFiles() {
        List<Double> fractions = new ArrayList<>();
        DatasetViewModel vm = model(new Fake((id, dir, listener) -> {
            listener.progress(new DownloadProgress("train-images-idx3-ubyte.gz", 0, 26_421_880, 0));
            listener.progress(new DownloadProgress("train-images-idx3-ubyte.gz", 26_421_880, 26_421_880, 1e6));
            DatasetFiles.writeDataset(id, dir);
        }));
        vm.select(DatasetId.FASHION_MNIST);
        vm.progressProperty().addListener((obs, old, now) -> fractions.add(now.doubleValue()));

        vm.download();

        assertEquals(-1, fractions.get(0), "cannot tell until the first bytes arrive");
        assertEquals(0.0, fractions.get(1));
        assertEquals(26_421_880 / (double) DatasetId.FASHION_MNIST.downloadBytes(), fractions.get(2), 1e-12,
                "the first file of four is most of the download, not all of it");
        assertEquals(0.0, vm.progressProperty().get(), "nothing goes on any more");
        assertFalse(vm.downloadingProperty().get());
        assertTrue(vm.availableProperty().get());
        assertEquals("", vm.missingProperty().get());
        assertEquals("Fashion-MNIST is on this machine now: press Start.", vm.noticeProperty().get());
    }

    @Test
    void aCancelledDownloadSaysSoAndEnds() {
        DatasetViewModel vm = model(new Fake((id, dir, listener) -> {
            throw new CancellationException("The download of train-images-idx3-ubyte.gz was cancelled");
        }));
        vm.select(DatasetId.FASHION_MNIST);

        vm.download();

        assertFalse(vm.downloadingProperty().get(), "a cancelled download does not stay 'downloading'");
        assertFalse(vm.availableProperty().get());
        assertEquals("The download of Fashion-MNIST was cancelled; nothing partial was kept.", vm.noticeProperty().get());
        assertEquals("", vm.progressTextProperty().get());
    }

    @Test
    void aFailedDownloadSaysWhy() {
        DatasetViewModel vm = model(new Fake((id, dir, listener) -> {
            throw new DataException("Cannot connect to the server: download it by hand.");
        }));
        vm.select(DatasetId.CIFAR100);

        vm.download();

        assertFalse(vm.downloadingProperty().get());
        assertEquals("Cannot connect to the server: download it by hand.", vm.noticeProperty().get());
        assertEquals("CIFAR-100 is not on this machine: Download it first (160.7 MiB).", vm.missingProperty().get());
    }

    @Test
    void shuttingDownDuringADownloadWaitsUntilItsPartialFileIsGone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LocalServer server = new LocalServer()) {
            // the first file arrives slowly: a few bytes, then nothing until the test ends
            server.handle("train-images-idx3-ubyte.gz", ex -> {
                ex.sendResponseHeaders(200, 26_421_880);
                OutputStream out = ex.getResponseBody();
                out.write(new byte[4096]);
                out.flush();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ConcurrentLinkedQueue<Runnable> fx = new ConcurrentLinkedQueue<>();
            Thread[] worker = new Thread[1];
            DatasetViewModel vm = new DatasetViewModel(fx::add, job -> {
                worker[0] = new Thread(job, "test-download");
                worker[0].start();
            }, () -> DatasetViewModel.Fetcher.of(new Downloader(Downloader.under(server.base()))), Optional.of(dataDir));
            vm.select(DatasetId.FASHION_MNIST);

            vm.download();
            Path part = dataDir.resolve("fashion-mnist").resolve("train-images-idx3-ubyte.gz.part");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(part) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(part), "the download has begun");

            assertTrue(vm.shutdown(Duration.ofSeconds(10)));

            assertFalse(Files.exists(part), "no partial file outlives the window");
            worker[0].join(5_000);
            assertFalse(worker[0].isAlive(), "the download's thread has ended");
            fx.forEach(Runnable::run);
            assertEquals("The download of Fashion-MNIST was cancelled; nothing partial was kept.", vm.noticeProperty().get());
            try (Stream<Path> left = Files.walk(dataDir)) {
                assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void irisIsNeverDownloaded() {
        DatasetViewModel vm = model();
        vm.download();
        assertFalse(vm.downloadingProperty().get());
    }

    @Test
    void downloadSizesAreInMebibytes() {
        assertEquals("29.4 MiB", DatasetViewModel.downloadSize(DatasetId.FASHION_MNIST));
        assertEquals("162.2 MiB", DatasetViewModel.downloadSize(DatasetId.CIFAR10));
    }
}
