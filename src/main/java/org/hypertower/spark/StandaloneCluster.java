package org.hypertower.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;
import org.hypertower.experiment.ClusterEngine;

/**
 * A Spark standalone cluster on this machine, from the jars on this JVM's class path, for tests and
 * benchmarks: a Master and N Workers, each a JVM of its own listening on 127.0.0.1, as
 * {@code start-master.sh} and {@code start-worker.sh} would start them on real machines. No Spark
 * download: the Workers' "Spark home" is an empty folder, and executors get this JVM's class path
 * ({@link #driverSettings()}), where a real cluster has Spark's jars and an executor bundle.
 */
public final class StandaloneCluster implements ClusterEngine.LocalCluster {

    private final Path home;
    private final int masterPort;
    private final int webPort;
    private final List<Process> daemons = new ArrayList<>();

    private StandaloneCluster(Path home, int masterPort, int webPort) {
        this.home = home;
        this.masterPort = masterPort;
        this.webPort = webPort;
    }

    /**
     * Starts a Master and {@code workers} Workers, each offering one core and {@code memoryMb} of
     * memory, and returns once the Master counts them all alive.
     *
     * @param home an empty folder for the daemons' logs, Spark home and executors' work folders
     * @throws IOException when a daemon cannot start or the workers do not register within a minute
     */
    public static StandaloneCluster start(Path home, int workers, int memoryMb) throws IOException, InterruptedException {
        Files.createDirectories(home.resolve("spark-home").resolve("jars")); // what a Worker needs of a Spark home
        StandaloneCluster cluster = new StandaloneCluster(home, freePort(), freePort());
        try {
            cluster.daemons.add(cluster.daemon("master", List.of("org.apache.spark.deploy.master.Master", "--host",
                    "127.0.0.1", "--port", Integer.toString(cluster.masterPort), "--webui-port",
                    Integer.toString(cluster.webPort))));
            cluster.awaitPort(cluster.masterPort);
            for (int i = 0; i < workers; i++) {
                cluster.daemons.add(cluster.daemon("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", "1", "--memory", memoryMb + "m", "--webui-port", "0",
                        "--work-dir", home.resolve("work-" + i).toString(), cluster.masterUrl())));
            }
            cluster.awaitWorkers(workers);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Returns the master's URL, {@code spark://127.0.0.1:PORT}. */
    @Override
    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /**
     * Returns the settings a driver of this cluster needs: executors of one core and 512 MiB heap, on
     * this JVM's class path (the Workers' Spark home has no jars).
     */
    @Override
    public Map<String, String> driverSettings() {
        return Map.of("spark.executor.extraClassPath", System.getProperty("java.class.path"),
                "spark.executor.memory", "512m",
                "spark.driver.host", "127.0.0.1",
                "spark.executorEnv.SPARK_SCALA_VERSION", "2.13");
    }

    /** Returns the processes of this cluster's executors running now (each a JVM a Worker started). */
    public List<ProcessHandle> executors() {
        // a Worker's children are the executors it launched (their command lines, class path first, are
        // too long for the operating system to report whole)
        return daemons.stream().skip(1).flatMap(Process::children).filter(ProcessHandle::isAlive).toList();
    }

    /** Returns the number of Workers the Master counts alive, from its status page. */
    public int aliveWorkers() throws IOException {
        try {
            var client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
            var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort
                    + "/json/")).timeout(java.time.Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonNode status = new ObjectMapper().readTree(response.body());
            return status.path("aliveworkers").asInt(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private Process daemon(String name, List<String> mainAndArguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(mainAndArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    private void awaitPort(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !daemons.get(0).isAlive()) {
                    throw new IOException("the Spark master did not start; see " + home.resolve("master.log"));
                }
                Thread.sleep(100);
            }
        }
    }

    private void awaitWorkers(int workers) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            int alive;
            try {
                alive = aliveWorkers();
            } catch (IOException notYet) {
                alive = 0;
            }
            if (alive >= workers) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(alive + " of " + workers + " Spark workers registered within a minute; see "
                        + home + File.separator + "worker-*.log");
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the Workers (and their executors) and the Master. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : daemons) {
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                p.destroyForcibly();
            }
        }
    }
}
