package org.hypertower.experiment;

import java.util.ArrayList;
import java.util.List;

/** The command that starts a worker: this JVM's java and class path, running the CLI. */
final class WorkerCommand {

    private WorkerCommand() {}

    /**
     * Returns {@code java [options] -cp CLASSPATH org.hypertower.cli.Main}.
     *
     * @param oneThread give the worker one PyTorch thread, so parallel workers share the cores
     */
    static List<String> java(boolean oneThread) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        String extra = System.getenv("HYPERTOWER_WORKER_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        } else {
            command.add("-Xmx2g");
        }
        command.add("-Dai.djl.offline=true");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error");
        if (oneThread) {
            command.add("-Dai.djl.pytorch.num_threads=1");
            command.add("-Dai.djl.pytorch.num_interop_threads=1");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.hypertower.cli.Main");
        return command;
    }
}
