package org.hypertower.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small, learnable image dataset written in MNIST's idx format, for benchmarks on machines that
 * hold no image dataset: 28x28 grey images of 10 classes, each class a bright 7x7 square at its own
 * place on seeded noise.
 */
public final class SyntheticImages {

    private static final int SIDE = 28;
    private static final int CLASSES = 10;

    private SyntheticImages() {}

    /**
     * Writes the four idx files of MNIST ({@code train-images-idx3-ubyte}, ...) into
     * {@code folder/mnist}, so that {@code folder} works as a data folder for the {@code mnist}
     * dataset.
     *
     * @param folder the data folder
     * @param train the number of training images
     * @param test the number of test images
     * @param seed the noise's seed
     * @return the data folder
     */
    public static Path writeMnist(Path folder, int train, int test, long seed) throws IOException {
        if (train < 1 || test < 1) {
            throw new IllegalArgumentException("train and test must be positive, not " + train + " and " + test);
        }
        Path dir = Files.createDirectories(folder.resolve("mnist"));
        Random random = new Random(seed);
        write(dir, "train", train, random);
        write(dir, "t10k", test, random);
        return folder;
    }

    private static void write(Path dir, String prefix, int count, Random random) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + count * SIDE * SIDE).putInt(IdxReader.IMAGE_MAGIC).putInt(count)
                .putInt(SIDE).putInt(SIDE);
        ByteBuffer labels = ByteBuffer.allocate(8 + count).putInt(IdxReader.LABEL_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES);
            labels.put((byte) label);
            // the class's square: 7x7 at one of ten places on a 4x3 grid, jittered by a pixel
            int top = 1 + (label / 4) * 9 + random.nextInt(2);
            int left = 1 + (label % 4) * 6 + random.nextInt(2);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    boolean inSquare = y >= top && y < top + 7 && x >= left && x < left + 7;
                    int value = (inSquare ? 170 : 0) + random.nextInt(60);
                    images.put((byte) Math.min(255, value));
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }
}
