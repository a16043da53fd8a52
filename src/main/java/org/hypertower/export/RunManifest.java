package org.hypertower.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hypertower.engine.DataConfig;
import org.hypertower.engine.EpochMetrics;
import org.hypertower.engine.Intervention;
import org.hypertower.engine.RunConfig;
import org.hypertower.engine.RunEnded;
import org.hypertower.engine.TrainingRun;

/**
 * A run's provenance and outcome, written as {@code run.json}: the full configuration, the status
 * and its message, final losses and accuracies, the learned hyperparameters, software versions and
 * timestamps, PyTorch's intra-op {@code threads} it computed with; and the hyperparameters set by hand
 * while it trained, {@code "interventions": [{"step", "key", "old", "new"}]} (a {@code run.json}
 * written before interventions, or threads, existed has none).
 */
public final class RunManifest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunManifest() {}

    /** Returns the configuration as a JSON object (the tower in text and JSON form). */
    public static ObjectNode configuration(RunConfig config) {
        ObjectNode c = JSON.createObjectNode();
        c.put("dataset", config.dataset());
        DataConfig d = config.data();
        if (d.dataDir() != null) {
            c.put("data_dir", d.dataDir());
        }
        c.put("limit", d.limit());
        c.put("test_limit", d.testLimit());
        c.put("normalize", d.normalize());
        c.put("coarse_labels", d.coarseLabels());
        c.put("pseudo_label_threshold", d.pseudoLabelThreshold());
        c.put("model", config.model());
        var hidden = c.putArray("hidden");
        for (int h : config.hidden()) {
            hidden.add(h);
        }
        c.put("tower", config.tower().toString());
        c.set("tower_json", config.tower().toJsonNode());
        c.put("epochs", config.epochs());
        c.put("batch_size", config.batchSize());
        c.put("seed", config.seed());
        c.put("labeled_fraction", d.labeledFraction());
        c.put("precision", config.precision());
        c.put("device", config.device());
        c.put("constrained", config.constrained());
        return c;
    }

    /** Reads the configuration object of a {@code run.json} back. */
    public static RunConfig readConfiguration(JsonNode c) {
        if (c == null) {
            throw new IllegalArgumentException("no \"configuration\" object");
        }
        int[] hidden = new int[c.path("hidden").size()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = c.get("hidden").get(i).asInt();
        }
        return new RunConfig(RecordedRun.dataConfig(c), c.get("model").asText(), hidden, RecordedRun.tower(c),
                c.get("epochs").asInt(), c.get("batch_size").asInt(), c.get("seed").asLong(),
                c.path("precision").asText("float32"), c.path("device").asText("cpu"), c.path("constrained").asBoolean(false));
    }

    /**
     * Returns the {@code run.json} of a run that has just started (status {@code running}), so a
     * run cut off by a crash can still be reopened; the final one replaces it.
     */
    public static ObjectNode started(RunConfig config, Instant started, Map<String, String> versions) {
        ObjectNode root = JSON.createObjectNode();
        root.set("configuration", configuration(config));
        root.put("status", "running");
        root.put("pid", ProcessHandle.current().pid());
        ObjectNode v = root.putObject("versions");
        versions.forEach(v::put);
        root.put("started", started.toString());
        return root;
    }

    /**
     * Returns the {@code run.json} of a run that ended.
     *
     * @param config the configuration
     * @param ended how the run ended
     * @param lastEpoch the last completed epoch, or null
     * @param finalValues every hyperparameter's effective value at the end, by key
     * @param throughput where the run's time went
     * @param started when the run started
     * @param versions the software versions
     * @param stepsRecorded how many steps its steps.csv holds (fewer than {@code ended.steps()} when a
     *     write failed)
     */
    public static ObjectNode ended(RunConfig config, RunEnded ended, EpochMetrics lastEpoch,
            Map<String, Double> finalValues, TrainingRun.Throughput throughput, Instant started, Map<String, String> versions,
            long stepsRecorded) {
        ObjectNode root = JSON.createObjectNode();
        root.set("configuration", configuration(config));
        root.put("status", ended.status().label());
        root.put("message", ended.message());
        root.put("steps", ended.steps());
        root.put("steps_recorded", stepsRecorded);
        ObjectNode results = root.putObject("final");
        if (lastEpoch != null) {
            results.put("epochs_completed", lastEpoch.epoch() + 1);
            results.put("train_loss", lastEpoch.trainLoss());
            results.put("train_accuracy", lastEpoch.trainAccuracy());
            results.put("test_loss", lastEpoch.testLoss());
            results.put("test_accuracy", lastEpoch.testAccuracy());
        } else {
            results.put("epochs_completed", 0);
        }
        ObjectNode learned = root.putObject("hyperparameters");
        finalValues.forEach((key, value) -> {
            if (Double.isFinite(value)) {
                learned.put(key, value);
            } else {
                learned.put(key, Double.toString(value));
            }
        });
        if (throughput.examples() > 0) {
            ObjectNode t = root.putObject("throughput");
            t.put("examples", throughput.examples());
            t.put("loader_examples_per_second", throughput.loaderExamplesPerSecond());
            t.put("step_examples_per_second", throughput.stepExamplesPerSecond());
        }
        ObjectNode v = root.putObject("versions");
        versions.forEach(v::put);
        root.put("started", started.toString());
        root.put("ended", Instant.now().toString());
        return root;
    }

    /**
     * Sets a manifest's {@code startup} object, {@code {"first_step_seconds", "jvm_start_seconds"}}
     * (the latter only when known), when there are figures; returns the manifest.
     *
     * @param figures the process's start-up figures, or null for none (the manifest is left as it is)
     */
    public static ObjectNode withStartup(ObjectNode manifest, org.hypertower.engine.StartupClock.Figures figures) {
        if (figures == null) {
            return manifest;
        }
        ObjectNode s = manifest.putObject("startup");
        // to the millisecond: the clock behind them ticks every 10 ms
        s.put("first_step_seconds", Math.round(figures.firstStepSeconds() * 1000) / 1000.0);
        if (Double.isFinite(figures.jvmStartSeconds())) {
            s.put("jvm_start_seconds", Math.round(figures.jvmStartSeconds() * 1000) / 1000.0);
        }
        return manifest;
    }

    /**
     * Sets a manifest's {@code threads}, PyTorch's intra-op threads the run computed with, unless
     * it is 0 (not known); returns the manifest.
     */
    public static ObjectNode withThreads(ObjectNode manifest, int threads) {
        if (threads > 0) {
            manifest.put("threads", threads);
        }
        return manifest;
    }

    /** Sets a manifest's {@code interventions} array (replacing one it has); returns the manifest. */
    public static ObjectNode withInterventions(ObjectNode manifest, List<Intervention> interventions) {
        var list = manifest.putArray("interventions");
        for (Intervention i : interventions) {
            ObjectNode o = list.addObject();
            o.put("step", i.step());
            o.put("key", i.key());
            o.put("old", i.oldValue());
            o.put("new", i.newValue());
        }
        return manifest;
    }

    /**
     * Sets a manifest's {@code follow} object when the run follows a schedule: {@code {"run": the
     * followed run's folder, "layer", "keys", "steps": the schedule's length, "held_from_step": the
     * first step that holds the last values (only when the run takes more steps than the schedule
     * has)}}; returns the manifest.
     *
     * @param schedule the path followed, or null for none (the manifest is left as it is)
     * @param plannedSteps how many steps the run takes
     */
    public static ObjectNode withFollow(ObjectNode manifest, org.hypertower.engine.Schedule schedule, long plannedSteps) {
        if (schedule == null) {
            return manifest;
        }
        ObjectNode f = manifest.putObject("follow");
        f.put("run", schedule.source());
        f.put("layer", schedule.layer().toString());
        var keys = f.putArray("keys");
        schedule.names().forEach(n -> keys.add("0." + n));
        f.put("steps", schedule.steps());
        if (plannedSteps > schedule.steps()) {
            f.put("held_from_step", schedule.steps());
        }
        return manifest;
    }

    /** Reads a {@code run.json}'s interventions back; none when it has no (usable) array. */
    public static List<Intervention> readInterventions(JsonNode manifest) {
        List<Intervention> out = new ArrayList<>();
        for (JsonNode o : manifest.path("interventions")) {
            if (o.hasNonNull("step") && o.hasNonNull("key") && o.path("old").isNumber() && o.path("new").isNumber()) {
                out.add(new Intervention(o.get("step").asLong(), o.get("key").asText(), o.get("old").asDouble(),
                        o.get("new").asDouble()));
            }
        }
        return out;
    }

    /** Returns a manifest as the bytes of {@code run.json}. */
    static byte[] bytes(ObjectNode manifest) {
        try {
            return JSON.writeValueAsBytes(manifest);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a run.json could not be serialized", e);
        }
    }
}
