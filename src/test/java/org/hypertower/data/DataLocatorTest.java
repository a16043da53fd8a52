package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where datasets are looked for: the named folder or the default search path, and what is said when they are missing. */
class DataLocatorTest {

    @TempDir
    Path root;

    private Path user() {
        return root.resolve("user");
    }

    private Path system() {
        return root.resolve("system");
    }

    /** A locator over the per-user and a system folder, as when no data folder is named. */
    private DataLocator defaults() {
        return new DataLocator(List.of(user(), system()), false);
    }

    /** A locator for a data folder the user named. */
    private DataLocator named(Path dir) {
        return new DataLocator(Optional.of(dir));
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + part + "' missing from: " + message);
        }
    }

    // ---------------------------------------------------------------- a named folder

    @ParameterizedTest
    @EnumSource(value = DatasetId.class, names = "IRIS", mode = EnumSource.Mode.EXCLUDE)
    void namedFolderHoldingTheDatasetFolderIsFound(DatasetId id) {
        Path folder = DatasetFiles.writeDataset(id, root);

        DataLocator locator = named(root);

        assertTrue(locator.isAvailable(id));
        assertEquals(folder, locator.locate(id));
    }

    @ParameterizedTest
    @EnumSource(value = DatasetId.class, names = "IRIS", mode = EnumSource.Mode.EXCLUDE)
    void namedFolderHoldingTheFilesDirectlyIsFound(DatasetId id) {
        DatasetFiles.writeDataset(id, root, 4, 2, true);

        assertEquals(root, named(root).locate(id));
    }

    @Test
    void namedFolderPrefersTheDatasetFolderOverFilesDirectlyInIt() {
        DatasetFiles.writeDataset(DatasetId.CIFAR100, root, 4, 2, true);
        Path folder = DatasetFiles.writeDataset(DatasetId.CIFAR100, root);

        assertEquals(folder, named(root).locate(DatasetId.CIFAR100));
    }

    @Test
    void namedFolderIsTheOnlyFolderSearched() {
        Path dir = root.resolve("mine");

        assertEquals(List.of(dir), named(dir).searchPath());
        assertEquals(List.of(dir.resolve("cifar-10-batches-bin"), dir), named(dir).candidates(DatasetId.CIFAR10));
    }

    // ---------------------------------------------------------------- the default search path

    @Test
    void defaultSearchPathIsThePerUserFolderThenTheSystemFolders() {
        List<Path> path = new DataLocator(Optional.empty()).searchPath();

        assertEquals(DataDirs.searchPath(Optional.empty()), path);
        assertEquals(DataDirs.userDataDir(), path.get(0));
        assertTrue(path.containsAll(DataDirs.SYSTEM));
    }

    @Test
    void defaultSearchLooksOnlyInEachFoldersDatasetFolder() {
        assertEquals(List.of(user().resolve("fashion-mnist"), system().resolve("fashion-mnist")),
                defaults().candidates(DatasetId.FASHION_MNIST));
    }

    @Test
    void debianLayoutInASystemFolderIsFound() {
        // Debian's dataset-fashion-mnist: /usr/share/datasets/fashion-mnist/*.gz
        Path folder = DatasetFiles.writeDataset(DatasetId.FASHION_MNIST, system());

        assertTrue(defaults().isAvailable(DatasetId.FASHION_MNIST));
        assertEquals(folder, defaults().locate(DatasetId.FASHION_MNIST));
    }

    @Test
    void perUserFolderComesBeforeTheSystemFolders() {
        DatasetFiles.writeDataset(DatasetId.FASHION_MNIST, system());
        Path mine = DatasetFiles.writeDataset(DatasetId.FASHION_MNIST, user());

        assertEquals(mine, defaults().locate(DatasetId.FASHION_MNIST));
    }

    @Test
    void filesDirectlyInADefaultFolderAreNotTakenForEitherMnist() {
        // the same four file names belong to MNIST and to Fashion-MNIST: only a named folder says which
        DatasetFiles.writeDataset(DatasetId.MNIST, user(), 4, 2, true);

        assertFalse(defaults().isAvailable(DatasetId.MNIST));
        assertFalse(defaults().isAvailable(DatasetId.FASHION_MNIST));
    }

    @Test
    void mnistFolderIsNotTakenForFashionMnist() {
        Path mnist = DatasetFiles.writeDataset(DatasetId.MNIST, system());

        assertEquals(mnist, defaults().locate(DatasetId.MNIST));
        assertFalse(defaults().isAvailable(DatasetId.FASHION_MNIST));
        assertFalse(named(system()).isAvailable(DatasetId.FASHION_MNIST));
    }

    // ---------------------------------------------------------------- which files count

    @Test
    void uncompressedIdxFilesAreAccepted() {
        Path folder = DatasetFiles.writeDataset(DatasetId.MNIST, user().resolve("mnist"), 4, 2, false);

        assertEquals(folder, defaults().locate(DatasetId.MNIST));
    }

    @Test
    void compressedAndUncompressedIdxFilesMayBeMixed() throws IOException {
        Path folder = DatasetFiles.writeDataset(DatasetId.MNIST, user().resolve("mnist"), 4, 2, true);
        Path gz = folder.resolve("t10k-labels-idx1-ubyte.gz");
        Files.write(folder.resolve("t10k-labels-idx1-ubyte"), DatasetFiles.idxLabels(new int[] {1, 2}));
        Files.delete(gz);

        assertEquals(folder, defaults().locate(DatasetId.MNIST));
    }

    @Test
    void fileResolvesToTheUncompressedNameFirstThenTheGzipName() throws IOException {
        Path dir = Files.createDirectories(root.resolve("d"));
        assertEquals(dir.resolve("a"), DataLocator.file(dir, "a"), "missing: the plain name");
        Files.write(dir.resolve("a.gz"), new byte[] {1});
        assertEquals(dir.resolve("a.gz"), DataLocator.file(dir, "a"));
        Files.write(dir.resolve("a"), new byte[] {1});
        assertEquals(dir.resolve("a"), DataLocator.file(dir, "a"));
    }

    @Test
    void incompleteFolderIsNotAvailable() throws IOException {
        Path folder = DatasetFiles.writeDataset(DatasetId.CIFAR10, user());
        Files.delete(folder.resolve("data_batch_4.bin"));

        assertFalse(defaults().isAvailable(DatasetId.CIFAR10));
    }

    @Test
    void folderNamedLikeADataFileDoesNotCount() throws IOException {
        Path folder = Files.createDirectories(user().resolve("cifar-100-binary"));
        Files.createDirectories(folder.resolve("train.bin"));
        Files.createDirectories(folder.resolve("test.bin"));

        assertFalse(defaults().isAvailable(DatasetId.CIFAR100));
    }

    @Test
    void irisIsAlwaysAvailableAndHasNoFolder() {
        assertTrue(defaults().isAvailable(DatasetId.IRIS));
        assertThrows(IllegalArgumentException.class, () -> defaults().locate(DatasetId.IRIS));
    }

    @Test
    void requiredFilesAreTheOfficialNames() {
        assertEquals(List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"), DataLocator.requiredFiles(DatasetId.FASHION_MNIST));
        assertEquals(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin"), DataLocator.requiredFiles(DatasetId.CIFAR10));
        assertEquals(List.of("train.bin", "test.bin"), DataLocator.requiredFiles(DatasetId.CIFAR100));
    }

    // ---------------------------------------------------------------- not found

    @Test
    void notFoundListsEveryFolderLookedInAndTheDownloadCommand() {
        DataException e = assertThrows(DataException.class, () -> defaults().locate(DatasetId.CIFAR100));

        assertEquals("CIFAR-100 was not found: looked for train.bin and test.bin in " + user().resolve("cifar-100-binary")
                + " and " + system().resolve("cifar-100-binary") + ". Run ./hypertower download cifar100, or put "
                + "cifar-100-binary/ from https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz (extracted) into "
                + user() + ".", e.getMessage());
    }

    @Test
    void notFoundInANamedFolderListsItAndItsDatasetFolderAndKeepsTheFolderInTheCommand() {
        Path dir = root.resolve("mine");

        DataException e = assertThrows(DataException.class, () -> named(dir).locate(DatasetId.CIFAR10));

        assertEquals("CIFAR-10 was not found: looked for data_batch_1.bin to data_batch_5.bin and test_batch.bin in "
                + dir.resolve("cifar-10-batches-bin") + " and " + dir + ". Run ./hypertower download cifar10 --data-dir "
                + dir + ", or put cifar-10-batches-bin/ from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz "
                + "(extracted) into " + dir + ".", e.getMessage());
    }

    @Test
    void notFoundForIdxDatasetsNamesTheFilesTheMirrorAndTheFolderToPutThemIn() {
        DataException e = assertThrows(DataException.class, () -> defaults().locate(DatasetId.FASHION_MNIST));

        assertContains(e.getMessage(), "Fashion-MNIST was not found: looked for train-images-idx3-ubyte, "
                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may end in .gz) in "
                + user().resolve("fashion-mnist") + " and " + system().resolve("fashion-mnist") + ".",
                " Run ./hypertower download fashion-mnist, or put those 4 files from "
                        + "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/ into "
                        + user().resolve("fashion-mnist") + ".");
    }

    @Test
    void notFoundSaysWhatAnIncompleteFolderLacks() throws IOException {
        Path folder = DatasetFiles.writeDataset(DatasetId.MNIST, system());
        Files.delete(folder.resolve("t10k-images-idx3-ubyte.gz"));
        Files.delete(folder.resolve("train-labels-idx1-ubyte.gz"));

        DataException e = assertThrows(DataException.class, () -> defaults().locate(DatasetId.MNIST));

        assertContains(e.getMessage(), ", and " + folder + " lacks train-labels-idx1-ubyte and t10k-images-idx3-ubyte. Run");
    }

    // ---------------------------------------------------------------- cannot look
    // (an unreadable folder is tested end to end, as an unprivileged user, in cli.UnreadableDataTest)

    @Test
    void aDataFolderThatIsAFileIsReportedMissing() throws IOException {
        Path file = Files.write(root.resolve("data"), new byte[] {1});

        DataException e = assertThrows(DataException.class, () -> named(file).locate(DatasetId.CIFAR100));

        assertContains(e.getMessage(), "CIFAR-100 was not found: looked for train.bin and test.bin in "
                + file.resolve("cifar-100-binary") + " and " + file + ". Run ./hypertower download cifar100");
    }

    @Test
    void aFileThatCannotBeLookedAtIsSaidNotReportedMissing() throws IOException {
        Path folder = DatasetFiles.writeDataset(DatasetId.CIFAR100, user());
        Path train = folder.resolve("train.bin");
        Files.delete(train);
        Files.createSymbolicLink(train, train.getFileName()); // a link to itself: looking at it loops

        DataException e = assertThrows(DataException.class, () -> defaults().locate(DatasetId.CIFAR100));

        assertTrue(e.getMessage().startsWith("Cannot look for CIFAR-100 in " + folder + ": looking at " + train
                + " failed (too many levels of symbolic links"), e.getMessage());
        assertFalse(e.getMessage().contains("download"), e.getMessage());
    }
}
