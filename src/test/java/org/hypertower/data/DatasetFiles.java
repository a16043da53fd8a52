package org.hypertower.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small dataset files in the exact formats of the real ones, for tests: idx image and label
 * files (gzip-compressed or not), CIFAR-10 and CIFAR-100 binary files, class-name files, and whole
 * dataset folders as the official downloads hold them.
 *
 * <p>Contents are deterministic: pixel values come from {@link #idxPixel} and
 * {@link #cifarPixel}, labels from {@link #trainLabel} and {@link #testLabel}, so a test can check
 * every value read back. Test examples are numbered from {@link #TEST_IMAGE_OFFSET} so their
 * pixels differ from the training examples'.
 */
public final class DatasetFiles {

    /** The training examples of a dataset written by {@link #writeDataset(DatasetId, Path)}. */
    public static final int TRAIN = 64;

    /** The test examples of a dataset written by {@link #writeDataset(DatasetId, Path)}. */
    public static final int TEST = 32;

    /** The image number of the first test example, for the pixel patterns. */
    public static final int TEST_IMAGE_OFFSET = 1000;

    /** The fine CIFAR-100 classes per coarse class in the written data: coarse = fine / 5. */
    public static final int FINE_PER_COARSE = 5;

    private DatasetFiles() {}

    // ---------------------------------------------------------------- patterns

    /** Returns pixel {@code index} (row-major) of idx image {@code image}: every value 0..255 occurs within 256 pixels. */
    public static int idxPixel(int image, int index) {
        return (image * 31 + index * 7) & 0xFF;
    }

    /**
     * Returns pixel {@code index} (row-major, 0..1023) of channel {@code channel} (0 red, 1 green,
     * 2 blue) of CIFAR image {@code image}; the three planes differ.
     */
    public static int cifarPixel(int image, int channel, int index) {
        return (image * 13 + channel * 85 + index * 3) & 0xFF;
    }

    /** Returns the label of training example {@code i}: {@code i mod classes}. */
    public static int trainLabel(int i, int classes) {
        return i % classes;
    }

    /** Returns the label of test example {@code i}: classes counted down. */
    public static int testLabel(int i, int classes) {
        return classes - 1 - i % classes;
    }

    /** Returns {@code count} labels of {@link #trainLabel}. */
    public static int[] trainLabels(int count, int classes) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = trainLabel(i, classes);
        }
        return out;
    }

    /** Returns {@code count} labels of {@link #testLabel}. */
    public static int[] testLabels(int count, int classes) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = testLabel(i, classes);
        }
        return out;
    }

    /** Returns the coarse labels of fine CIFAR-100 labels as the written data pairs them. */
    public static int[] coarseOf(int[] fine) {
        int[] out = new int[fine.length];
        for (int i = 0; i < fine.length; i++) {
            out[i] = fine[i] / FINE_PER_COARSE;
        }
        return out;
    }

    // ---------------------------------------------------------------- idx

    /** Returns an idx image file's bytes holding {@code count} images of the {@link #idxPixel} pattern, from image {@code first}. */
    public static byte[] idxImages(int count, int rows, int cols, int first) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < rows * cols; j++) {
                pixels[i * rows * cols + j] = (byte) idxPixel(first + i, j);
            }
        }
        return idxImages(count, rows, cols, pixels);
    }

    /** Returns an idx image file's bytes: the header as declared, then the given pixels (of any length). */
    public static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(IdxReader.IMAGE_MAGIC).putInt(count).putInt(rows)
                .putInt(cols).put(pixels).array();
    }

    /** Returns an idx label file's bytes holding the given labels. */
    public static byte[] idxLabels(int[] labels) {
        ByteBuffer out = ByteBuffer.allocate(8 + labels.length).putInt(IdxReader.LABEL_MAGIC).putInt(labels.length);
        for (int label : labels) {
            out.put((byte) label);
        }
        return out.array();
    }

    /** Writes an idx image file of the {@link #idxPixel} pattern from image 0. */
    public static Path writeIdxImages(Path file, int count, int rows, int cols, boolean gzip) {
        return write(file, gzip ? gzip(idxImages(count, rows, cols, 0)) : idxImages(count, rows, cols, 0));
    }

    /** Writes an idx label file. */
    public static Path writeIdxLabels(Path file, int[] labels, boolean gzip) {
        return write(file, gzip ? gzip(idxLabels(labels)) : idxLabels(labels));
    }

    // ---------------------------------------------------------------- CIFAR

    /** Returns CIFAR-10 records: each label byte, then the {@link #cifarPixel} planes of images {@code first}, {@code first + 1}, .... */
    public static byte[] cifar10(int[] labels, int first) {
        ByteBuffer out = ByteBuffer.allocate(labels.length * (1 + CifarReader.PIXELS));
        for (int i = 0; i < labels.length; i++) {
            out.put((byte) labels[i]);
            putCifarPixels(out, first + i);
        }
        return out.array();
    }

    /** Returns CIFAR-100 records: each coarse and fine label byte, then the {@link #cifarPixel} planes. */
    public static byte[] cifar100(int[] coarse, int[] fine, int first) {
        if (coarse.length != fine.length) {
            throw new IllegalArgumentException("coarse and fine labels differ in number");
        }
        ByteBuffer out = ByteBuffer.allocate(fine.length * (2 + CifarReader.PIXELS));
        for (int i = 0; i < fine.length; i++) {
            out.put((byte) coarse[i]).put((byte) fine[i]);
            putCifarPixels(out, first + i);
        }
        return out.array();
    }

    private static void putCifarPixels(ByteBuffer out, int image) {
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 1024; j++) {
                out.put((byte) cifarPixel(image, c, j));
            }
        }
    }

    /** Writes a CIFAR-10 binary file. */
    public static Path writeCifar10(Path file, int[] labels, int first) {
        return write(file, cifar10(labels, first));
    }

    /** Writes a CIFAR-100 binary file. */
    public static Path writeCifar100(Path file, int[] coarse, int[] fine, int first) {
        return write(file, cifar100(coarse, fine, first));
    }

    /** Returns the names written to CIFAR-100's {@code fine_label_names.txt}: {@code fine00} to {@code fine99}. */
    public static List<String> cifar100FineNames() {
        return numbered("fine", 100);
    }

    /** Returns the names written to CIFAR-100's {@code coarse_label_names.txt}: {@code coarse00} to {@code coarse19}. */
    public static List<String> cifar100CoarseNames() {
        return numbered("coarse", 20);
    }

    private static List<String> numbered(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format("%s%02d", prefix, i));
        }
        return out;
    }

    /** Writes names one per line followed by a blank line, as CIFAR's name files are. */
    public static Path writeNames(Path file, List<String> names) {
        return write(file, (String.join("\n", names) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- whole datasets

    /**
     * Writes a complete small dataset, {@link #TRAIN} training and {@link #TEST} test examples,
     * into {@code dataDir/<id.folder()>} (idx files gzip-compressed), and returns that folder.
     */
    public static Path writeDataset(DatasetId id, Path dataDir) {
        return writeDataset(id, dataDir.resolve(id.folder()), TRAIN, TEST, true);
    }

    /**
     * Writes a complete small dataset's files directly into {@code folder}, as the official
     * download holds them, and returns the folder.
     *
     * <ul>
     *   <li>MNIST, Fashion-MNIST: the four idx files of 28x28 images, with {@code .gz} or not;
     *   <li>CIFAR-10: {@code data_batch_1.bin} to {@code data_batch_5.bin} (the training examples
     *       in order, split as evenly as they go), {@code test_batch.bin} and {@code batches.meta.txt};
     *   <li>CIFAR-100: {@code train.bin}, {@code test.bin}, {@code fine_label_names.txt} and
     *       {@code coarse_label_names.txt}, coarse label = fine label / 5.
     * </ul>
     *
     * Labels are {@link #trainLabels} and {@link #testLabels} of the dataset's (fine) classes;
     * training images are numbered from 0, test images from {@link #TEST_IMAGE_OFFSET}.
     */
    public static Path writeDataset(DatasetId id, Path folder, int train, int test, boolean gzip) {
        int[] trainLabels = trainLabels(train, id.classes());
        int[] testLabels = testLabels(test, id.classes());
        switch (id) {
            case MNIST, FASHION_MNIST -> {
                writeIdx(folder.resolve("train-images-idx3-ubyte"), idxImages(train, 28, 28, 0), gzip);
                writeIdx(folder.resolve("train-labels-idx1-ubyte"), idxLabels(trainLabels), gzip);
                writeIdx(folder.resolve("t10k-images-idx3-ubyte"), idxImages(test, 28, 28, TEST_IMAGE_OFFSET), gzip);
                writeIdx(folder.resolve("t10k-labels-idx1-ubyte"), idxLabels(testLabels), gzip);
            }
            case CIFAR10 -> {
                int start = 0;
                for (int b = 0; b < 5; b++) {
                    int n = train / 5 + (b < train % 5 ? 1 : 0);
                    int[] labels = java.util.Arrays.copyOfRange(trainLabels, start, start + n);
                    writeCifar10(folder.resolve("data_batch_" + (b + 1) + ".bin"), labels, start);
                    start += n;
                }
                writeCifar10(folder.resolve("test_batch.bin"), testLabels, TEST_IMAGE_OFFSET);
                writeNames(folder.resolve("batches.meta.txt"), CifarReader.CIFAR10_CLASSES);
            }
            case CIFAR100 -> {
                writeCifar100(folder.resolve("train.bin"), coarseOf(trainLabels), trainLabels, 0);
                writeCifar100(folder.resolve("test.bin"), coarseOf(testLabels), testLabels, TEST_IMAGE_OFFSET);
                writeNames(folder.resolve("fine_label_names.txt"), cifar100FineNames());
                writeNames(folder.resolve("coarse_label_names.txt"), cifar100CoarseNames());
            }
            case IRIS -> throw new IllegalArgumentException("Iris is bundled; there are no files to write");
        }
        return folder;
    }

    private static void writeIdx(Path file, byte[] bytes, boolean gzip) {
        if (gzip) {
            write(file.resolveSibling(file.getFileName() + ".gz"), gzip(bytes));
        } else {
            write(file, bytes);
        }
    }

    // ---------------------------------------------------------------- bytes and files

    /** Returns bytes gzip-compressed. */
    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes bytes to a file, creating its folder, and returns the file. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
