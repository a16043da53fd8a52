package org.hypertower.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.hypertower.files.FileErrors;

/**
 * Reads the idx files of MNIST and Fashion-MNIST, gzip-compressed or not (told apart by the gzip
 * magic bytes {@code 1f 8b}, not by the file name).
 *
 * <p>An image file is the magic number {@code 0x00000803}, then the image count, rows and columns
 * as big-endian 32-bit integers, then every image's pixels row by row, one unsigned byte each. A
 * label file is the magic number {@code 0x00000801}, the count, then one byte per label.
 */
public final class IdxReader {

    /** The magic number of an idx image file (unsigned bytes, three dimensions). */
    public static final int IMAGE_MAGIC = 0x00000803;

    /** The magic number of an idx label file (unsigned bytes, one dimension). */
    public static final int LABEL_MAGIC = 0x00000801;

    private static final int IMAGE_HEADER = 16;
    private static final int LABEL_HEADER = 8;
    private static final int BUFFER = 1 << 16;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /**
     * The contents of an idx image file.
     *
     * @param count the number of images
     * @param rows the rows of each image
     * @param cols the columns of each image
     * @param pixels every image's pixels, row by row, unsigned
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    /**
     * Reads an image file and its label file into labeled data of shape {@code 1 x rows x cols}.
     *
     * @param name the data's short name, e.g. {@code fashion-mnist}
     * @param images the idx image file
     * @param labels the idx label file
     * @param classNames the name of each class; every label must be below their count
     * @throws DataException if either file cannot be read, is malformed, or they disagree
     */
    public static LabeledData read(String name, Path images, Path labels, List<String> classNames) {
        Images im = readImages(images);
        byte[] lb = readLabels(labels);
        if (im.count() != lb.length) {
            throw new DataException("The image file " + images + " holds " + im.count() + " images but the label file "
                    + labels + " holds " + lb.length + " labels; expected one label per image.");
        }
        int[] classes = new int[lb.length];
        for (int i = 0; i < lb.length; i++) {
            int label = lb[i] & 0xFF;
            if (label >= classNames.size()) {
                throw new DataException(labels + ": the label at index " + i + " is " + label + ", out of range; expected 0 to "
                        + (classNames.size() - 1) + " for " + classNames.size() + " classes.");
            }
            classes[i] = label;
        }
        return new LabeledData(name, new Features.Pixels(im.pixels(), im.rows() * im.cols()),
                new long[] {1, im.rows(), im.cols()}, classes, classNames, null);
    }

    /**
     * Reads an idx image file.
     *
     * @throws DataException if the file cannot be read or is not a complete idx image file
     */
    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            ByteBuffer header = header(in, file, IMAGE_HEADER, IMAGE_MAGIC, "image");
            int count = header.getInt(4);
            int rows = header.getInt(8);
            int cols = header.getInt(12);
            if (count <= 0 || rows <= 0 || cols <= 0) {
                throw new DataException(file + " declares " + count + " images of " + rows + "x" + cols
                        + " pixels; expected a positive count, rows and columns.");
            }
            long size = (long) count * rows * cols;
            if (size > MAX_ARRAY) {
                throw new DataException(file + " declares " + count + " images of " + rows + "x" + cols + " pixels ("
                        + size + " bytes); expected at most " + MAX_ARRAY + " bytes.");
            }
            byte[] pixels = body(in, file, (int) size, "pixels", count + " images of " + rows + "x" + cols);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Reads an idx label file, returning one unsigned byte per label.
     *
     * @throws DataException if the file cannot be read or is not a complete idx label file
     */
    public static byte[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            ByteBuffer header = header(in, file, LABEL_HEADER, LABEL_MAGIC, "label");
            int count = header.getInt(4);
            if (count <= 0) {
                throw new DataException(file + " declares " + count + " labels; expected a positive count.");
            }
            return body(in, file, count, "labels", count + " labels");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * The most bytes a file can hold once decompressed: its size, or 1,032 times that for gzip
     * (deflate's best ratio), so a header is believed up to what the file could hold.
     */
    private static long mostBytes(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file)) {
            return raw.read() == 0x1f && raw.read() == 0x8b ? size * 1032 : size;
        }
    }

    /** Opens a file, decompressing it when it starts with the gzip magic bytes. */
    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new GZIPInputStream(raw, BUFFER);
            } catch (IOException e) {
                raw.close();
                throw e;
            }
        }
        return raw;
    }

    private static ByteBuffer header(InputStream in, Path file, int length, int magic, String kind) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length >= 4) {
            int found = ByteBuffer.wrap(bytes).getInt(0);
            if (found != magic) {
                String other = found == IMAGE_MAGIC ? " (that of an idx image file)"
                        : found == LABEL_MAGIC ? " (that of an idx label file)" : "";
                throw new DataException(file + " is not an idx " + kind + " file: expected the magic number "
                        + hex(magic) + " (" + magic + "), found " + hex(found) + " (" + found + ")" + other + ".");
            }
        }
        if (bytes.length < length) {
            throw new DataException(file + " is too short for an idx " + kind + " file: expected a header of " + length
                    + " bytes, found " + bytes.length + ".");
        }
        return ByteBuffer.wrap(bytes);
    }

    /** Reads exactly {@code size} bytes after the header and checks that nothing follows them. */
    private static byte[] body(InputStream in, Path file, int size, String what, String declared) throws IOException {
        byte[] out = readUpTo(in, size, mostBytes(file));
        if (out.length < size) {
            throw new DataException(file + " is truncated: expected " + size + " bytes of " + what + " for " + declared
                    + ", found " + out.length + ".");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new DataException(file + " has " + extra + " extra trailing byte" + (extra == 1 ? "" : "s")
                    + ": expected exactly " + size + " bytes of " + what + " for " + declared + " after the header.");
        }
        return out;
    }

    /**
     * Reads up to {@code size} bytes into one array of that size where the file can hold them
     * ({@code mostBytes}), as every intact file can; otherwise the array grows as data arrives, so
     * that a corrupt header declaring gigabytes does not allocate them before the file proves that
     * long. (Growing cost Fashion-MNIST's 47 MB of pixels four copies and 0.1 s.)
     */
    private static byte[] readUpTo(InputStream in, int size, long mostBytes) throws IOException {
        byte[] out = new byte[size <= mostBytes ? size : Math.min(size, 1 << 22)];
        int filled = 0;
        while (true) {
            int n = in.readNBytes(out, filled, out.length - filled);
            filled += n;
            if (filled < out.length || out.length == size) {
                break;
            }
            out = Arrays.copyOf(out, (int) Math.min(size, 2L * out.length));
        }
        return filled == out.length ? out : Arrays.copyOf(out, filled);
    }

    private static DataException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException(file + " does not exist; expected an idx file there.", e);
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            String detail = e.getMessage() == null ? FileErrors.reason(e) : e.getMessage().replaceAll("\\.+$", "");
            return new DataException(file + " is a corrupt or incomplete gzip file (" + detail
                    + "); expected a complete gzip-compressed idx file, so download it again.", e);
        }
        return DataException.cannotRead(file, e);
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
