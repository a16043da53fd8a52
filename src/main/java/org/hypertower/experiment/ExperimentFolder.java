package org.hypertower.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hypertower.files.AtomicFiles;
import org.hypertower.files.FileErrors;
import org.hypertower.files.FolderLock;

/**
 * An experiment's folder: it holds one experiment (its plan saved as {@value ExperimentPlan#FILE}),
 * and one process works on it at a time (its {@link FolderLock}), so runs of different settings
 * are never mixed and two processes never run the same runs at once.
 */
final class ExperimentFolder {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Work on a folder this experiment holds. */
    interface Work {
        ExperimentPlan.Result run() throws IOException, InterruptedException;
    }

    private ExperimentFolder() {}

    /**
     * Does work holding a folder's lock, once the folder is this experiment's: a new folder gets
     * the plan, a folder of the same experiment is resumed, anything else is refused.
     *
     * @throws IllegalArgumentException saying, in one sentence, why the folder cannot be used
     */
    static ExperimentPlan.Result holding(ExperimentPlan plan, Path out, Work work) throws IOException, InterruptedException {
        Optional<FolderLock> lock;
        try {
            lock = FolderLock.tryAcquire(out, 200);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write in " + out + ": " + FileErrors.reason(e)
                    + "; choose another --out.", e);
        }
        if (lock.isEmpty()) {
            if (Files.isRegularFile(out.resolve(ExperimentPlan.FILE))) {
                requireSame(plan, out);
            }
            throw new IllegalArgumentException(out + " is in use by another run of this experiment"
                    + FolderLock.holderText(out) + "; wait for it to end, or stop it, before resuming here.");
        }
        try (FolderLock held = lock.get()) {
            claim(plan, out);
            return work.run();
        }
    }

    /** Refuses a folder that holds another experiment. */
    private static void requireSame(ExperimentPlan plan, Path out) {
        ExperimentPlan there = ExperimentPlan.read(out);
        if (!there.sameExperiment(plan)) {
            throw new IllegalArgumentException(out + " already holds a different experiment (" + there.kind()
                    + ", towers '" + there.towers() + "'); choose another folder, or open that one to resume it.");
        }
    }

    /** Saves the plan in a new folder, or checks that the folder's plan is this one. */
    private static void claim(ExperimentPlan plan, Path out) throws IOException {
        Path file = out.resolve(ExperimentPlan.FILE);
        if (Files.exists(file)) {
            requireSame(plan, out);
            return;
        }
        requireMatchingRuns(plan, out);
        AtomicFiles.writeString(file, plan.toJson());
    }

    /**
     * Checks the runs of a folder written before experiments saved their plan: each finished one
     * must have been trained with this plan's dataset, model, epochs, batch size and limit, or the
     * folder is refused rather than mixed.
     */
    private static void requireMatchingRuns(ExperimentPlan plan, Path out) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return;
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (String[] option : new String[][] {{"--dataset", "dataset"}, {"--model", "model"}, {"--epochs", "epochs"},
                {"--batch-size", "batch_size"}, {"--limit", "limit"}}) {
            ExperimentPlan.argument(plan.trainArguments(), option[0]).ifPresent(v -> expected.put(option[1], v));
        }
        try (var folders = Files.list(runs)) {
            for (Path run : folders.sorted().toList()) {
                Path manifest = run.resolve("run.json");
                if (!Files.isRegularFile(manifest)) {
                    continue;
                }
                JsonNode c;
                try {
                    c = JSON.readTree(manifest.toFile()).path("configuration");
                } catch (IOException unreadable) {
                    continue; // it will count as failed and run again
                }
                for (var e : expected.entrySet()) {
                    String found = c.path(e.getKey()).asText();
                    if (c.has(e.getKey()) && !found.equals(e.getValue())) {
                        throw new IllegalArgumentException(out + " holds runs trained with other settings ("
                                + run.getFileName() + " has " + e.getKey() + " " + found + ", not " + e.getValue()
                                + "); choose another folder.");
                    }
                }
            }
        }
    }
}
