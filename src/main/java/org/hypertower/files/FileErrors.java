package org.hypertower.files;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns an I/O failure into words for the user. Java's file exceptions often carry nothing but the
 * path ({@code AccessDeniedException: /data/x}), which made messages like "Cannot read /data/x:
 * /data/x."; these methods say why instead ("permission denied", "no space left on device").
 */
public final class FileErrors {

    private FileErrors() {}

    /**
     * Returns why an operation on a file failed, in a few lower-case words without the path, e.g.
     * {@code permission denied}, {@code no space left on device}, {@code it does not exist}.
     */
    public static String reason(Throwable failure) {
        Throwable e = failure instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : failure;
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "it does not exist";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is a file, not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return "its symbolic links form a loop";
        }
        if (e instanceof EOFException) {
            return "the file ends early";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return words(fs.getReason());
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "an input/output error (" + e.getClass().getSimpleName() + ")";
        }
        return words(message);
    }

    /** Returns {@code Cannot read FILE: REASON.} */
    public static String cannotRead(Path file, Throwable failure) {
        return "Cannot read " + file + ": " + reason(failure) + ".";
    }

    /** Returns {@code Cannot write FILE: REASON.} */
    public static String cannotWrite(Path file, Throwable failure) {
        return "Cannot write " + file + ": " + reason(failure) + ".";
    }

    /** The operating system's words, as part of a sentence: "Is a directory" becomes "it is a folder". */
    private static String words(String reason) {
        String r = reason.strip().replaceAll("[.\\s]+$", "");
        int nl = r.indexOf('\n');
        if (nl >= 0) {
            r = r.substring(0, nl).strip();
        }
        return switch (r.toLowerCase(Locale.ROOT)) {
            case "is a directory" -> "it is a folder, not a file";
            case "not a directory" -> "a part of the path is a file, not a folder";
            case "read-only file system" -> "the file system is read-only";
            default -> r.length() > 1 && Character.isUpperCase(r.charAt(0)) && Character.isLowerCase(r.charAt(1))
                    ? Character.toLowerCase(r.charAt(0)) + r.substring(1) : r;
        };
    }
}
