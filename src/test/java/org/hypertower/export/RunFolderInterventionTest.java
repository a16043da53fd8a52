package org.hypertower.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hypertower.cli.Main;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.RunFactory;
import org.hypertower.engine.RunListener;
import org.hypertower.engine.RunStatus;
import org.hypertower.engine.StepMetrics;
import org.hypertower.engine.TrainingRun;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hyperparameter set by hand is written to run.json, and steps.csv shows its value from then on. */
class RunFolderInterventionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anInterventionIsListedInRunJsonAndItsValueIsInStepsCsv(@TempDir Path dir) throws IOException {
        RunConfig config = new RunConfig("iris", "paper-mlp", new int[] {8},
                TowerSpec.parse("adam(alpha=0.01) / sgd(alpha=1e-5)"), 3, 10, 0, 0.2, "float32");
        TrainingRun run = RunFactory.create(config);
        JsonNode[] whileRunning = new JsonNode[1];
        RunEnded ended;
        try (RunFolder folder = RunFolder.open(dir.resolve("run"), RunFolder.IfHoldsRun.REFUSE)) {
            ended = folder.record(run, config, new RunListener() {
                @Override
                public void step(StepMetrics m) {
                    if (m.step() == 4) {
                        run.intervene("0.alpha", 0.1);
                    } else if (m.step() == 5) {
                        try {
                            whileRunning[0] = JSON.readTree(dir.resolve("run/run.json").toFile());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            });
        }
        assertEquals(RunStatus.COMPLETED, ended.status());

        assertEquals("running", whileRunning[0].get("status").asText());
        assertEquals(1, whileRunning[0].get("interventions").size(), "listed while the run goes on, for a crash");
        JsonNode manifest = JSON.readTree(dir.resolve("run/run.json").toFile());
        JsonNode listed = manifest.get("interventions");
        assertEquals(1, listed.size());
        assertEquals(5, listed.get(0).get("step").asLong());
        assertEquals("0.alpha", listed.get(0).get("key").asText());
        assertEquals(0.1, listed.get(0).get("new").asDouble(), 0);

        RecordedRun read = RecordedRun.read(dir.resolve("run"));
        Intervention i = read.interventions().get(0);
        assertEquals(listed.get(0).get("old").asDouble(), i.oldValue(), 0);
        assertEquals(read.steps().get(4).hyperparameters()[0], i.oldValue(), 0);
        StepMetrics row = read.steps().get(5);
        assertEquals(0.1 - 1e-5 * row.hypergradients()[0], row.hyperparameters()[0], 1e-12);
    }

    @Test
    void aRunJsonWithoutInterventionsReadsAsNone(@TempDir Path dir) throws IOException {
        assertEquals(0, Main.newCommandLine().execute("train", "--tower", "sgd(0.1) / sgd(0.01)", "--epochs", "1",
                "--out", dir.toString(), "--quiet"));
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("run.json").toFile());
        assertEquals(0, manifest.get("interventions").size());
        manifest.remove("interventions"); // as written before interventions existed
        Files.write(dir.resolve("run.json"), JSON.writeValueAsBytes(manifest));
        RecordedRun read = RecordedRun.read(dir);
        assertEquals(List.of(), read.interventions());
        assertEquals("completed", read.status());
        assertTrue(read.steps().size() > 0);
    }
}
