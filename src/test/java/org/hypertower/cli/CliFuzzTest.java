package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hypertower.data.Downloader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Seeded random combinations of options and values for every command, good and bad mixed: whatever
 * a user types, the exit code is 0, 1 or 2, stderr never shows a stack trace or a Java class name,
 * and a refusal (exit 2) is exactly one line. Values are drawn so that what does run stays small
 * (Iris, a few epochs, a few steps).
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class CliFuzzTest {

    private static final long SEED = 20261202;
    private static final int CASES = 320;
    private final Map<Integer, Integer> byCode = new TreeMap<>();
    private final Map<String, Integer> byCommand = new TreeMap<>();

    @TempDir
    static Path dir;

    private String previousBase;

    @BeforeAll
    void folders() throws IOException, URISyntaxException {
        Files.createDirectories(dir.resolve("a-folder"));
        Files.writeString(dir.resolve("a-file.txt"), "not a folder\n");
        Files.writeString(dir.resolve("garbage.json"), "{\"tower\": 3, \"steps\": [");
        Files.writeString(dir.resolve("empty.json"), "");
        Path reference = Path.of(CliFuzzTest.class.getResource("/reference/sgd__sgd.json").toURI());
        Files.copy(reference, dir.resolve("reference.json"));
        Path experiment = Files.createDirectories(dir.resolve("broken-experiment"));
        Files.writeString(experiment.resolve("experiment.json"), "{\"kind\": \"SWEEP\", \"seeds\": \"many\"}");
        Path sweep = Files.createDirectories(dir.resolve("broken-sweep"));
        Files.writeString(sweep.resolve("sweep.csv"), "height,alpha0,seed,status,final_train_loss,test_error\nabc,0.1,0,"
                + "completed,1,0.5\n");
        // a tower run's folder written by hand (no training): three steps of a learned path, and a corrupt copy
        org.hypertower.engine.RunConfig config = new org.hypertower.engine.RunConfig("iris", "paper-mlp", new int[] {8},
                org.hypertower.tower.TowerSpec.parse("sgd(alpha=0.1) / sgd(alpha=0.01)"), 1, 10, 0, 0.2, "float32");
        String steps = String.join(",", org.hypertower.export.RunRecorder.stepHeader(List.of("0.alpha", "0.mu", "1.alpha",
                "1.mu"))) + "\n0,0,1.1,0.3,0.1,0.0,0.01,0.0,0.0,0.0,,\n1,0,1.0,0.4,0.11,0.0,0.01,0.0,-0.1,0.0,,\n"
                + "2,0,0.9,0.5,0.12,0.0,0.01,0.0,-0.1,0.0,,\n";
        for (String name : List.of("tower-run", "corrupt-run")) {
            Path run = Files.createDirectories(dir.resolve(name));
            new com.fasterxml.jackson.databind.ObjectMapper().writeValue(run.resolve("run.json").toFile(),
                    org.hypertower.export.RunManifest.started(config, java.time.Instant.EPOCH, Map.of()).put("status",
                            "completed"));
            Files.writeString(run.resolve("steps.csv"), name.startsWith("corrupt") ? steps.replace("0.11,", "eleven,")
                    : steps);
        }
        // downloads reach a closed port on this machine, never the network
        previousBase = System.getProperty(Downloader.BASE_PROPERTY);
        System.setProperty(Downloader.BASE_PROPERTY, "http://127.0.0.1:9/");
    }

    @AfterAll
    void report() {
        if (previousBase == null) {
            System.clearProperty(Downloader.BASE_PROPERTY);
        } else {
            System.setProperty(Downloader.BASE_PROPERTY, previousBase);
        }
        System.out.printf("CLI fuzz: %d cases, exit codes %s, commands %s%n", byCode.values().stream()
                .mapToInt(Integer::intValue).sum(), byCode, byCommand);
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    /** The values each option of each command is drawn from: good ones, bad ones, odd ones. */
    private Map<String, List<String>> options(String command, int index) {
        String out = path("out-" + index);
        Map<String, List<String>> o = new LinkedHashMap<>();
        List<String> towers = List.of("sgd(0.1)", "adam(0.01) / sgd(1e-5)", "sgd(-1)", "adam(beta2=1e-17) / sgd",
                "sgd(", "", "nosuch(1)", "sgd(alpha=0.01) / sgd(alpha=0.01) / sgd", "adam(beta1=1)", "sgd(1e400)");
        List<String> outs = List.of(out, out, "", path("a-file.txt"), path("a-file.txt") + "/below", path("a-folder"),
                "/proc/hypertower-cannot-write-here");
        switch (command) {
            case "train", "experiment compare", "experiment table1", "sweep", "experiment stack" -> {
                o.put("--dataset", List.of("iris", "iris", "imagenet", "", "cifar100", "mnist", "IRIS"));
                o.put("--model", List.of("paper-mlp", "mlp", "cnn", "resnet20", "vgg", ""));
                o.put("--hidden", List.of("8", "4,4", "0", "-3", "abc", "", "8,,8", "100000,100000", "2147483648"));
                o.put("--epochs", List.of("1", "2", "0", "-1", "abc", "1.5", "99999999999"));
                o.put("--batch-size", List.of("10", "1", "1000", "0", "-5", "x"));
                o.put("--limit", List.of("0", "12", "-1", "x", "1000000"));
                o.put("--test-limit", List.of("0", "5", "-2", "y"));
                o.put("--data-dir", List.of(path("a-folder"), path("a-file.txt"), path("missing"), ""));
                o.put("--constrained", List.of());
                o.put("--out", outs);
                if (command.equals("train")) {
                    o.put("--tower", towers);
                    o.put("--seed", List.of("0", "7", "-1", "x", "99999999999999999999"));
                    o.put("--labeled-fraction", List.of("0.2", "0", "1", "-0.5", "NaN", "x"));
                    o.put("--pseudo-label-threshold", List.of("0", "0.5", "2", "-1", "NaN"));
                    o.put("--precision", List.of("float32", "float64", "float16", ""));
                    o.put("--device", List.of("cpu", "gpu", "tpu", ""));
                    o.put("--normalize", List.of());
                    o.put("--coarse-labels", List.of());
                    o.put("--replace", List.of());
                    o.put("--quiet", List.of());
                } else {
                    o.put("--preset", List.of("iris", "cifar100", "fashion-mnist", "imagenet", ""));
                    o.put("--seeds", List.of("1", "0", "-1", "x", "2147483647", "100000"));
                    o.put("--workers", List.of("1", "2", "0", "-1", "x"));
                }
                switch (command) {
                    case "sweep" -> {
                        o.put("--tower-template", List.of("sgd", "adam / sgd(alpha=1e-5)", "sgd / sgd / sgd", "", "x("));
                        o.put("--alphas", List.of("0.1", "0.01,0.01", "0.1,1e-1", "-1", "abc", "", "1e400", "0.1,,0.2"));
                        o.put("--heights", List.of("0", "0,1", "-1", "1000000", "x", "", "0,0"));
                    }
                    case "experiment stack" -> {
                        o.put("--tower-template", List.of("sgd", "adam / sgd(alpha=1e-5)", "", "x("));
                        o.put("--alpha", List.of("0.01", "-1", "x", "NaN"));
                        o.put("--max-height", List.of("0", "1", "-1", "100000", "x"));
                    }
                    case "experiment compare" -> {
                        o.put("--towers", List.of("sgd(0.1)", ";;", "", "sgd(0.1);sgd(", "sgd(0.1);sgd(0.1)"));
                        o.put("--baselines", List.of("sgd(0.01)", "", ";", "adam(beta1=2)"));
                    }
                    case "experiment table1" -> o.put("--towers", List.of("sgd(0.1) / sgd(0.01)", ";;", "", "x", "sgd(-1)"));
                    default -> {
                        // train: its tower and seed are above
                    }
                }
            }
            case "replay" -> {
                o.put("", List.of(path("reference.json"), path("garbage.json"), path("empty.json"), path("a-folder"),
                        path("missing.json"), ""));
                o.put("--csv", List.of(path("replay-" + index + ".csv"), path("reference.json"), path("a-folder"),
                        path("missing") + "/x.csv", "", path("a-file.txt") + "/x.csv"));
                o.put("--precision", List.of("float32", "float64", "float16"));
                o.put("--compare", List.of());
            }
            case "bench" -> {
                o.put("--model", List.of("mlp", "cnn", "vgg"));
                o.put("--tower", towers);
                o.put("--steps", List.of("1", "3", "0", "-1", "x"));
                o.put("--warmup", List.of("0", "1", "-1", "x"));
                o.put("--blocks", List.of("1", "2", "0", "-4"));
                o.put("--batch-size", List.of("4", "0", "-1", "y"));
                o.put("--hidden", List.of("4", "0", "-2", "z"));
                o.put("--threads", List.of("1", "0", "-1", "q"));
            }
            case "playground" -> {
                o.put("--objective", List.of("quadratic(a=1, b=10)", "rosenbrock(a=1, b=100)", "saddle(a=1, b=1)",
                        "noisy_quadratic(a=1, b=10, sigma=0.5)", "quadratic(a=1)", "bowl(a=1)", "", "quadratic(a=inf, b=1)",
                        "quadratic(a=1, b=1"));
                o.put("--start", List.of("-1.5,0.5", "1,2,3", "x,1", "", "1e400,0", ","));
                o.put("--tower", List.of("sgd(0.01) / sgd(1e-3)", "sgd(1)", "adam(1);sgd(1e-8)", "sgd;sgd;sgd;sgd", "sgd(",
                        ""));
                o.put("--steps", List.of("50", "1", "0", "-1", "x", "100001"));
                o.put("--seed", List.of("3", "-1", "x"));
                o.put("--csv", List.of(path("playground-" + index + ".csv"), path("a-folder"), "",
                        path("missing") + "/x.csv"));
            }
            case "report" -> o.put("", List.of(path("broken-experiment"), path("broken-sweep"), path("a-folder"),
                    path("a-file.txt"), path("missing"), ""));
            case "download" -> {
                o.put("", List.of("cifar100", "mnist", "fashion-mnist", "imagenet", ""));
                // always a folder of the test's (or a bad one): never the user's own data folder
                o.put("--data-dir!", List.of(path("downloads-" + index), path("a-file.txt"), ""));
            }
            default -> throw new IllegalArgumentException(command);
        }
        return o;
    }

    Stream<Arguments> cases() {
        List<String> commands = List.of("train", "train", "train", "replay", "bench", "sweep", "experiment compare",
                "experiment stack", "experiment table1", "report", "download", "playground");
        SplittableRandom random = new SplittableRandom(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> {
            SplittableRandom r = random.split();
            String command = commands.get(r.nextInt(commands.size()));
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            // some cases well formed but for a value or two (the first value of each pool is a good one), so that
            // the checks after parsing, and the runs themselves, are reached too; fewer for the experiments, whose
            // runs each start a JVM
            boolean experiment = command.matches("sweep|experiment.*");
            boolean wellFormed = r.nextInt(experiment ? 4 : 2) == 0;
            for (Map.Entry<String, List<String>> option : options(command, i).entrySet()) {
                boolean flag = option.getValue().isEmpty();
                boolean always = option.getKey().endsWith("!");
                String name = always ? option.getKey().substring(0, option.getKey().length() - 1) : option.getKey();
                int times = always ? 1 : wellFormed ? (flag ? r.nextInt(2) : 1)
                        : r.nextInt(10) == 0 ? 2 : r.nextInt(10) < 7 ? 1 : 0;
                for (int t = 0; t < times; t++) {
                    List<String> values = option.getValue();
                    if (!name.isEmpty()) {
                        args.add(name);
                    }
                    if (!values.isEmpty()) {
                        args.add(values.get(wellFormed && r.nextInt(25) != 0 ? 0 : r.nextInt(values.size())));
                    }
                }
            }
            if (r.nextInt(15) == 0) {
                args.add(r.nextInt(args.size() + 1), "--bogus");
            }
            // keep what runs small: an experiment that runs trains one epoch of Iris per run
            if (experiment && !args.contains("--epochs") && (wellFormed || r.nextBoolean())) {
                args.addAll(List.of("--epochs", "1"));
            }
            return Arguments.of(i, args);
        });
    }

    /** Cases of following a learned path and exporting it, drawn apart so that the cases above stay as they were. */
    Stream<Arguments> followCases() {
        List<String> runs = List.of(path("tower-run"), path("corrupt-run"), path("a-folder"), path("a-file.txt"),
                path("missing"), path("broken-experiment"), "");
        SplittableRandom random = new SplittableRandom(SEED + 1);
        return IntStream.range(0, 48).mapToObj(i -> {
            SplittableRandom r = random.split();
            boolean export = r.nextBoolean();
            boolean wellFormed = r.nextInt(3) == 0;
            List<String> args = new ArrayList<>();
            String run = runs.get(wellFormed ? 0 : r.nextInt(runs.size()));
            if (export) {
                args.addAll(List.of("export-schedule", run));
                List<String> outs = List.of(path("schedule-" + i), path("schedule-" + i + ".csv"), path("s-" + i + ".json"),
                        path("a-file.txt"), path("missing") + "/deep/x.csv", "");
                if (wellFormed || r.nextBoolean()) {
                    args.addAll(List.of("--out", outs.get(wellFormed ? 0 : r.nextInt(outs.size()))));
                }
                if (r.nextBoolean()) {
                    args.addAll(List.of("--format", List.of("both", "csv", "json", "xml", "").get(r.nextInt(5))));
                }
            } else {
                args.addAll(List.of("train", "--follow", run, "--quiet", "--out", path("follow-" + i)));
                if (!wellFormed && r.nextInt(4) == 0) {
                    args.addAll(List.of("--tower", "sgd(0.1)"));
                }
                if (r.nextInt(3) == 0) {
                    args.addAll(List.of("--epochs", List.of("2", "0", "x").get(wellFormed ? 0 : r.nextInt(3))));
                }
                if (r.nextInt(3) == 0) {
                    args.addAll(List.of("--seed", List.of("1", "-1", "y").get(wellFormed ? 0 : r.nextInt(3))));
                }
            }
            if (r.nextInt(15) == 0) {
                args.add(r.nextInt(args.size() + 1), "--bogus");
            }
            return Arguments.of(i, args);
        });
    }

    /**
     * Cases of {@code --threads}, drawn apart so that the cases above stay as they were; the window
     * and the threads bench only with counts they refuse (a good one would open the window, or time
     * models for minutes).
     */
    Stream<Arguments> threadsCases() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> good = List.of("1", Integer.toString(cores));
        List<String> bad = List.of("0", "-1", Integer.toString(cores + 1), "2147483647", "99999999999", "x", "", "1.5");
        SplittableRandom random = new SplittableRandom(SEED + 2);
        return IntStream.range(0, 24).mapToObj(i -> {
            SplittableRandom r = random.split();
            int kind = r.nextInt(3);
            List<String> args = new ArrayList<>();
            if (kind == 0) {
                boolean wellFormed = r.nextBoolean();
                args.addAll(List.of("train", "--tower", "sgd(0.1)", "--epochs", "1", "--quiet", "--out", path("threads-" + i),
                        "--threads", wellFormed ? good.get(r.nextInt(good.size())) : bad.get(r.nextInt(bad.size()))));
                if (r.nextInt(4) == 0) {
                    args.addAll(List.of("--threads", good.get(0)));
                }
            } else {
                args.addAll(kind == 1 ? List.of("workbench") : List.of("bench", "--threads-scaling"));
                args.addAll(List.of("--threads", kind == 2 && r.nextBoolean() ? "1" : bad.get(r.nextInt(bad.size()))));
            }
            if (r.nextInt(8) == 0) {
                args.add(r.nextInt(args.size() + 1), "--bogus");
            }
            return Arguments.of(i, args);
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("threadsCases")
    void anyThreadCountExitsZeroOneOrTwoWithoutATrace(int index, List<String> args) {
        int code = exitsZeroOneOrTwoWithoutATraceAndRefusesInOneLine(args);
        if (!args.get(0).equals("train")) {
            assertEquals(2, code, "a window or bench with a count it refuses never starts: " + args);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("followCases")
    void anyWayOfFollowingOrExportingAPathExitsZeroOneOrTwoWithoutATrace(int index, List<String> args) {
        anyCombinationExitsZeroOneOrTwoWithoutATraceAndRefusesInOneLine(index, args);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void anyCombinationExitsZeroOneOrTwoWithoutATraceAndRefusesInOneLine(int index, List<String> args) {
        exitsZeroOneOrTwoWithoutATraceAndRefusesInOneLine(args);
    }

    /** Runs the command line and checks what it printed; returns its exit code. */
    private int exitsZeroOneOrTwoWithoutATraceAndRefusesInOneLine(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        byCode.merge(code, 1, Integer::sum);
        byCommand.merge(args.get(0), 1, Integer::sum);
        String stderr = err.toString();
        assertTrue(code == 0 || code == 1 || code == 2, "exit " + code + "\n" + stderr);
        assertFalse(stderr.contains("\tat ") || stderr.contains("Exception in thread") || stderr.contains("Caused by"),
                "a stack trace:\n" + stderr);
        assertFalse(stderr.matches("(?s).*\\b(java|picocli|ai\\.djl)\\.[a-z]+\\.[A-Z]\\w+.*"), "a Java class:\n" + stderr);
        assertFalse(stderr.matches("(?s).*\\w+(Exception|Error):.*"), "an exception's name:\n" + stderr);
        if (code != 0) {
            List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "exit " + code + " must say why in one line:\n" + stderr);
            assertTrue(lines.get(0).startsWith("hypertower: "), lines.get(0));
        }
        return code;
    }
}
