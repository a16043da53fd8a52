package org.hypertower.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the binary version of CIFAR-10 and CIFAR-100.
 *
 * <p>A CIFAR-10 record is one label byte and 3,072 pixel bytes: 1,024 red, then 1,024 green, then
 * 1,024 blue, each plane a 32x32 image row by row, which is already the {@code 3 x 32 x 32} layout
 * of an example. A CIFAR-100 record is one coarse label byte, one fine label byte and the same
 * 3,072 pixel bytes. Files hold records back to back, with no header.
 */
public final class CifarReader {

    /** The pixel bytes of one record: three 32x32 planes. */
    public static final int PIXELS = 3 * 32 * 32;

    /** The shape of one example. */
    private static final long[] SHAPE = {3, 32, 32};

    /** The CIFAR-10 class names in label order, as in {@code batches.meta.txt}. */
    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private static final int CHUNK_RECORDS = 1024;

    private CifarReader() {}

    /** Which label a file's records carry and which is read. */
    public enum Labels {
        /** CIFAR-10: one label byte, 10 classes, names in {@code batches.meta.txt}. */
        CIFAR10("CIFAR-10", 1, 0, 10, "batches.meta.txt"),
        /** CIFAR-100's 100 fine classes (the second label byte), names in {@code fine_label_names.txt}. */
        CIFAR100_FINE("CIFAR-100", 2, 1, 100, "fine_label_names.txt"),
        /** CIFAR-100's 20 coarse classes (the first label byte), names in {@code coarse_label_names.txt}. */
        CIFAR100_COARSE("CIFAR-100", 2, 0, 20, "coarse_label_names.txt");

        private final String title;
        private final int labelBytes;
        private final int labelOffset;
        private final int classes;
        private final String namesFile;

        Labels(String title, int labelBytes, int labelOffset, int classes, String namesFile) {
            this.title = title;
            this.labelBytes = labelBytes;
            this.labelOffset = labelOffset;
            this.classes = classes;
            this.namesFile = namesFile;
        }

        /** Returns the bytes of one record: the label bytes and the pixels. */
        public int recordBytes() {
            return labelBytes + PIXELS;
        }

        /** Returns the number of classes of the label read. */
        public int classes() {
            return classes;
        }

        /** Returns the name of the file listing the class names, one per line. */
        public String namesFile() {
            return namesFile;
        }

        private String what() {
            return this == CIFAR100_COARSE ? "coarse label" : this == CIFAR100_FINE ? "fine label" : "label";
        }
    }

    /**
     * Returns the class names listed in the names file of {@code folder} (one per line, blank lines
     * skipped), else the built-in ones: the ten CIFAR-10 names, or {@code class0}, {@code class1},
     * ... for CIFAR-100.
     *
     * @throws DataException if the names file exists but cannot be read or lists a different number of names
     */
    public static List<String> classNames(Path folder, Labels labels) {
        Path file = folder.resolve(labels.namesFile);
        if (!Files.isRegularFile(file)) {
            if (labels == Labels.CIFAR10) {
                return CIFAR10_CLASSES;
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < labels.classes; i++) {
                names.add("class" + i);
            }
            return names;
        }
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (CharacterCodingException e) {
            throw new DataException(file + " is not UTF-8 text; expected one class name per line.", e);
        } catch (IOException e) {
            throw DataException.cannotRead(file, e);
        }
        if (names.size() != labels.classes) {
            throw new DataException(file + " lists " + names.size() + " class names; expected " + labels.classes
                    + ", one per line.");
        }
        return names;
    }

    /**
     * Reads CIFAR binary files, record after record and file after file, into labeled data of
     * shape {@code 3 x 32 x 32}.
     *
     * @param name the data's short name, e.g. {@code cifar10}
     * @param files the files to read, in order
     * @param labels the record format and which label to read
     * @param classNames the name of each class; there must be {@code labels.classes()} of them
     * @throws DataException if a file cannot be read or is malformed
     */
    public static LabeledData read(String name, List<Path> files, Labels labels, List<String> classNames) {
        if (classNames.size() != labels.classes) {
            throw new IllegalArgumentException(labels.title + " " + labels.what() + "s need " + labels.classes
                    + " class names, not " + classNames.size());
        }
        int record = labels.recordBytes();
        long[] counts = new long[files.size()];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            long size = size(file);
            if (size == 0) {
                throw new DataException(file + " is empty; expected " + labels.title + " records of " + record
                        + " bytes each.");
            }
            if (size % record != 0) {
                long left = size % record;
                throw new DataException(file + " holds " + size + " bytes, not a whole number of " + record + "-byte "
                        + labels.title + " records: " + count(left, "byte") + (left == 1 ? " is" : " are")
                        + " left over after " + count(size / record, "record") + ".");
            }
            counts[f] = size / record;
            total += counts[f];
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DataException("The " + total + " records of " + files + " are more than one array holds; expected at most "
                    + (Integer.MAX_VALUE - 8) / PIXELS + " records.");
        }
        byte[] pixels = new byte[(int) total * PIXELS];
        int[] classes = new int[(int) total];
        int next = 0;
        for (int f = 0; f < files.size(); f++) {
            next = readFile(files.get(f), (int) counts[f], labels, pixels, classes, next);
        }
        return new LabeledData(name, new Features.Pixels(pixels, PIXELS), SHAPE, classes, classNames, null);
    }

    /** Reads one file's records into the arrays from example {@code start}; returns the next example. */
    private static int readFile(Path file, int count, Labels labels, byte[] pixels, int[] classes, int start) {
        int record = labels.recordBytes();
        byte[] chunk = new byte[Math.min(count, CHUNK_RECORDS) * record];
        try (InputStream in = Files.newInputStream(file)) {
            int done = 0;
            while (done < count) {
                int n = Math.min(count - done, CHUNK_RECORDS);
                int read = in.readNBytes(chunk, 0, n * record);
                if (read < n * record) {
                    throw new DataException(file + " changed while being read: expected " + (long) count * record
                            + " bytes, found " + ((long) done * record + read) + ".");
                }
                for (int r = 0; r < n; r++) {
                    int offset = r * record;
                    int label = chunk[offset + labels.labelOffset] & 0xFF;
                    if (label >= labels.classes) {
                        throw new DataException(file + ": the " + labels.what() + " of record " + (done + r) + " is "
                                + label + ", out of range; expected 0 to " + (labels.classes - 1) + ".");
                    }
                    int example = start + done + r;
                    classes[example] = label;
                    System.arraycopy(chunk, offset + labels.labelBytes, pixels, example * PIXELS, PIXELS);
                }
                done += n;
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return start + count;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Returns a file's size; a folder is refused, as its size would be taken for a file's. */
    private static long size(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (attributes.isDirectory()) {
            throw new DataException("Cannot read " + file + ": it is a folder; expected a CIFAR binary file there.");
        }
        return attributes.size();
    }

    private static DataException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(file + " does not exist; expected a CIFAR binary file there.", e);
        }
        return DataException.cannotRead(file, e);
    }
}
