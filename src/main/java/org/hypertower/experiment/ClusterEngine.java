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
