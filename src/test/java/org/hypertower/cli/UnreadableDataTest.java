package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hypertower.data.DatasetFiles;
import org.hypertower.data.DatasetId;
import org.hypertower.data.Downloader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dataset files and folders the user may not read, end to end: {@code hypertower} runs in its own JVM
 * as an unprivileged user ({@link UnprivilegedCli}), prints one sentence saying that permission is
 * denied and where, and exits 2; an unreadable folder is not reported as missing.
 */
class UnreadableDataTest {

    private static final String TRAIN_BRIEFLY = "--tower=sgd --epochs=1 --limit=8 --test-limit=8 --batch-size=4";

    @TempDir
    Path dir;

    private UnprivilegedCli.Result train(DatasetId id, Path dataDir) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", id.cliName(), "--data-dir",
                dataDir.toString(), "--out", dir.resolve("run").toString()));
        args.addAll(List.of(TRAIN_BRIEFLY.split(" ")));
        return UnprivilegedCli.run(dir.resolve("logs"), List.of(), args.toArray(String[]::new));
    }

    private static void assertOneLine(String expected, UnprivilegedCli.Result r) {
        assertEquals(List.of("hypertower: " + expected), r.errLines(), "stdout: " + r.out());
        assertEquals(Main.USAGE, r.code());
    }

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of(DatasetId.FASHION_MNIST, "train-images-idx3-ubyte.gz"),
                Arguments.of(DatasetId.FASHION_MNIST, "t10k-labels-idx1-ubyte.gz"),
                Arguments.of(DatasetId.CIFAR100, "train.bin"),
                Arguments.of(DatasetId.CIFAR100, "fine_label_names.txt"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void anUnreadableFileIsSaidToBeUnreadable(DatasetId id, String name) throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        Path file = DatasetFiles.writeDataset(id, data).resolve(name);
        UnprivilegedCli.makeUnreadable(file);
        try {
            UnprivilegedCli.Result r = train(id, data);

            assertOneLine("Cannot read " + file + ": permission denied; fix its permissions or choose another --data-dir.",
                    r);
        } finally {
            UnprivilegedCli.restore(file, false);
        }
    }

    @Test
    void anUnreadableDatasetFolderIsNotReportedMissing() throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        Path folder = DatasetFiles.writeDataset(DatasetId.FASHION_MNIST, data);
        UnprivilegedCli.makeUnreadable(folder);
        try {
            UnprivilegedCli.Result r = train(DatasetId.FASHION_MNIST, data);

            assertOneLine("Cannot look for Fashion-MNIST in " + folder + ": the folder exists but cannot be read "
                    + "(permission denied); fix its permissions or choose another --data-dir.", r);
        } finally {
            UnprivilegedCli.restore(folder, true);
        }
    }

    static Stream<Arguments> blockingFolders() {
        // the folder made unreadable, relative to the test's folder; the data folder is always parent/data
        return Stream.of(Arguments.of("parent/data"), Arguments.of("parent"));
    }

    @ParameterizedTest
    @MethodSource("blockingFolders")
    void anUnreadableDataFolderOrParentIsNamedAndNotReportedMissing(String blocking) throws IOException, InterruptedException {
        Path data = dir.resolve("parent").resolve("data");
        Path folder = DatasetFiles.writeDataset(DatasetId.CIFAR10, data);
        Path blocked = dir.resolve(blocking);
        UnprivilegedCli.makeUnreadable(blocked);
        try {
            UnprivilegedCli.Result r = train(DatasetId.CIFAR10, data);

            assertOneLine("Cannot look for CIFAR-10 in " + folder + ": the folder " + blocked + " exists but cannot be read "
                    + "(permission denied); fix its permissions or choose another --data-dir.", r);
        } finally {
            UnprivilegedCli.restore(blocked, true);
        }
    }

    @Test
    void downloadingIntoAnUnreadableDataFolderSaysPermissionIsDenied() throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("data"));
        UnprivilegedCli.makeUnreadable(data);
        try {
            // a closed port: nothing may be fetched before the folder is made
            UnprivilegedCli.Result r = UnprivilegedCli.run(dir.resolve("logs"),
                    List.of(Downloader.BASE_PROPERTY + "=http://127.0.0.1:9/"), "download", "mnist", "--data-dir",
                    data.toString());

            assertOneLine("Cannot make the folder " + data.resolve("mnist") + " for train-images-idx3-ubyte.gz: permission "
                    + "denied; fix the permissions of the data folder or choose another --data-dir.", r);
        } finally {
            UnprivilegedCli.restore(data, true);
        }
    }
}
