package org.hypertower.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where the workbench writes its runs: one folder per run ({@code steps.csv}, {@code epochs.csv},
 * {@code run.json}) under {@code $HYPERTOWER_RUNS}, else {@code $XDG_DATA_HOME/hypertower/runs},
 * else {@code ~/.local/share/hypertower/runs}.
 */
public final class RunStore {

    private final Path root;

    /** A store in a folder. */
    public RunStore(Path root) {
        this.root = root;
    }

    /** The per-user store. */
    public static RunStore defaultStore() {
        return new RunStore(org.hypertower.data.DataDirs.userFolder("HYPERTOWER_RUNS", "runs"));
    }

    /** Returns the store's folder. */
    public Path root() {
        return root;
    }

    /** Creates a new, unique folder for a run, named by time and label. */
    public Path newRunFolder(String label) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        String clean = label.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("_+", "_");
        if (clean.length() > 60) {
            clean = clean.substring(0, 60);
        }
        Files.createDirectories(root);
        for (int i = 0; ; i++) {
            Path folder = root.resolve(stamp + "-" + clean + (i == 0 ? "" : "-" + i));
            try {
                return Files.createDirectory(folder);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // try the next suffix
            }
        }
    }
}
