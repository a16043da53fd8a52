package org.hypertower.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStatus;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A rival's adapted scalar reaches steps.csv and run.json as {@code 0.d} / {@code 0.eta}, with no special casing. */
class RivalRunFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"prodigy(d0=1e-4), 0.d", "dadapt_sgd(d0=1e-3), 0.d", "dog(reps_rel=1e-3), 0.eta"})
    void theAdaptedScalarIsInStepsCsvAndRunJson(String tower, String key) throws IOException {
        RunConfig config = new RunConfig(DataConfig.iris(0.2), "paper-mlp", new int[] {8}, TowerSpec.parse(tower), 3, 10,
                0, "float32");
        try (RunFolder folder = RunFolder.open(dir, RunFolder.IfHoldsRun.REFUSE)) {
            assertEquals(RunStatus.COMPLETED, folder.record(RunFactory.create(config), config, new RunListener() { }).status());
        }
        List<String> lines = Files.readAllLines(dir.resolve("steps.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int column = header.indexOf(key);
        assertTrue(column >= 0, key + " is a column of steps.csv: " + header);
        assertEquals(1 + 9, lines.size(), "3 epochs of 3 steps");
        double first = Double.parseDouble(lines.get(1).split(",")[column]);
        double last = Double.parseDouble(lines.get(lines.size() - 1).split(",")[column]);
        assertTrue(first > 0 && Double.isFinite(first), key + " at step 0: " + first);
        assertTrue(last >= first, key + " grows on Iris from a small start: " + first + " -> " + last);
        JsonNode run = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertEquals(last, run.path("hyperparameters").path(key).asDouble(), 0, "run.json has the final " + key);
        assertEquals(9, RunFilesCheck.check(dir).steps(), "the files are consistent");
    }
}
