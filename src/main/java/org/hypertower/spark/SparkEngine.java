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
}
