package org.hypertower.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hypertower.files.FileErrors;

/**
 * Finds the folder holding a dataset's files along the search path of {@link DataDirs}.
 *
 * <p>In each folder {@code F} of the search path the dataset's own folder {@code F/<folder>} is
 * looked in, e.g. {@code F/cifar-100-binary} as the official archive extracts to, or
 * {@code /usr/share/datasets/fashion-mnist} where Debian's {@code dataset-fashion-mnist} puts
 * Fashion-MNIST. When the user named the data folder, files directly in it are accepted too,
 * after its dataset folder: MNIST and Fashion-MNIST share their file names, so only a folder the
 * user chose for the dataset may hold them without the dataset's folder name.
 *
 * <p>MNIST and Fashion-MNIST files are found compressed ({@code train-images-idx3-ubyte.gz}) or
 * not ({@code train-images-idx3-ubyte}); Iris is bundled and always available.
 *
 * <p>A folder this process may not look into is not taken for a missing one: when no candidate
 * holds the dataset, {@link #locate} then names that folder and says that permission is denied,
 * where "not found" would suggest a download that could not help.
 */
public final class DataLocator {

    /** The idx files of MNIST and Fashion-MNIST, each also accepted with {@code .gz} appended. */
    public static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** The CIFAR-10 training batches, in order. */
    public static final List<String> CIFAR10_TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");

    /** The CIFAR-10 test batch. */
    public static final String CIFAR10_TEST_FILE = "test_batch.bin";

    /** The CIFAR-100 training file. */
    public static final String CIFAR100_TRAIN_FILE = "train.bin";

    /** The CIFAR-100 test file. */
    public static final String CIFAR100_TEST_FILE = "test.bin";

    private final List<Path> searchPath;
    private final boolean explicit;

    /**
     * Creates a locator for a data folder the user named, or for the default search path (the
     * per-user folder, then the system folders) when none.
     */
    public DataLocator(Optional<Path> dataDir) {
        this(DataDirs.searchPath(dataDir), dataDir.isPresent());
    }

    /**
     * Creates a locator over the given folders.
     *
     * @param searchPath the folders to search, in order; the first is where downloads are suggested
     * @param explicit true when the user named the folder, so files directly in it are accepted
     */
    DataLocator(List<Path> searchPath, boolean explicit) {
        if (searchPath.isEmpty()) {
            throw new IllegalArgumentException("the search path is empty");
        }
        this.searchPath = List.copyOf(searchPath);
        this.explicit = explicit;
    }

    /** Returns the folders searched, in order. */
    public List<Path> searchPath() {
        return searchPath;
    }

    /** Returns the folders that may hold a dataset's files, in the order they are tried. */
    public List<Path> candidates(DatasetId id) {
        List<Path> out = new ArrayList<>();
        for (Path folder : searchPath) {
            out.add(folder.resolve(id.folder()));
            if (explicit) {
                out.add(folder);
            }
        }
        return out;
    }

    /** Returns whether a dataset's files are all present; always true for Iris. */
    public boolean isAvailable(DatasetId id) {
        return id == DatasetId.IRIS || find(id).isPresent();
    }

    /** Returns the first folder holding all of a dataset's files, if any. */
    public Optional<Path> find(DatasetId id) {
        requireFiles(id);
        for (Path folder : candidates(id)) {
            if (look(id, folder).complete()) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the first folder holding all of a dataset's files.
     *
     * @throws DataException if none does, saying where it looked and what to do; when a folder could
     *     not be looked in (permission denied), saying that instead, as a download would not help
     * @throws IllegalArgumentException for Iris, which is bundled ({@link Iris#load()})
     */
    public Path locate(DatasetId id) {
        requireFiles(id);
        List<Look> looks = new ArrayList<>();
        for (Path folder : candidates(id)) {
            Look look = look(id, folder);
            if (look.complete()) {
                return folder;
            }
            looks.add(look);
        }
        for (Look look : looks) {
            if (look.failure() != null) {
                throw cannotLook(id, look);
            }
        }
        throw notFound(id, looks);
    }

    /**
     * Returns the file of a name in a folder: the name itself when present, else the name with
     * {@code .gz} appended when that is present, else the name itself (missing).
     */
    public static Path file(Path folder, String name) {
        Path plain = folder.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = folder.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : plain;
    }

    /** Returns the names of the files a dataset needs (idx files without {@code .gz}). */
    public static List<String> requiredFiles(DatasetId id) {
        return switch (id) {
            case IRIS -> List.of();
            case MNIST, FASHION_MNIST -> IDX_FILES;
            case CIFAR10 -> {
                List<String> files = new ArrayList<>(CIFAR10_TRAIN_FILES);
                files.add(CIFAR10_TEST_FILE);
                yield List.copyOf(files);
            }
            case CIFAR100 -> List.of(CIFAR100_TRAIN_FILE, CIFAR100_TEST_FILE);
        };
    }

    private static void requireFiles(DatasetId id) {
        if (id == DatasetId.IRIS) {
            throw new IllegalArgumentException("Iris is bundled with Hypertower and has no folder; use Iris.load()");
        }
    }

    /**
     * What looking in one candidate folder found: the needed files it lacks, or why it could not be
     * looked in.
     *
     * @param folder the candidate folder
     * @param lacks the needed files it lacks (all of them when it is not a folder); empty on failure
     * @param failure why a needed file could not be looked for, or null
     * @param file the file that could not be looked for, or null
     */
    private record Look(Path folder, List<String> lacks, IOException failure, Path file) {
        boolean complete() {
            return failure == null && lacks.isEmpty();
        }
    }

    /**
     * Looks for a dataset's files in a folder. A file is missing when it does not exist or a part of
     * its path is not a folder; a file whose existence cannot be told (permission denied, most
     * often) makes the folder one that cannot be looked in, since {@link Files#isRegularFile} would
     * answer false for it and the dataset would be reported missing.
     */
    private static Look look(DatasetId id, Path folder) {
        boolean idx = id == DatasetId.MNIST || id == DatasetId.FASHION_MNIST;
        List<String> lacks = new ArrayList<>();
        for (String name : requiredFiles(id)) {
            List<Path> tries = idx ? List.of(folder.resolve(name), folder.resolve(name + ".gz"))
                    : List.of(folder.resolve(name));
            boolean present = false;
            for (Path file : tries) {
                try {
                    present = isRegularFile(file, folder);
                } catch (IOException e) {
                    return new Look(folder, List.of(), e, file);
                }
                if (present) {
                    break;
                }
            }
            if (!present) {
                lacks.add(name);
            }
        }
        return new Look(folder, lacks, null, null);
    }

    /**
     * Returns whether a file in a folder is a regular file: false when it does not exist or the
     * folder is no folder.
     *
     * @throws IOException when that cannot be told, e.g. permission to look in the folder is denied
     */
    private static boolean isRegularFile(Path file, Path folder) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).isRegularFile();
        } catch (NoSuchFileException e) {
            return false;
        } catch (AccessDeniedException e) {
            throw e;
        } catch (IOException e) {
            // "Not a directory" when the folder is a file: missing, as before; anything else is said
            if (!Files.isDirectory(folder)) {
                return false;
            }
            throw e;
        }
    }

    /** The one sentence for a folder that could not be looked in: which folder, why, and what to do. */
    private static DataException cannotLook(DatasetId id, Look look) {
        String start = "Cannot look for " + id.title() + " in " + look.folder() + ": ";
        if (DataException.isPermissionDenied(look.failure())) {
            Path blocked = nearestExisting(look.file());
            String which = blocked.equals(look.folder()) ? "the folder" : "the folder " + blocked;
            return new DataException(start + which + " exists but cannot be read (permission denied); fix its permissions "
                    + "or choose another --data-dir.", look.failure());
        }
        return new DataException(start + "looking at " + look.file() + " failed (" + FileErrors.reason(look.failure())
                + ").", look.failure());
    }

    /**
     * Returns the nearest folder above a path that exists as far as this process can tell: the
     * folder it may not look into when looking at the path was denied.
     */
    private static Path nearestExisting(Path path) {
        for (Path folder = path.getParent(); folder != null; folder = folder.getParent()) {
            if (Files.exists(folder)) {
                return folder;
            }
        }
        return path.getParent() != null ? path.getParent() : path;
    }

    private DataException notFound(DatasetId id, List<Look> looks) {
        List<String> required = requiredFiles(id);
        StringBuilder message = new StringBuilder(id.title()).append(" was not found: looked for ")
                .append(filesPhrase(id)).append(" in ")
                .append(join(looks.stream().map(l -> l.folder().toString()).toList()));
        for (Look look : looks) {
            if (look.lacks().size() < required.size()) {
                message.append(", and ").append(look.folder()).append(" lacks ").append(join(look.lacks()));
                break;
            }
        }
        Path target = searchPath.get(0);
        message.append(". Run ./hypertower download ").append(id.cliName());
        if (explicit) {
            message.append(" --data-dir ").append(target);
        }
        RemoteFile first = id.files().get(0);
        if (first.archive()) {
            message.append(", or put ").append(id.folder()).append("/ from ").append(first.url())
                    .append(" (extracted) into ").append(target).append('.');
        } else {
            String base = first.url().substring(0, first.url().lastIndexOf('/') + 1);
            message.append(", or put those ").append(required.size()).append(" files from ").append(base)
                    .append(" into ").append(target.resolve(id.folder())).append('.');
        }
        return new DataException(message.toString());
    }

    private static String filesPhrase(DatasetId id) {
        return switch (id) {
            case MNIST, FASHION_MNIST -> join(IDX_FILES) + " (each may end in .gz)";
            case CIFAR10 -> CIFAR10_TRAIN_FILES.get(0) + " to " + CIFAR10_TRAIN_FILES.get(CIFAR10_TRAIN_FILES.size() - 1)
                    + " and " + CIFAR10_TEST_FILE;
            default -> join(requiredFiles(id));
        };
    }

    /** Joins words as {@code a}, {@code a and b}, or {@code a, b and c}. */
    private static String join(List<String> words) {
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }
}
