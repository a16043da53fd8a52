package org.hypertower.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How many threads PyTorch computes with: the per-model default, explicit choices, and where the count applies. */
class IntraOpThreadsTest {

    @Test
    void theMlpsTakeOneThreadAndTheImageModelsEveryCore() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(1, IntraOpThreads.defaultFor("paper-mlp"));
        assertEquals(1, IntraOpThreads.defaultFor("mlp"));
        assertEquals(cores, IntraOpThreads.defaultFor("cnn"));
        assertEquals(cores, IntraOpThreads.defaultFor("resnet20"));
    }

    @Test
    void aRunsOwnChoiceWinsOverTheProcesssWhichWinsOverTheDefault() {
        String before = System.getProperty(IntraOpThreads.PROPERTY);
        try {
            System.clearProperty(IntraOpThreads.PROPERTY);
            assertEquals(IntraOpThreads.defaultFor("cnn"), IntraOpThreads.choose(0, "cnn"));
            assertEquals(3, IntraOpThreads.choose(3, "mlp"));
            System.setProperty(IntraOpThreads.PROPERTY, "5");
            assertEquals(5, IntraOpThreads.choose(0, "mlp"));
            assertEquals(2, IntraOpThreads.choose(2, "mlp"));
        } finally {
            if (before == null) {
                System.clearProperty(IntraOpThreads.PROPERTY);
            } else {
                System.setProperty(IntraOpThreads.PROPERTY, before);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void aCountThisMachineCannotUseIsRefusedInOneSentence(int threads) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntraOpThreads.check(threads, "--threads"));
        assertTrue(e.getMessage().startsWith("--threads " + threads + " is not a thread count for this machine; give 1 to "
                + Runtime.getRuntime().availableProcessors()), e.getMessage());
        assertTrue(e.getMessage().endsWith(".") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void oneMoreThanTheCoresIsRefusedAndEveryCoreIsTaken() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThrows(IllegalArgumentException.class, () -> IntraOpThreads.check(cores + 1, "--threads"));
        assertEquals(cores, IntraOpThreads.check(cores, "--threads"));
        assertEquals(1, IntraOpThreads.check(1, "--threads"));
    }

    /** Why a run sets its count on its own training thread: a thread that has computed keeps the count it had. */
    @Test
    void theCountIsTheCallingThreadsAndLeavesAThreadThatHasComputedAlone() throws Exception {
        int here = IntraOpThreads.ofThisThread();
        int other = here == 1 ? 2 : 1;
        assertEquals(other, onFreshThread("count-probe", () -> IntraOpThreads.useOnThisThread(other)));
        assertEquals(here, IntraOpThreads.ofThisThread());
        IntraOpThreads.useOnThisThread(here);
    }

    /** A run sets its count on the thread it trains on (whatever an earlier run left there), and sets it back. */
    @Test
    void aRunComputesWithItsOwnCountAndLeavesItsThreadAsItFoundIt() throws Exception {
        RunConfig config = new RunConfig("iris", "paper-mlp", new int[] {8}, TowerSpec.parse("sgd(alpha=0.1)"), 1, 10, 0,
                0.2, "float32");
        int[] seen = onFreshThread("run-probe", () -> {
            IntraOpThreads.useOnThisThread(2);
            TrainingRun run = RunFactory.create(config);
            int asked = run.threads();
            int[] during = new int[1];
            run.run(new RunListener() {
                @Override
                public void step(StepMetrics m) {
                    during[0] = IntraOpThreads.ofThisThread();
                }
            });
            return new int[] {asked, during[0], run.threads(), IntraOpThreads.ofThisThread()};
        });
        assertArrayEquals(new int[] {1, 1, 1, 2}, seen, "asked, while training, recorded, after");
    }

    /**
     * The OpenMP threads that help a training thread are its own, started by it, and so share its
     * nice value: a niced training thread cannot starve the window through its helpers.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theHelpersOfANicedThreadShareItsNiceValue() throws Exception {
        String name = "omp-nice-probe";
        List<Integer> nices = onFreshThread(name, () -> {
            int nice = Math.min(19, ThreadNiceness.ofThisThread().orElseThrow() + 4);
            assertTrue(ThreadNiceness.setForThisThread(nice));
            assertEquals(2, IntraOpThreads.useOnThisThread(2));
            try (NDManager manager = NDManager.newBaseManager()) {
                // large enough for PyTorch to split it between its threads
                NDArray a = manager.randomUniform(0, 1, new Shape(4096, 1024));
                for (int i = 0; i < 20; i++) {
                    a = a.mul(1.0001f).exp().log();
                }
                a.sum().getFloat();
            }
            List<Integer> found = new ArrayList<>();
            found.add(nice);
            found.addAll(nicesOfThreadsNamed(name));
            return found;
        });
        int nice = nices.get(0);
        List<Integer> threads = nices.subList(1, nices.size());
        assertTrue(threads.size() >= 2, "the thread and at least one helper, named after it: " + threads);
        assertTrue(threads.stream().allMatch(n -> n == nice), "every one niced " + nice + ": " + threads);
    }

    private static <T> T onFreshThread(String name, Callable<T> body) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    /** The nice value (field 19 of {@code stat}) of each of this process's threads whose name is {@code name}. */
    private static List<Integer> nicesOfThreadsNamed(String name) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).strip().equals(name)) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.add(Integer.parseInt(fields[16])); // field 19 counted from 1; fields[0] is field 3
                } catch (java.nio.file.NoSuchFileException ended) {
                    // a thread that ended meanwhile
                }
            }
        }
        return out;
    }
}
