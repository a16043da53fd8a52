package org.hypertower.engine;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Keeps the dataset a process read last, so that a persistent worker training many runs on the
 * same data reads its files once. Its key is everything that decides what was read (the dataset,
 * the folder given for it, the coarse labels of CIFAR-100); what a run then derives from it (its
 * seeded Iris split, limits, normalization) is computed afresh per run from the immutable data.
 * One entry only: an image dataset takes hundreds of megabytes of a worker's heap, and an
 * experiment trains on one dataset. Not thread-safe: a worker trains one run at a time.
 */
public final class DatasetCache {

    /**
     * What decides the examples read from disk.
     *
     * @param dataset the dataset's name
     * @param dataDir the folder given for its files, null for the default search
     * @param coarseLabels CIFAR-100's coarse classes
     */
    record Key(String dataset, String dataDir, boolean coarseLabels) {}

    private final boolean keeps;
    private Key key;
    private Object value;
    private long reads;

    private DatasetCache(boolean keeps) {
        this.keeps = keeps;
    }

    /** Returns a cache that keeps the last dataset read. */
    public static DatasetCache lastRead() {
        return new DatasetCache(true);
    }

    /** Returns a cache that keeps nothing: every call reads (a fresh process's behavior). */
    public static DatasetCache none() {
        return new DatasetCache(false);
    }

    /** Returns the value kept under a key, else reads it and keeps it in place of the last one. */
    <T> T get(Key k, Class<T> type, Supplier<T> read) {
        if (!keeps) {
            reads++;
            return read.get();
        }
        if (Objects.equals(key, k) && type.isInstance(value)) {
            return type.cast(value);
        }
        key = null;
        value = null; // let the old dataset go before the new one is read
        T v = read.get();
        reads++;
        key = k;
        value = v;
        return v;
    }

    /** Returns how many times data was read from disk rather than taken from the cache. */
    public long reads() {
        return reads;
    }
}
