package org.hypertower.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hypertower.experiment.ExperimentPlan;
import org.hypertower.experiment.RunExecutor;
import org.hypertower.experiment.StopRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An experiment on embedded Spark ({@code local[2,2]}) trains the same runs, to the byte, as this machine's pool. */
@Timeout(600)
class SparkExecutorTest {

    private static final ExperimentPlan SWEEP = new ExperimentPlan(ExperimentPlan.Kind.SWEEP, "spark", "sgd",
            List.of(0.01, 0.1), List.of(0, 1), 2, List.of("--dataset", "iris", "--epochs", "2"));

    @Test
    void aTinyIrisSweepOnLocalSparkEqualsTheLocalPoolsRunForRun(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local");
        SWEEP.run(local, RunExecutor.local(2), (run, status, error, message, kept) -> { }, new StopRequest());
        Path spark = dir.resolve("spark");
        try (SparkExecutor executor = SparkExecutor.start("local[2,2]")) {
            assertTrue(executor.describe().startsWith("Spark at local[2,2]"), executor.describe());
            SWEEP.run(spark, executor, (run, status, error, message, kept) -> { }, new StopRequest());
        }
        List<Path> runs;
        try (var list = Files.list(local.resolve("runs"))) {
            runs = list.filter(Files::isDirectory).map(Path::getFileName).sorted().toList();
        }
        assertEquals(8, runs.size(), "2 heights x 2 alphas x 2 seeds");
        for (Path run : runs) {
            for (String file : List.of("steps.csv", "epochs.csv")) {
                assertArrayEquals(Files.readAllBytes(local.resolve("runs").resolve(run).resolve(file)),
                        Files.readAllBytes(spark.resolve("runs").resolve(run).resolve(file)), run + "/" + file);
            }
        }
        assertEquals(Files.readAllLines(local.resolve("sweep.csv")), Files.readAllLines(spark.resolve("sweep.csv")));
        try (var left = Files.list(spark.resolve("runs"))) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no half-arrived run is left");
        }
    }

    @Test
    void aMasterSparkDoesNotKnowIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkExecutor.start("nonsense"));
        assertTrue(e.getMessage().startsWith("Spark cannot use the master 'nonsense'"), e.getMessage());
    }
}
