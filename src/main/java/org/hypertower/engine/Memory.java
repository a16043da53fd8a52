package org.hypertower.engine;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.regex.Pattern;
import org.hypertower.data.LabeledData;
import org.hypertower.model.Network;

/**
 * How much memory a run needs and what to say when it runs out: Java's heap (the data and the
 * tower's bookkeeping) or PyTorch's native memory (the model's arrays).
 */
public final class Memory {

    /** How libtorch words a failed allocation. */
    private static final Pattern NATIVE_OUT_OF_MEMORY = Pattern.compile(
            "not enough memory|can't allocate memory|out of memory|bad_alloc|failed to allocate", Pattern.CASE_INSENSITIVE);

    /** Copies of the weights a run keeps at once (weights, gradients, two generations of the update, slots). */
    static final int COPIES = 4;

    /**
     * Memory every machine that runs Hypertower has (256 MiB): a model that needs less is not
     * checked against the machine's, whose first reading costs a run's start 20 to 50 ms (Java's
     * management classes and their native library).
     */
    static final long ANY_MACHINE_BYTES = 256L << 20;

    private Memory() {}

    /** Returns this machine's physical memory in bytes (the container's limit where there is one). */
    public static long physicalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Returns whether an error means memory ran out, in Java's heap or in PyTorch. */
    public static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || t.getMessage() != null && NATIVE_OUT_OF_MEMORY.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /** Returns what ran out, how big the model and the data are, and what to change; one sentence without its period. */
    static String advice(Throwable e, Network network, LabeledData train) {
        String model;
        try {
            model = network.description() + ", " + String.format(Locale.ROOT, "%,d", network.trainableSize()) + " parameters";
        } catch (RuntimeException notInitialized) {
            model = network.description();
        }
        String data = train.name() + ", " + String.format(Locale.ROOT, "%,d", train.size()) + " training examples";
        if (e instanceof OutOfMemoryError) {
            return "out of memory: Java's heap (" + bytes(Runtime.getRuntime().maxMemory()) + ") is too small for the model ("
                    + model + ") and the data (" + data + "); give Java more, e.g. HYPERTOWER_JAVA_OPTS=-Xmx4g, or use "
                    + "smaller --hidden sizes, a smaller --batch-size or --limit";
        }
        boolean gpu = String.valueOf(e.getMessage()).contains("CUDA");
        return "out of memory: PyTorch could not allocate the arrays of the model (" + model + ") on "
                + (gpu ? "the GPU" : "this machine (" + bytes(physicalBytes()) + ")")
                + "; use smaller --hidden sizes or a smaller --batch-size";
    }

    /** Returns a size for people: {@code 640 MB}, {@code 160.0 GB}, {@code 3,725 TB}. */
    public static String bytes(long n) {
        if (n == Long.MAX_VALUE) {
            return "more than 8,000,000 TB";
        }
        if (n >= 1L << 40) {
            return String.format(Locale.ROOT, "%,.0f TB", n / (double) (1L << 40));
        }
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", n / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MB", Math.max(1, Math.round(n / (double) (1L << 20))));
    }
}
