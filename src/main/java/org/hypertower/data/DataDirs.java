package org.hypertower.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where datasets live: a folder the user names ({@code --data-dir}), else the per-user data folder
 * ({@code $HYPERTOWER_DATA}, else {@code $XDG_DATA_HOME/hypertower/datasets}, else
 * {@code ~/.local/share/hypertower/datasets}), and, read-only, system folders such as
 * {@code /usr/share/datasets} where Debian's {@code dataset-fashion-mnist} puts Fashion-MNIST.
 */
public final class DataDirs {

    /** System folders searched after the user's, read-only. */
    public static final List<Path> SYSTEM = List.of(Path.of("/usr/share/datasets"));

    private DataDirs() {}

    /** Returns the per-user data folder (it may not exist yet). */
    public static Path userDataDir() {
        return userFolder("HYPERTOWER_DATA", "datasets");
    }

    /**
     * Returns a per-user Hypertower folder: the environment variable's value when set, else
     * {@code $XDG_DATA_HOME/hypertower/NAME}, else {@code ~/.local/share/hypertower/NAME}.
     */
    public static Path userFolder(String environmentVariable, String name) {
        String explicit = System.getenv(environmentVariable);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("hypertower").resolve(name);
    }

    /** Returns where downloads go: the named folder, else the per-user one. */
    public static Path downloadDir(Optional<Path> dataDir) {
        return dataDir.orElseGet(DataDirs::userDataDir);
    }

    /**
     * Returns the folders searched for a dataset, in order: the named folder when given (only it),
     * else the per-user folder and then the system folders.
     */
    public static List<Path> searchPath(Optional<Path> dataDir) {
        if (dataDir.isPresent()) {
            return List.of(dataDir.get());
        }
        List<Path> out = new ArrayList<>();
        out.add(userDataDir());
        out.addAll(SYSTEM);
        return out;
    }
}
