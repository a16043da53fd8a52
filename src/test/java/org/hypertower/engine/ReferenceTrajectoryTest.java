package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hypertower.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a reference file: the whole problem from a real file, and what Python may write. */
class ReferenceTrajectoryTest {

    @TempDir
    Path dir;

    private static ObjectNode json(String name) throws IOException {
        return (ObjectNode) new ObjectMapper().readTree(ReplayParityTest.reference(name).toFile());
    }

    @Test
    void aRealReferenceIsReadWhole() {
        ReferenceTrajectory reference = ReferenceTrajectory.read(ReplayParityTest.reference("sgd__sgd"));

        assertEquals("sgd(alpha=0.1) / sgd(alpha=0.01)", reference.tower().toString());
        assertEquals(150, reference.features().length);
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, reference.features()[0]);
        assertEquals(150, reference.labels().length);
        assertEquals(3, reference.batches().length);
        assertEquals(91, reference.batches()[0][0]);
        assertArrayEquals(new int[] {8}, reference.hidden());
        assertEquals(List.of("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"),
                reference.initialWeights().stream().map(ReferenceTrajectory.Weight::name).toList());
        assertArrayEquals(new long[] {8, 4}, reference.initialWeights().get(0).shape());
        assertEquals(32, reference.initialWeights().get(0).values().length);
        assertEquals(3, reference.classes());
        assertEquals(60, reference.steps());
        assertEquals(List.of("0.alpha", "0.mu", "1.alpha", "1.mu"), reference.hyperparameterKeys());
    }

    @Test
    void aBareNanLossAsPythonWritesItIsReadAsNan() throws IOException {
        ObjectNode root = json("sgd");
        ((ObjectNode) root.get("steps").get(4)).put("loss", 123456.789);
        Path file = dir.resolve("diverged.json");
        Files.writeString(file, root.toString().replace("123456.789", "NaN"));

        ReferenceTrajectory reference = ReferenceTrajectory.read(file);

        assertTrue(Double.isNaN(reference.losses()[4]));
    }

    @Test
    void theClassesAreTheOutputsOfTheModelNotTheLargestLabel() throws IOException {
        ObjectNode root = json("sgd");
        ArrayNode labels = (ArrayNode) root.get("problem").get("labels");
        for (int i = 0; i < labels.size(); i++) {
            labels.set(i, Math.min(labels.get(i).asInt(), 1));
        }

        ReferenceTrajectory reference = ReferenceTrajectory.fromJson(root);

        assertEquals(3, Replay.data(reference).classes(), "the last layer has 3 outputs");
    }

    @Test
    void aFileWithoutAJsonObjectSaysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.json"), "");

        DataException e = assertThrows(DataException.class, () -> ReferenceTrajectory.read(file));

        assertEquals("The reference file " + file + " is not in the reference format: it holds nothing, not a JSON "
                + "object; see the README of the reference folder.", e.getMessage());
    }

    @Test
    void jsonThatDoesNotParseNamesTheLine() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), "{\n  \"tower\": sgd\n}\n");

        DataException e = assertThrows(DataException.class, () -> ReferenceTrajectory.read(file));

        assertTrue(e.getMessage().startsWith("The reference file " + file + " is not valid JSON (line 2, column "),
                e.getMessage());
    }
}
