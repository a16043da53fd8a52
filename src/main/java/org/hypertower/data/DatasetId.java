package org.hypertower.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The datasets Hypertower trains on, with what a user needs to know about each: size, shape,
 * where it comes from, its license and how to cite it.
 */
public enum DatasetId {
    IRIS("iris", "Iris", "150 flowers, 4 measurements in cm, 3 species", new long[] {4}, 3, 150, 0, "",
            "public domain (UCI Machine Learning Repository)",
            "R. A. Fisher, The use of multiple measurements in taxonomic problems, Annals of Eugenics 7 (1936)",
            List.of()),
    MNIST("mnist", "MNIST", "70,000 handwritten digits, 28x28 grey", new long[] {1, 28, 28}, 10, 60_000, 10_000, "mnist",
            "CC BY-SA 3.0",
            "Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, Gradient-based learning applied to document recognition, "
                    + "Proc. IEEE 86 (1998)",
            List.of(
                    new RemoteFile("https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz",
                            "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422, false),
                    new RemoteFile("https://ossci-datasets.s3.amazonaws.com/mnist/train-labels-idx1-ubyte.gz",
                            "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28_881, false),
                    new RemoteFile("https://ossci-datasets.s3.amazonaws.com/mnist/t10k-images-idx3-ubyte.gz",
                            "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1_648_877, false),
                    new RemoteFile("https://ossci-datasets.s3.amazonaws.com/mnist/t10k-labels-idx1-ubyte.gz",
                            "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4_542, false))),
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST", "70,000 Zalando article images, 28x28 grey, 10 classes",
            new long[] {1, 28, 28}, 10, 60_000, 10_000, "fashion-mnist", "MIT",
            "H. Xiao, K. Rasul, R. Vollgraf, Fashion-MNIST: a novel image dataset for benchmarking machine learning "
                    + "algorithms, arXiv:1708.07747 (2017)",
            List.of(
                    new RemoteFile("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz",
                            "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", 26_421_880, false),
                    new RemoteFile("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-labels-idx1-ubyte.gz",
                            "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", 29_515, false),
                    new RemoteFile("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-images-idx3-ubyte.gz",
                            "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", 4_422_102, false),
                    new RemoteFile("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/t10k-labels-idx1-ubyte.gz",
                            "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", 5_148, false))),
    CIFAR10("cifar10", "CIFAR-10", "60,000 colour images, 32x32, 10 classes", new long[] {3, 32, 32}, 10, 50_000, 10_000,
            "cifar-10-batches-bin", "no license stated; free to use with citation",
            "A. Krizhevsky, Learning Multiple Layers of Features from Tiny Images, tech. report, U. Toronto (2009)",
            List.of(new RemoteFile("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", "cifar-10-binary.tar.gz",
                    "c32a1d4ab5d03f1284b67883e8d87530", 170_052_171, true))),
    CIFAR100("cifar100", "CIFAR-100", "60,000 colour images, 32x32, 100 fine classes in 20 coarse ones",
            new long[] {3, 32, 32}, 100, 50_000, 10_000, "cifar-100-binary",
            "no license stated; free to use with citation",
            "A. Krizhevsky, Learning Multiple Layers of Features from Tiny Images, tech. report, U. Toronto (2009)",
            List.of(new RemoteFile("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", "cifar-100-binary.tar.gz",
                    "03b5dce01913d631647c71ecec9e9cb8", 168_513_733, true)));

    private final String cliName;
    private final String title;
    private final String description;
    private final long[] exampleShape;
    private final int classes;
    private final int trainSize;
    private final int testSize;
    private final String folder;
    private final String license;
    private final String citation;
    private final List<RemoteFile> files;

    DatasetId(String cliName, String title, String description, long[] exampleShape, int classes, int trainSize,
            int testSize, String folder, String license, String citation, List<RemoteFile> files) {
        this.cliName = cliName;
        this.title = title;
        this.description = description;
        this.exampleShape = exampleShape;
        this.classes = classes;
        this.trainSize = trainSize;
        this.testSize = testSize;
        this.folder = folder;
        this.license = license;
        this.citation = citation;
        this.files = files;
    }

    /** Returns the name used on the command line, e.g. {@code fashion-mnist}. */
    public String cliName() {
        return cliName;
    }

    /** Returns the display name, e.g. {@code Fashion-MNIST}. */
    public String title() {
        return title;
    }

    /** Returns a one-line description. */
    public String description() {
        return description;
    }

    /** Returns the shape of one example. */
    public long[] exampleShape() {
        return exampleShape.clone();
    }

    /** Returns the number of classes (fine classes for CIFAR-100). */
    public int classes() {
        return classes;
    }

    /** Returns the number of training examples of the official split (all rows for Iris). */
    public int trainSize() {
        return trainSize;
    }

    /** Returns the number of test examples of the official split (0 for Iris, which is split by fraction). */
    public int testSize() {
        return testSize;
    }

    /** Returns the folder the files live in under a data folder (the archive's own folder for CIFAR). */
    public String folder() {
        return folder;
    }

    /** Returns the license in words. */
    public String license() {
        return license;
    }

    /** Returns how to cite it. */
    public String citation() {
        return citation;
    }

    /** Returns the files to download, empty for Iris (shipped with Hypertower). */
    public List<RemoteFile> files() {
        return files;
    }

    /** Returns the total download size in bytes. */
    public long downloadBytes() {
        return files.stream().mapToLong(RemoteFile::bytes).sum();
    }

    /** Returns the dataset of a command-line name, if any (case-insensitive). */
    public static Optional<DatasetId> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.cliName.equals(lower)).findFirst();
    }

    /** Returns every command-line name, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(DatasetId::cliName).collect(Collectors.joining(", "));
    }
}
