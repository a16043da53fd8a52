package org.hypertower.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * How many threads PyTorch computes one operation with (its intra-op threads), chosen per run.
 *
 * <p>By default a run uses one thread for the MLPs, whose operations are too small to gain from
 * more (a second thread costs more in waking and waiting than it saves), and every core for the
 * image models (the CNN and ResNet-20), whose convolutions do: measured with {@code bench
 * --threads-scaling}. An explicit choice wins: a run's own ({@code train --threads N}), else the
 * process's {@code ai.djl.pytorch.num_threads} (what experiments give their workers, and
 * {@code workbench --threads N}).
 *
 * <p>PyTorch keeps the count per thread (OpenMP's setting is the calling thread's), so a run sets
 * it on its training thread as it starts ({@link #useOnThisThread}); runs one after another in one
 * process (the workbench's, a persistent worker's) each get their own. The OpenMP threads that
 * help a training thread are started by it and on Linux inherit its scheduling priority (see
 * {@link ThreadNiceness}).
 */
public final class IntraOpThreads {

    /** The system property DJL reads as the engine starts, and Hypertower as an explicit choice for every run. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private IntraOpThreads() {}

    /**
     * Makes {@code threads} the process's PyTorch intra-op threads, with one inter-op thread, for
     * the engine to take as it starts and for every run that asks for none; call before the
     * engine is made.
     */
    public static void setForProcess(int threads) {
        System.setProperty(PROPERTY, Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** Returns the processors this JVM may use (a container's limit included). */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Returns the threads a run of a model uses when none is asked for: 1 for {@code paper-mlp}
     * and {@code mlp}, every core for {@code cnn} and {@code resnet20}.
     */
    public static int defaultFor(String model) {
        return model.endsWith("mlp") ? 1 : cores();
    }

    /**
     * Returns the threads a run of a model uses.
     *
     * @param requested the run's own choice, or 0 for none
     * @param model the model's name (see {@link RunFactory#MODELS})
     * @return {@code requested} when positive, else a positive {@value #PROPERTY}, else {@link #defaultFor}
     */
    public static int choose(int requested, String model) {
        if (requested > 0) {
            return requested;
        }
        Integer given = Integer.getInteger(PROPERTY);
        return given != null && given > 0 ? given : defaultFor(model);
    }

    /**
     * Checks a thread count a user gave; {@code option} names where it came from.
     *
     * @return {@code threads}
     * @throws IllegalArgumentException in one sentence, unless {@code threads} is between 1 and
     *     this machine's cores
     */
    public static int check(int threads, String option) {
        int cores = cores();
        if (threads < 1 || threads > cores) {
            throw new IllegalArgumentException(option + " " + threads + " is not a thread count for this machine; give 1 to "
                    + cores + " (its " + (cores == 1 ? "core" : "cores") + "), or leave " + option + " out for the "
                    + "default (1 for the MLPs, every core for the CNN and ResNet-20).");
        }
        return threads;
    }

    /**
     * Makes PyTorch compute with {@code threads} threads on the calling thread and the work it
     * starts, from now on.
     *
     * @return the count PyTorch now reports, or 0 when the engine is not PyTorch (nothing changed)
     */
    public static int useOnThisThread(int threads) {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return 0;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("PyTorch needs at least one thread, not " + threads);
        }
        JniUtils.setNumThreads(threads);
        return JniUtils.getNumThreads();
    }

    /** Returns PyTorch's thread count on the calling thread, or 0 when the engine is not PyTorch. */
    public static int ofThisThread() {
        return "PyTorch".equals(Engine.getInstance().getEngineName()) ? JniUtils.getNumThreads() : 0;
    }
}
