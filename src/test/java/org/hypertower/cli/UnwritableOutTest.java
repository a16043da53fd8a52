package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An --out the user may not write is refused in one sentence naming the folder and the reason, as
 * an unprivileged user (root writes anywhere, see {@link UnprivilegedCli}).
 */
class UnwritableOutTest {

    @TempDir
    Path dir;

    @Test
    void aRunInAReadOnlyFolderIsRefusedInOneSentence() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path out = readOnly.resolve("run");

        UnprivilegedCli.Result r = UnprivilegedCli.run(dir.resolve("logs"), List.of(), "train", "--tower", "sgd(0.1)",
                "--epochs", "1", "--out", out.toString());

        assertEquals(2, r.code(), r.err().toString());
        assertEquals(List.of("hypertower: Cannot create the folder " + out + ": permission denied; choose another --out."),
                r.errLines());
        assertFalse(Files.exists(out));
    }

    @Test
    void aRunIntoAnExistingFolderItMayNotWriteIsRefusedInOneSentence() throws Exception {
        Path out = Files.createDirectory(dir.resolve("run"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));

        UnprivilegedCli.Result r = UnprivilegedCli.run(dir.resolve("logs"), List.of(), "train", "--tower", "sgd(0.1)",
                "--epochs", "1", "--out", out.toString());

        assertEquals(2, r.code(), r.err().toString());
        assertEquals(List.of("hypertower: Cannot write in " + out + ": permission denied; choose another --out."),
                r.errLines());
    }

    @Test
    void anExperimentInAReadOnlyFolderIsRefusedInOneSentence() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path out = readOnly.resolve("sweep");

        UnprivilegedCli.Result r = UnprivilegedCli.run(dir.resolve("logs"), List.of(), "sweep", "--tower-template", "sgd",
                "--alphas", "0.1", "--heights", "0", "--seeds", "1", "--epochs", "1", "--out", out.toString());

        assertEquals(2, r.code(), r.err().toString());
        assertEquals(List.of("hypertower: Cannot create the experiment's folder " + out + ": permission denied; choose "
                + "another --out."), r.errLines());
    }
}
