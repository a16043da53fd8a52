package org.hypertower.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's run read while it is written: rows counted as they come, half-written rows not yet. */
class RunProgressTest {

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aRunIsReadAsItGrowsAndItsTotalIsKnownOnceAnEpochHasEnded(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("h1_a0.1_s0");
        RunProgress progress = new RunProgress(run, 4);
        RunProgress.Snapshot none = progress.poll();
        assertEquals(0, none.steps(), "no folder yet: nothing done");
        assertEquals("starting", none.text());
        assertEquals(-1, none.fraction());

        Files.createDirectories(run);
        append(run.resolve("steps.csv"), "step,epoch,loss,accuracy\n0,0,1.1,0.3\n1,0,1.0,0.4\n2,0,0.9");
        RunProgress.Snapshot early = progress.poll();
        assertEquals(2, early.steps(), "the half-written row is not counted");
        assertEquals("step 2 · epoch 1 of 4", early.text());
        assertEquals(-1, early.fraction(), "the steps of an epoch are not known yet");

        append(run.resolve("steps.csv"), ",0.5\n3,0,0.8,0.5\n4,1,0.7,0.6\n");
        append(run.resolve("epochs.csv"), "epoch,steps,train_loss,train_accuracy,test_loss,test_accuracy,pseudo_labeled,"
                + "pseudo_label_accuracy\n0,4,0.95,0.45,0.9,0.5,,\n");
        RunProgress.Snapshot later = progress.poll();
        assertEquals(5, later.steps());
        assertEquals(1, later.epochs());
        assertEquals(4, later.stepsPerEpoch());
        assertEquals(5 / 16.0, later.fraction(), 1e-12);
        assertEquals("step 5 of 16 · epoch 2 of 4", later.text());
    }

    @Test
    void aRunStartedAgainInItsFolderIsCountedAfresh(@TempDir Path dir) throws Exception {
        RunProgress progress = new RunProgress(dir, 1);
        append(dir.resolve("steps.csv"), "step,epoch,loss,accuracy\n0,0,1,0\n1,0,1,0\n2,0,1,0\n");
        assertEquals(3, progress.poll().steps());
        Files.writeString(dir.resolve("steps.csv"), "step,epoch,loss,accuracy\n0,0,1,0\n");
        assertEquals(1, progress.poll().steps());
    }
}
