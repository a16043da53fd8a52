package org.hypertower.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Loads the official train and test splits of the image datasets from the files a {@link DataLocator} finds. */
public final class ImageDatasets {

    /** The MNIST class names: the digits. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** The Fashion-MNIST class names in label order, as Zalando lists them. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private ImageDatasets() {}

    /**
     * Loads a dataset's official training and test splits, unnormalized.
     *
     * @param id the dataset; not Iris, which is split by fraction
     * @param locator where to look for its files
     * @param coarseLabels CIFAR-100's 20 coarse classes instead of its 100 fine ones
     * @throws DataException if the files are missing or malformed, or coarse labels are asked of
     *     another dataset than CIFAR-100
     * @throws IllegalArgumentException for Iris
     */
    public static DataSplit load(DatasetId id, DataLocator locator, boolean coarseLabels) {
        if (id == DatasetId.IRIS) {
            throw new IllegalArgumentException("Iris has no official test split; load it with Iris.load() and split it "
                    + "with DataSplit.labeledFraction");
        }
        if (coarseLabels && id != DatasetId.CIFAR100) {
            throw new DataException("Coarse labels exist only for CIFAR-100, not for " + id.title() + ".");
        }
        Path folder = locator.locate(id);
        return switch (id) {
            case MNIST -> idx(id, folder, MNIST_CLASSES);
            case FASHION_MNIST -> idx(id, folder, FASHION_MNIST_CLASSES);
            case CIFAR10 -> cifar(id, folder, CifarReader.Labels.CIFAR10,
                    DataLocator.CIFAR10_TRAIN_FILES, DataLocator.CIFAR10_TEST_FILE);
            case CIFAR100 -> cifar(id, folder,
                    coarseLabels ? CifarReader.Labels.CIFAR100_COARSE : CifarReader.Labels.CIFAR100_FINE,
                    List.of(DataLocator.CIFAR100_TRAIN_FILE), DataLocator.CIFAR100_TEST_FILE);
            case IRIS -> throw new IllegalStateException();
        };
    }

    private static DataSplit idx(DatasetId id, Path folder, List<String> classes) {
        return new DataSplit(idx(id, folder, "train", classes), idx(id, folder, "t10k", classes));
    }

    private static LabeledData idx(DatasetId id, Path folder, String prefix, List<String> classes) {
        Path images = DataLocator.file(folder, prefix + "-images-idx3-ubyte");
        LabeledData data = IdxReader.read(id.cliName(), images, DataLocator.file(folder, prefix + "-labels-idx1-ubyte"),
                classes);
        long[] expected = id.exampleShape();
        if (!Arrays.equals(data.exampleShape(), expected)) {
            throw new DataException(images + " holds " + data.exampleShape()[1] + "x" + data.exampleShape()[2]
                    + " images; expected the " + expected[1] + "x" + expected[2] + " images of " + id.title() + ".");
        }
        return data;
    }

    private static DataSplit cifar(DatasetId id, Path folder, CifarReader.Labels labels, List<String> trainFiles,
            String testFile) {
        List<String> classes = CifarReader.classNames(folder, labels);
        List<Path> train = trainFiles.stream().map(folder::resolve).toList();
        return new DataSplit(CifarReader.read(id.cliName(), train, labels, classes),
                CifarReader.read(id.cliName(), List.of(folder.resolve(testFile)), labels, classes));
    }
}
