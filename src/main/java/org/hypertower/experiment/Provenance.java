package org.hypertower.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import java.util.stream.Stream;

/** What an experiment ran — its plan and the software versions its runs recorded — for its report. */
final class Provenance {

    private Provenance() {}

    /** Returns an HTML paragraph naming the versions the first run in a folder recorded (empty if none). */
    static String versionsParagraph(Path runs) {
        if (!Files.isDirectory(runs)) {
            return "";
        }
        try (Stream<Path> folders = Files.list(runs)) {
            for (Path folder : folders.sorted().toList()) {
                Path manifest = folder.resolve("run.json");
                if (!Files.isRegularFile(manifest)) {
                    continue;
                }
                JsonNode versions = new ObjectMapper().readTree(manifest.toFile()).get("versions");
                if (versions == null) {
                    continue;
                }
                StringJoiner j = new StringJoiner(", ");
                versions.fields().forEachRemaining(e -> j.add(e.getKey() + " " + e.getValue().asText()));
                return "<p>Software: " + SvgPlot.escape(j.toString()) + ". Every run's full configuration and seed are "
                        + "in its <code>run.json</code>.</p>";
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    /** Returns an HTML section with the experiment's plan as saved in its folder (empty if none). */
    static String planSection(Path folder) {
        Path file = folder.resolve(ExperimentPlan.FILE);
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try {
            return "<h2>Configuration</h2><p>The experiment's plan (<code>" + ExperimentPlan.FILE + "</code>); seeds run "
                    + "from 0 to seeds &minus; 1.</p><pre>" + SvgPlot.escape(Files.readString(file)) + "</pre>";
        } catch (IOException e) {
            return "";
        }
    }
}
