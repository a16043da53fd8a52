package org.hypertower.data;

/**
 * Hears how a download goes. Calls come from the thread that runs the download; keep them short.
 */
@FunctionalInterface
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener NONE = p -> {};

    /**
     * Receives the progress of one file: once when its transfer starts, at most about ten times a
     * second while it runs, and once when all its bytes have arrived.
     */
    void progress(DownloadProgress progress);

    /**
     * Receives one sentence about a step with no progress of its own, e.g. that a file is already
     * present and is not downloaded again, that an archive is being extracted, or that Iris is
     * bundled.
     */
    default void notice(String sentence) {}
}
