package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading CIFAR-10 and CIFAR-100 binary files and class names, and the errors malformed files report. */
class CifarReaderTest {

    private static final List<String> C10 = CifarReader.CIFAR10_CLASSES;
    private static final CifarReader.Labels CIFAR10 = CifarReader.Labels.CIFAR10;
    private static final CifarReader.Labels FINE = CifarReader.Labels.CIFAR100_FINE;
    private static final CifarReader.Labels COARSE = CifarReader.Labels.CIFAR100_COARSE;

    @TempDir
    Path dir;

    private static void assertPixelsOfImages(LabeledData data, int firstImage) {
        Features.Pixels pixels = assertInstanceOf(Features.Pixels.class, data.features());
        assertEquals(3072, pixels.width());
        for (int i = 0; i < data.size(); i++) {
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < 1024; j++) {
                    int expected = DatasetFiles.cifarPixel(firstImage + i, c, j);
                    int found = pixels.values()[i * 3072 + c * 1024 + j] & 0xFF;
                    if (expected != found) {
                        assertEquals(expected, found, "example " + i + " channel " + c + " pixel " + j);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void cifar10RecordsReadBackExactly() {
        int[] labels = {6, 9, 9, 4, 1, 0, 2};
        Path file = DatasetFiles.writeCifar10(dir.resolve("data_batch_1.bin"), labels, 0);

        LabeledData data = CifarReader.read("cifar10", List.of(file), CIFAR10, C10);

        assertEquals("cifar10", data.name());
        assertEquals(7, data.size());
        assertArrayEquals(new long[] {3, 32, 32}, data.exampleShape());
        assertArrayEquals(labels, data.labels());
        assertEquals(C10, data.classNames());
        assertPixelsOfImages(data, 0);
    }

    @Test
    void pixelPlanesAreRedThenGreenThenBlueScaledBy255() {
        byte[] record = new byte[1 + 3072];
        record[0] = 3;
        Arrays.fill(record, 1, 1 + 1024, (byte) 255); // red
        Arrays.fill(record, 1 + 1024, 1 + 2048, (byte) 0); // green
        Arrays.fill(record, 1 + 2048, 1 + 3072, (byte) 128); // blue
        Path file = DatasetFiles.write(dir.resolve("one.bin"), record);

        float[] values = CifarReader.read("x", List.of(file), CIFAR10, C10).features().toFloatArray();

        for (int j = 0; j < 1024; j++) {
            assertEquals(1.0f, values[j]);
            assertEquals(0.0f, values[1024 + j]);
            assertEquals(128 / 255f, values[2048 + j]);
        }
    }

    @Test
    void severalFilesAreReadInOrder() {
        Path first = DatasetFiles.writeCifar10(dir.resolve("a.bin"), new int[] {1, 2, 3}, 0);
        Path second = DatasetFiles.writeCifar10(dir.resolve("b.bin"), new int[] {7, 8}, 3);

        LabeledData data = CifarReader.read("x", List.of(first, second), CIFAR10, C10);

        assertArrayEquals(new int[] {1, 2, 3, 7, 8}, data.labels());
        assertPixelsOfImages(data, 0);
    }

    @Test
    void cifar100ReadsFineLabelsFromTheSecondByte() {
        int[] coarse = {0, 19, 4};
        int[] fine = {99, 0, 42};
        Path file = DatasetFiles.writeCifar100(dir.resolve("train.bin"), coarse, fine, 5);

        LabeledData data = CifarReader.read("cifar100", List.of(file), FINE, DatasetFiles.cifar100FineNames());

        assertArrayEquals(fine, data.labels());
        assertEquals(100, data.classes());
        assertPixelsOfImages(data, 5);
    }

    @Test
    void cifar100ReadsCoarseLabelsFromTheFirstByteOnRequest() {
        int[] coarse = {0, 19, 4};
        int[] fine = {99, 0, 42};
        Path file = DatasetFiles.writeCifar100(dir.resolve("train.bin"), coarse, fine, 5);

        LabeledData data = CifarReader.read("cifar100", List.of(file), COARSE, DatasetFiles.cifar100CoarseNames());

        assertArrayEquals(coarse, data.labels());
        assertEquals(20, data.classes());
        assertPixelsOfImages(data, 5);
    }

    @Test
    void recordSizesAreOneOrTwoLabelBytesAndTheImage() {
        assertEquals(3073, CIFAR10.recordBytes());
        assertEquals(3074, FINE.recordBytes());
        assertEquals(3074, COARSE.recordBytes());
    }

    // ---------------------------------------------------------------- class names

    @Test
    void cifar10NamesComeFromBatchesMetaSkippingBlankLines() {
        DatasetFiles.write(dir.resolve("batches.meta.txt"), "plane\r\ncar\n\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n"
                .getBytes(StandardCharsets.UTF_8));

        List<String> names = CifarReader.classNames(dir, CIFAR10);

        assertEquals(List.of("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"), names);
    }

    @Test
    void cifar10NamesDefaultToTheStandardTenWhenTheMetaFileIsMissing() {
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                CifarReader.classNames(dir, CIFAR10));
    }

    @Test
    void cifar100NamesComeFromTheFineAndCoarseNameFiles() {
        DatasetFiles.writeNames(dir.resolve("fine_label_names.txt"), DatasetFiles.cifar100FineNames());
        DatasetFiles.writeNames(dir.resolve("coarse_label_names.txt"), DatasetFiles.cifar100CoarseNames());

        assertEquals(DatasetFiles.cifar100FineNames(), CifarReader.classNames(dir, FINE));
        assertEquals(DatasetFiles.cifar100CoarseNames(), CifarReader.classNames(dir, COARSE));
    }

    @Test
    void cifar100NamesFallBackToNumberedClassesWhenTheNameFilesAreMissing() {
        List<String> fine = CifarReader.classNames(dir, FINE);
        List<String> coarse = CifarReader.classNames(dir, COARSE);

        assertEquals(100, fine.size());
        assertEquals("class0", fine.get(0));
        assertEquals("class99", fine.get(99));
        assertEquals(20, coarse.size());
        assertEquals("class19", coarse.get(19));
    }

    @Test
    void namesFileWithTheWrongNumberOfNamesIsReported() {
        Path file = DatasetFiles.writeNames(dir.resolve("batches.meta.txt"), List.of("a", "b", "c"));

        DataException e = assertThrows(DataException.class, () -> CifarReader.classNames(dir, CIFAR10));

        assertEquals(file + " lists 3 class names; expected 10, one per line.", e.getMessage());
    }

    // ---------------------------------------------------------------- malformed files

    @Test
    void sizeNotAMultipleOfTheRecordIsReportedWithTheBytesLeftOver() {
        byte[] records = DatasetFiles.cifar10(new int[] {1, 2}, 0);
        Path file = DatasetFiles.write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(records, records.length + 5));

        DataException e = assertThrows(DataException.class, () -> CifarReader.read("x", List.of(file), CIFAR10, C10));

        assertEquals(file + " holds 6151 bytes, not a whole number of 3073-byte CIFAR-10 records: 5 bytes are left over "
                + "after 2 records.", e.getMessage());
    }

    @Test
    void cifar100FileReadAsCifar10IsReportedByItsSize() {
        Path file = DatasetFiles.writeCifar100(dir.resolve("train.bin"), new int[] {1}, new int[] {5}, 0);

        DataException e = assertThrows(DataException.class, () -> CifarReader.read("x", List.of(file), CIFAR10, C10));

        assertEquals(file + " holds 3074 bytes, not a whole number of 3073-byte CIFAR-10 records: 1 byte is left over "
                + "after 1 record.", e.getMessage());
    }

    @Test
    void truncatedLastRecordIsReported() {
        byte[] records = DatasetFiles.cifar100(new int[] {1, 2, 3}, new int[] {5, 10, 15}, 0);
        Path file = DatasetFiles.write(dir.resolve("test.bin"), Arrays.copyOf(records, records.length - 100));

        DataException e = assertThrows(DataException.class,
                () -> CifarReader.read("x", List.of(file), FINE, DatasetFiles.cifar100FineNames()));

        assertEquals(file + " holds 9122 bytes, not a whole number of 3074-byte CIFAR-100 records: 2974 bytes are left "
                + "over after 2 records.", e.getMessage());
    }

    @Test
    void emptyFileIsReported() {
        Path file = DatasetFiles.write(dir.resolve("test_batch.bin"), new byte[0]);

        DataException e = assertThrows(DataException.class, () -> CifarReader.read("x", List.of(file), CIFAR10, C10));

        assertEquals(file + " is empty; expected CIFAR-10 records of 3073 bytes each.", e.getMessage());
    }

    @Test
    void cifar10LabelOutOfRangeIsReportedWithRecordValueAndRange() {
        Path file = DatasetFiles.writeCifar10(dir.resolve("data_batch_3.bin"), new int[] {0, 9, 5, 10, 1}, 0);

        DataException e = assertThrows(DataException.class, () -> CifarReader.read("x", List.of(file), CIFAR10, C10));

        assertEquals(file + ": the label of record 3 is 10, out of range; expected 0 to 9.", e.getMessage());
    }

    @Test
    void cifar100FineLabelOutOfRangeIsReported() {
        Path file = DatasetFiles.writeCifar100(dir.resolve("train.bin"), new int[] {1, 2}, new int[] {99, 100}, 0);

        DataException e = assertThrows(DataException.class,
                () -> CifarReader.read("x", List.of(file), FINE, DatasetFiles.cifar100FineNames()));

        assertEquals(file + ": the fine label of record 1 is 100, out of range; expected 0 to 99.", e.getMessage());
    }

    @Test
    void cifar100CoarseLabelOutOfRangeIsReported() {
        Path file = DatasetFiles.writeCifar100(dir.resolve("train.bin"), new int[] {20}, new int[] {3}, 0);

        DataException e = assertThrows(DataException.class,
                () -> CifarReader.read("x", List.of(file), COARSE, DatasetFiles.cifar100CoarseNames()));

        assertEquals(file + ": the coarse label of record 0 is 20, out of range; expected 0 to 19.", e.getMessage());
    }

    @Test
    void labelAbove127IsReadUnsigned() {
        Path file = DatasetFiles.writeCifar10(dir.resolve("b.bin"), new int[] {255}, 0);

        DataException e = assertThrows(DataException.class, () -> CifarReader.read("x", List.of(file), CIFAR10, C10));

        assertEquals(file + ": the label of record 0 is 255, out of range; expected 0 to 9.", e.getMessage());
    }

    @Test
    void errorInALaterFileNamesThatFile() {
        Path good = DatasetFiles.writeCifar10(dir.resolve("data_batch_1.bin"), new int[] {1, 2}, 0);
        Path bad = DatasetFiles.writeCifar10(dir.resolve("data_batch_2.bin"), new int[] {3, 11}, 2);

        DataException e = assertThrows(DataException.class,
                () -> CifarReader.read("x", List.of(good, bad), CIFAR10, C10));

        assertEquals(bad + ": the label of record 1 is 11, out of range; expected 0 to 9.", e.getMessage());
    }

    @Test
    void missingFileIsReportedNamingIt() {
        Path file = dir.resolve("data_batch_4.bin");

        DataException e = assertThrows(DataException.class, () -> CifarReader.read("x", List.of(file), CIFAR10, C10));

        assertEquals(file + " does not exist; expected a CIFAR binary file there.", e.getMessage());
    }

    @Test
    void folderInPlaceOfAFileIsSaidToBeAFolderNotMeasuredAsOne() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("data_batch_1.bin"));

        DataException e = assertThrows(DataException.class, () -> CifarReader.read("x", List.of(folder), CIFAR10, C10));

        assertEquals("Cannot read " + folder + ": it is a folder; expected a CIFAR binary file there.", e.getMessage());
    }

    @Test
    void namesFileThatIsNotUtf8IsSaidToBeSo() {
        Path file = DatasetFiles.write(dir.resolve("batches.meta.txt"), new byte[] {'a', '\n', (byte) 0xFF, '\n'});

        DataException e = assertThrows(DataException.class, () -> CifarReader.classNames(dir, CIFAR10));

        assertEquals(file + " is not UTF-8 text; expected one class name per line.", e.getMessage());
    }
}
