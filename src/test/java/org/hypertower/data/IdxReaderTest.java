package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading idx image and label files, compressed or not, and the errors malformed ones report. */
class IdxReaderTest {

    private static final List<String> TEN = ImageDatasets.MNIST_CLASSES;

    @TempDir
    Path dir;

    private Path images(byte[] bytes) {
        return DatasetFiles.write(dir.resolve("images-idx3-ubyte"), bytes);
    }

    private Path labels(byte[] bytes) {
        return DatasetFiles.write(dir.resolve("labels-idx1-ubyte"), bytes);
    }

    private static void assertOneSentence(DataException e) {
        String m = e.getMessage();
        assertTrue(m.endsWith("."), m);
        assertFalse(m.contains("\n"), m);
        assertFalse(m.contains("Exception"), "no class names: " + m);
        assertFalse(m.contains(".."), m);
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + part + "' missing from: " + message);
        }
    }

    // ---------------------------------------------------------------- round trips

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(booleans = {false, true})
    void pixelsAndLabelsReadBackExactly(boolean gzip) {
        Path im = DatasetFiles.writeIdxImages(dir.resolve("im"), 5, 3, 4, gzip);
        int[] expected = {3, 0, 9, 9, 1};
        Path lb = DatasetFiles.writeIdxLabels(dir.resolve("lb"), expected, gzip);

        LabeledData data = IdxReader.read("digits", im, lb, TEN);

        assertEquals("digits", data.name());
        assertEquals(5, data.size());
        assertArrayEquals(new long[] {1, 3, 4}, data.exampleShape());
        assertArrayEquals(expected, data.labels());
        assertEquals(TEN, data.classNames());
        Features.Pixels pixels = assertInstanceOf(Features.Pixels.class, data.features());
        assertEquals(12, pixels.width());
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals((byte) DatasetFiles.idxPixel(i, j), pixels.values()[i * 12 + j], "image " + i + " pixel " + j);
            }
        }
    }

    @Test
    void pixelsReadAsValueOver255() {
        byte[] pixels = {0, (byte) 255, (byte) 128, 1};
        Path im = images(DatasetFiles.idxImages(1, 2, 2, pixels));
        Path lb = labels(DatasetFiles.idxLabels(new int[] {7}));

        float[] values = IdxReader.read("x", im, lb, TEN).features().toFloatArray();

        assertEquals(0.0f, values[0]);
        assertEquals(1.0f, values[1]);
        assertEquals(128 / 255f, values[2]);
        assertEquals(1 / 255f, values[3]);
    }

    @Test
    void everyByteValueReadsBackUnsigned() {
        // 256 pixels of the pattern hold each value 0..255 once
        Path im = DatasetFiles.writeIdxImages(dir.resolve("im"), 1, 16, 16, false);
        Path lb = DatasetFiles.writeIdxLabels(dir.resolve("lb"), new int[] {0}, false);

        float[] values = IdxReader.read("x", im, lb, TEN).features().toFloatArray();

        float[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int v = 0; v < 256; v++) {
            assertEquals(v / 255f, sorted[v]);
        }
    }

    @Test
    void gzipIsDetectedByItsMagicBytesNotByTheFileName() {
        Path im = DatasetFiles.write(dir.resolve("images.plain-name"), DatasetFiles.gzip(DatasetFiles.idxImages(2, 2, 2, 0)));
        Path lb = DatasetFiles.write(dir.resolve("labels.gz"), DatasetFiles.idxLabels(new int[] {4, 5}));

        LabeledData data = IdxReader.read("x", im, lb, TEN);

        assertEquals(2, data.size());
        assertArrayEquals(new int[] {4, 5}, data.labels());
    }

    @Test
    void labelFileAloneReadsOneUnsignedBytePerLabel() {
        Path lb = DatasetFiles.writeIdxLabels(dir.resolve("lb"), new int[] {0, 200, 255}, true);

        assertArrayEquals(new byte[] {0, (byte) 200, (byte) 255}, IdxReader.readLabels(lb));
    }

    @Test
    void imageFileAloneReportsCountRowsAndColumns() {
        Path im = DatasetFiles.writeIdxImages(dir.resolve("im"), 3, 5, 7, true);

        IdxReader.Images images = IdxReader.readImages(im);

        assertEquals(3, images.count());
        assertEquals(5, images.rows());
        assertEquals(7, images.cols());
        assertEquals(3 * 5 * 7, images.pixels().length);
    }

    @Test
    void headerDeclaringGigabytesIsReportedAsTruncatedWithoutAllocatingThem() {
        Path im = images(DatasetFiles.idxImages(2_000_000, 32, 32, new byte[10]));

        DataException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(DataException.class, () -> IdxReader.readImages(im)));

        assertContains(e.getMessage(), im.toString(), "expected 2048000000 bytes of pixels", "found 10.");
    }

    // ---------------------------------------------------------------- malformed files

    @Test
    void labelFileGivenAsImagesIsReportedByMagicNumber() {
        Path lb = labels(DatasetFiles.idxLabels(new int[] {1, 2}));

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(lb));

        assertEquals(lb + " is not an idx image file: expected the magic number 0x00000803 (2051), found 0x00000801 "
                + "(2049) (that of an idx label file).", e.getMessage());
    }

    @Test
    void imageFileGivenAsLabelsIsReportedByMagicNumber() {
        Path im = images(DatasetFiles.idxImages(1, 2, 2, 0));

        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(im));

        assertEquals(im + " is not an idx label file: expected the magic number 0x00000801 (2049), found 0x00000803 "
                + "(2051) (that of an idx image file).", e.getMessage());
    }

    @Test
    void unknownMagicNumberIsReportedInHexAndDecimal() {
        Path im = images("GIF89a not an idx file".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(im));

        assertContains(e.getMessage(), im + " is not an idx image file", "expected the magic number 0x00000803 (2051)",
                "found 0x47494638 (1195984440)");
        assertOneSentence(e);
    }

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(booleans = {false, true})
    void truncatedPixelsAreReportedWithExpectedAndFoundBytes(boolean gzip) {
        byte[] bytes = DatasetFiles.idxImages(5, 3, 4, new byte[50]);
        Path im = images(gzip ? DatasetFiles.gzip(bytes) : bytes);

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(im));

        assertEquals(im + " is truncated: expected 60 bytes of pixels for 5 images of 3x4, found 50.", e.getMessage());
    }

    @Test
    void truncatedLabelsAreReportedWithExpectedAndFoundBytes() {
        byte[] bytes = Arrays.copyOf(DatasetFiles.idxLabels(new int[] {1, 2, 3, 4}), 8 + 3);
        Path lb = labels(bytes);

        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(lb));

        assertEquals(lb + " is truncated: expected 4 bytes of labels for 4 labels, found 3.", e.getMessage());
    }

    @Test
    void fileShorterThanTheHeaderIsReported() {
        Path im = images(Arrays.copyOf(DatasetFiles.idxImages(1, 2, 2, 0), 10));

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(im));

        assertEquals(im + " is too short for an idx image file: expected a header of 16 bytes, found 10.",
                e.getMessage());
    }

    @Test
    void emptyFileIsReportedAsTooShort() {
        Path lb = labels(new byte[0]);

        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(lb));

        assertEquals(lb + " is too short for an idx label file: expected a header of 8 bytes, found 0.",
                e.getMessage());
    }

    @ParameterizedTest(name = "gzip {0}")
    @ValueSource(booleans = {false, true})
    void extraTrailingBytesAreReportedWithTheirNumber(boolean gzip) {
        byte[] bytes = DatasetFiles.idxImages(2, 2, 2, new byte[8 + 3]);
        Path im = images(gzip ? DatasetFiles.gzip(bytes) : bytes);

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(im));

        assertEquals(im + " has 3 extra trailing bytes: expected exactly 8 bytes of pixels for 2 images of 2x2 after "
                + "the header.", e.getMessage());
    }

    @Test
    void extraTrailingLabelBytesAreReported() {
        byte[] bytes = Arrays.copyOf(DatasetFiles.idxLabels(new int[] {1, 2}), 8 + 2 + 1);
        Path lb = labels(bytes);

        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(lb));

        assertContains(e.getMessage(), lb + " has 1 extra trailing byte: ", "expected exactly 2 bytes of labels");
        assertOneSentence(e);
    }

    @Test
    void zeroImagesAreReported() {
        Path im = images(DatasetFiles.idxImages(0, 28, 28, new byte[0]));

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(im));

        assertEquals(im + " declares 0 images of 28x28 pixels; expected a positive count, rows and columns.",
                e.getMessage());
    }

    @Test
    void imageAndLabelCountsThatDifferAreReportedNamingBothFiles() {
        Path im = images(DatasetFiles.idxImages(5, 2, 2, 0));
        Path lb = labels(DatasetFiles.idxLabels(new int[] {1, 2, 3, 4}));

        DataException e = assertThrows(DataException.class, () -> IdxReader.read("x", im, lb, TEN));

        assertEquals("The image file " + im + " holds 5 images but the label file " + lb + " holds 4 labels; expected "
                + "one label per image.", e.getMessage());
    }

    @Test
    void labelOutOfRangeIsReportedWithIndexValueAndClassCount() {
        Path im = images(DatasetFiles.idxImages(4, 2, 2, 0));
        Path lb = labels(DatasetFiles.idxLabels(new int[] {1, 9, 10, 3}));

        DataException e = assertThrows(DataException.class, () -> IdxReader.read("x", im, lb, TEN));

        assertEquals(lb + ": the label at index 2 is 10, out of range; expected 0 to 9 for 10 classes.", e.getMessage());
    }

    @Test
    void labelAbove127IsReadUnsignedAndReportedOutOfRange() {
        Path im = images(DatasetFiles.idxImages(1, 2, 2, 0));
        Path lb = labels(DatasetFiles.idxLabels(new int[] {200}));

        DataException e = assertThrows(DataException.class, () -> IdxReader.read("x", im, lb, List.of("a", "b")));

        assertEquals(lb + ": the label at index 0 is 200, out of range; expected 0 to 1 for 2 classes.", e.getMessage());
    }

    @Test
    void gzipCutShortIsReportedAsCorrupt() {
        byte[] gz = DatasetFiles.gzip(DatasetFiles.idxImages(50, 28, 28, 0));
        Path im = images(Arrays.copyOf(gz, gz.length / 2));

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(im));

        assertContains(e.getMessage(), im + " is a corrupt or incomplete gzip file (",
                "expected a complete gzip-compressed idx file");
        assertOneSentence(e);
    }

    @Test
    void gzipWithDamagedDataIsReportedAsCorrupt() {
        byte[] gz = DatasetFiles.gzip(DatasetFiles.idxImages(50, 28, 28, 0));
        for (int i = 20; i < 60; i++) {
            gz[i] = (byte) 0xFF;
        }
        Path im = images(gz);

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(im));

        assertContains(e.getMessage(), im + " is a corrupt or incomplete gzip file (");
        assertOneSentence(e);
    }

    @Test
    void gzipWithWrongChecksumIsReportedAsCorrupt() {
        byte[] gz = DatasetFiles.gzip(DatasetFiles.idxLabels(new int[] {1, 2, 3}));
        gz[gz.length - 8] ^= 0x01; // the CRC-32 of the trailer
        Path lb = labels(gz);

        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(lb));

        assertContains(e.getMessage(), lb + " is a corrupt or incomplete gzip file (");
        assertOneSentence(e);
    }

    @Test
    void onlyTheGzipMagicBytesAreReportedAsCorruptGzip() {
        Path lb = labels(new byte[] {0x1f, (byte) 0x8b});

        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(lb));

        // the JDK's exception has no message here: the reason is said in words, not as "null"
        assertContains(e.getMessage(), lb + " is a corrupt or incomplete gzip file (the file ends early); ");
        assertOneSentence(e);
    }

    @Test
    void missingFileIsReportedNamingIt() {
        Path im = dir.resolve("nowhere-idx3-ubyte");

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(im));

        assertEquals(im + " does not exist; expected an idx file there.", e.getMessage());
    }

    @Test
    void folderInPlaceOfAFileIsSaidToBeAFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("train-images-idx3-ubyte"));

        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(folder));

        assertEquals("Cannot read " + folder + ": it is a folder, not a file.", e.getMessage());
    }
}
