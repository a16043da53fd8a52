package org.hypertower.spark;

import java.util.Map;
import org.hypertower.experiment.ClusterEngine;
import org.hypertower.experiment.RunExecutor;

/** Apache Spark as the experiments' cluster engine, found by {@link ClusterEngine#find()} in a driver process. */
public final class SparkEngine implements ClusterEngine {

    @Override
    public RunExecutor connect(String master, Map<String, String> settings) {
        return SparkExecutor.start(master, settings);
    }

    @Override
    public LocalCluster startLocalCluster(java.nio.file.Path home, int workers) throws java.io.IOException,
            InterruptedException {
        return StandaloneCluster.start(home, workers, 1024);
    }
}
