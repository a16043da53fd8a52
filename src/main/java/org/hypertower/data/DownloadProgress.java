package org.hypertower.data;

/**
 * How far the download of one file has come.
 *
 * @param file the file's name, e.g. {@code cifar-100-binary.tar.gz}
 * @param bytes the bytes received so far
 * @param totalBytes the file's size in bytes (from the server, else the catalog), or -1 when unknown
 * @param bytesPerSecond the average rate since the download of this file started
 */
public record DownloadProgress(String file, long bytes, long totalBytes, double bytesPerSecond) {

    /** Returns true when the size is known. */
    public boolean totalKnown() {
        return totalBytes > 0;
    }

    /** Returns the fraction received, between 0 and 1, or NaN when the size is unknown. */
    public double fraction() {
        return totalKnown() ? Math.min(1.0, (double) bytes / totalBytes) : Double.NaN;
    }
}
