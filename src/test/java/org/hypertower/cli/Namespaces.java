package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Linux namespaces some tests run the command line in: a user namespace (to be an
 * unprivileged user even under root, see {@link UnprivilegedCli}) and a mount namespace (to mount a
 * small tmpfs). Where the machine refuses them, the tests fail at once saying so, rather than
 * with a puzzling exit code.
 */
final class Namespaces {

    private static volatile Boolean available;

    private Namespaces() {}

    /** Fails the test, saying why, when this machine gives no user and mount namespaces. */
    static void require() throws IOException, InterruptedException {
        if (Boolean.TRUE.equals(available)) {
            return;
        }
        Process probe = new ProcessBuilder(List.of("unshare", "--user", "--map-root-user", "--mount", "true"))
                .redirectErrorStream(true).start();
        boolean ended = probe.waitFor(30, TimeUnit.SECONDS);
        String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!ended || probe.exitValue() != 0) {
            fail("These tests run the command line in Linux user and mount namespaces, which this machine refuses ("
                    + said + "): allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or a "
                    + "container without a seccomp filter against unshare).");
        }
        available = true;
    }
}
