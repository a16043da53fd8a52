package org.hypertower.experiment;

import java.util.Map;
import java.util.ServiceLoader;

/**
 * A distributed engine an experiment can train its runs on (Apache Spark), found at run time: it is
 * on the class path of a driver process only ({@code --master}), never on the desktop's or
 * {@code train}'s, and nothing here names it.
 */
public interface ClusterEngine {

    /**
     * Connects to a master and returns an executor training runs there; close it when done.
     *
     * @param master a master URL, checked by {@link ClusterMaster#check}
     * @param settings the engine's own settings ({@code --spark-conf KEY=VALUE}), applied last
     * @throws IllegalArgumentException in one sentence naming the master, when the engine refuses it
     */
    RunExecutor connect(String master, Map<String, String> settings);

    /**
     * Starts a standalone cluster on this machine, a master and {@code workers} workers of one core
     * each, every one a JVM of its own, for benchmarks and trials; close it to stop them.
     *
     * @param home an empty folder for their logs and work folders
     */
    LocalCluster startLocalCluster(java.nio.file.Path home, int workers) throws java.io.IOException, InterruptedException;

    /** A cluster on this machine: its master's URL and the settings a driver of it needs. */
    interface LocalCluster extends AutoCloseable {
        /** Returns the master's URL. */
        String masterUrl();

        /** Returns the settings a driver of this cluster needs ({@code --spark-conf}). */
        Map<String, String> driverSettings();

        /** Stops the cluster. */
        @Override
        void close();
    }

    /**
     * Returns the engine on this process's class path.
     *
     * @throws IllegalStateException when there is none: this process is not a driver
     */
    static ClusterEngine find() {
        return ServiceLoader.load(ClusterEngine.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "Spark is not on this process's class path; experiments on a cluster run in a driver process that "
                        + "has it (target/spark-classpath.txt, written by mvn compile)."));
    }
}
