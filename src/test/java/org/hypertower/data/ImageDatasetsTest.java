package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The official train and test splits of the image datasets, from small files in the real formats and from the real Fashion-MNIST. */
class ImageDatasetsTest {

    /** Where Debian's dataset-fashion-mnist package installs Fashion-MNIST. */
    private static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets", "fashion-mnist");

    @TempDir
    Path dir;

    private DataLocator locator() {
        return new DataLocator(Optional.of(dir));
    }

    /** Returns the pixel an example should hold, by the dataset's pattern. */
    private static int expectedPixel(DatasetId id, int image, int index) {
        return id.exampleShape()[0] == 1 ? DatasetFiles.idxPixel(image, index)
                : DatasetFiles.cifarPixel(image, index / 1024, index % 1024);
    }

    private static void assertPixels(DatasetId id, LabeledData data, int firstImage) {
        byte[] values = ((Features.Pixels) data.features()).values();
        int width = data.width();
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < width; j++) {
                int found = values[i * width + j] & 0xFF;
                if (found != expectedPixel(id, firstImage + i, j)) {
                    assertEquals(expectedPixel(id, firstImage + i, j), found, "example " + i + " pixel " + j);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatasetId.class, names = "IRIS", mode = EnumSource.Mode.EXCLUDE)
    void officialSplitsLoadWithTheirSizesShapesLabelsAndPixels(DatasetId id) {
        DatasetFiles.writeDataset(id, dir);

        DataSplit split = ImageDatasets.load(id, locator(), false);

        assertEquals(DatasetFiles.TRAIN, split.train().size());
        assertEquals(DatasetFiles.TEST, split.test().size());
        assertArrayEquals(id.exampleShape(), split.train().exampleShape());
        assertArrayEquals(id.exampleShape(), split.test().exampleShape());
        assertEquals(id.classes(), split.train().classes());
        assertEquals(id.cliName(), split.train().name());
        assertArrayEquals(DatasetFiles.trainLabels(DatasetFiles.TRAIN, id.classes()), split.train().labels());
        assertArrayEquals(DatasetFiles.testLabels(DatasetFiles.TEST, id.classes()), split.test().labels());
        assertPixels(id, split.train(), 0);
        assertPixels(id, split.test(), DatasetFiles.TEST_IMAGE_OFFSET);
        assertEquals(null, split.train().normalization());
    }

    @Test
    void classNamesAreTheDatasetsOwn() {
        for (DatasetId id : List.of(DatasetId.MNIST, DatasetId.FASHION_MNIST, DatasetId.CIFAR10, DatasetId.CIFAR100)) {
            DatasetFiles.writeDataset(id, dir);
        }

        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                ImageDatasets.load(DatasetId.MNIST, locator(), false).train().classNames());
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot"), ImageDatasets.load(DatasetId.FASHION_MNIST, locator(), false).test().classNames());
        assertEquals(CifarReader.CIFAR10_CLASSES, ImageDatasets.load(DatasetId.CIFAR10, locator(), false).train()
                .classNames());
        assertEquals(DatasetFiles.cifar100FineNames(), ImageDatasets.load(DatasetId.CIFAR100, locator(), false).train()
                .classNames());
    }

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(booleans = {false, true})
    void idxFilesLoadCompressedOrNot(boolean gzip) {
        DatasetFiles.writeDataset(DatasetId.MNIST, dir.resolve("mnist"), 10, 5, gzip);

        DataSplit split = ImageDatasets.load(DatasetId.MNIST, locator(), false);

        assertEquals(10, split.train().size());
        assertEquals(5, split.test().size());
        assertPixels(DatasetId.MNIST, split.train(), 0);
    }

    @Test
    void cifar10TrainingSetIsTheFiveBatchesInOrder() {
        DatasetFiles.writeDataset(DatasetId.CIFAR10, dir.resolve("cifar-10-batches-bin"), 23, 4, false);

        DataSplit split = ImageDatasets.load(DatasetId.CIFAR10, locator(), false);

        assertEquals(23, split.train().size());
        assertArrayEquals(DatasetFiles.trainLabels(23, 10), split.train().labels());
        assertPixels(DatasetId.CIFAR10, split.train(), 0);
    }

    @Test
    void cifar100CoarseLabelsAreLoadedOnRequest() {
        DatasetFiles.writeDataset(DatasetId.CIFAR100, dir);

        DataSplit split = ImageDatasets.load(DatasetId.CIFAR100, locator(), true);

        assertEquals(20, split.train().classes());
        assertEquals(DatasetFiles.cifar100CoarseNames(), split.test().classNames());
        assertArrayEquals(DatasetFiles.coarseOf(DatasetFiles.trainLabels(DatasetFiles.TRAIN, 100)), split.train().labels());
        assertArrayEquals(DatasetFiles.coarseOf(DatasetFiles.testLabels(DatasetFiles.TEST, 100)), split.test().labels());
    }

    @Test
    void cifar10WithoutItsMetaFileUsesTheStandardNames() throws IOException {
        Path folder = DatasetFiles.writeDataset(DatasetId.CIFAR10, dir);
        Files.delete(folder.resolve("batches.meta.txt"));

        assertEquals(CifarReader.CIFAR10_CLASSES, ImageDatasets.load(DatasetId.CIFAR10, locator(), false).train()
                .classNames());
    }

    @ParameterizedTest
    @EnumSource(value = DatasetId.class, names = {"MNIST", "FASHION_MNIST", "CIFAR10"})
    void coarseLabelsOfAnotherDatasetThanCifar100AreRefused(DatasetId id) {
        DatasetFiles.writeDataset(id, dir);

        DataException e = assertThrows(DataException.class, () -> ImageDatasets.load(id, locator(), true));

        assertEquals("Coarse labels exist only for CIFAR-100, not for " + id.title() + ".", e.getMessage());
    }

    @Test
    void irisIsNotAnImageDataset() {
        assertThrows(IllegalArgumentException.class, () -> ImageDatasets.load(DatasetId.IRIS, locator(), false));
    }

    @Test
    void missingDatasetIsReportedByTheLocator() {
        DataException e = assertThrows(DataException.class, () -> ImageDatasets.load(DatasetId.CIFAR100, locator(), false));

        assertTrue(e.getMessage().startsWith("CIFAR-100 was not found: "), e.getMessage());
    }

    @Test
    void idxImagesOfAnotherSizeThanTheDatasetsAreRefused() {
        Path folder = DatasetFiles.writeDataset(DatasetId.MNIST, dir);
        Path images = DatasetFiles.write(folder.resolve("train-images-idx3-ubyte.gz"),
                DatasetFiles.gzip(DatasetFiles.idxImages(DatasetFiles.TRAIN, 32, 32, 0)));

        DataException e = assertThrows(DataException.class, () -> ImageDatasets.load(DatasetId.MNIST, locator(), false));

        assertEquals(images + " holds 32x32 images; expected the 28x28 images of MNIST.", e.getMessage());
    }

    @Test
    void malformedFileInTheDatasetIsReportedNamingIt() {
        Path folder = DatasetFiles.writeDataset(DatasetId.CIFAR100, dir);
        Path test = DatasetFiles.write(folder.resolve("test.bin"), new byte[3074 * 2 + 7]);

        DataException e = assertThrows(DataException.class, () -> ImageDatasets.load(DatasetId.CIFAR100, locator(), false));

        assertTrue(e.getMessage().startsWith(test + " holds 6155 bytes"), e.getMessage());
    }

    // ---------------------------------------------------------------- the real data

    @Test
    void realFashionMnistFromTheDebianPackageHasItsOfficialSplits() {
        assumeTrue(Files.isDirectory(DEBIAN_FASHION_MNIST), "Debian's dataset-fashion-mnist is not installed");

        DataSplit split = ImageDatasets.load(DatasetId.FASHION_MNIST, new DataLocator(Optional.of(DEBIAN_FASHION_MNIST)),
                false);

        assertEquals(60_000, split.train().size());
        assertEquals(10_000, split.test().size());
        assertArrayEquals(new long[] {1, 28, 28}, split.train().exampleShape());
        assertArrayEquals(new long[] {1, 28, 28}, split.test().exampleShape());
        int[] train = new int[10];
        for (int label : split.train().labels()) {
            train[label]++;
        }
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, train);
        int[] test = new int[10];
        for (int label : split.test().labels()) {
            test[label]++;
        }
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test);
        float[] first = new float[784];
        split.train().copyExample(0, first, 0);
        float min = 1;
        float max = 0;
        for (float v : first) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0.0f, min, "the first image has a black background");
        assertEquals(1.0f, max, "and some pixel at full intensity");
        assertEquals(9, split.train().labels()[0], "the first training image is an ankle boot");
    }
}
