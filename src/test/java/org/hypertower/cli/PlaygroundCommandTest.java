package org.hypertower.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hypertower.playground.Objective;
import org.hypertower.playground.Trajectory;
import org.hypertower.tower.TowerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code hypertower playground}: the paths in a CSV named as steps.csv names things, refusals in one line. */
class PlaygroundCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryStepWithTheHeaderOfStepsCsv() throws IOException {
        Path csv = dir.resolve("paths.csv");
        CliResult r = CliResult.execute("playground", "--objective", "quadratic(a=1, b=10)", "--start=-1.5,0.5",
                "--tower", "sgd(alpha=0.01) / sgd(alpha=1e-3)", "--steps", "50", "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,x,y,loss,0.alpha,0.mu,1.alpha,1.mu,hypergrad.0.alpha,hypergrad.0.mu,hypergrad.1.alpha,"
                + "hypergrad.1.mu,tower,status", lines.get(0));
        assertEquals(51, lines.size());
        Trajectory path = Trajectory.run(new Objective.Quadratic(1, 10), TowerSpec.parse("sgd(alpha=0.01) / sgd(alpha=1e-3)"),
                -1.5, 0.5, 50, 0);
        for (int t = 0; t < 50; t++) {
            String[] cells = lines.get(t + 1).split(",", -1);
            assertEquals(14, cells.length);
            assertEquals(String.valueOf(t), cells[0]);
            assertEquals(path.point(t).x(), Double.parseDouble(cells[1]), 0);
            assertEquals(path.point(t).y(), Double.parseDouble(cells[2]), 0);
            assertEquals(path.point(t).loss(), Double.parseDouble(cells[3]), 0);
            assertEquals(path.point(t).hyperparameters()[0], Double.parseDouble(cells[4]), 0);
            assertEquals(path.point(t).hypergradients()[0], Double.parseDouble(cells[8]), 0);
            assertEquals("", cells[10], "the top level's constants have no hypergradient");
            assertEquals("1", cells[12]);
            assertEquals(t == 49 ? "finished" : "", cells[13]);
        }
        assertEquals("-1.5,0.5", String.join(",", List.of(lines.get(1).split(",")).subList(1, 3)));
        assertTrue(r.out().startsWith("playground: quadratic(a=1.0, b=10.0) from (-1.50000, 0.500000), 50 steps\n"), r.out());
        assertTrue(r.out().contains("tower 1  sgd(alpha=0.01) / sgd(alpha=0.001): finished at ("), r.out());
        assertTrue(r.out().contains("0.alpha = "), r.out());
        assertTrue(r.out().endsWith("wrote " + csv + "\n"), r.out());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(csv), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void aDivergingTowerStopsAndIsMarkedWhileTheOthersGoOn() throws IOException {
        Path csv = dir.resolve("paths.csv");
        CliResult r = CliResult.execute("playground", "--objective", "quadratic(a=1, b=10)", "--tower",
                "sgd(alpha=1); adam(alpha=0.05) / sgd(alpha=1e-5)", "--tower", "sgd(alpha=0.01)", "--steps", "1000",
                "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("step,x,y,loss,0.alpha,0.mu,0.beta1,0.beta2,1.alpha,1.mu,hypergrad.0.alpha,hypergrad.0.mu,"
                + "hypergrad.0.beta1,hypergrad.0.beta2,hypergrad.1.alpha,hypergrad.1.mu,tower,status", lines.get(0));
        List<String> first = lines.stream().filter(l -> l.matches(".*,1,[a-z]*$")).toList();
        assertTrue(first.size() < 1000, "tower 1 stopped after " + first.size() + " steps");
        assertTrue(first.get(first.size() - 1).endsWith(",1,diverged"));
        assertEquals(1000, lines.stream().filter(l -> l.matches(".*,2,[a-z]*$")).count());
        assertEquals(1000, lines.stream().filter(l -> l.matches(".*,3,[a-z]*$")).count());
        assertTrue(lines.get(lines.size() - 1).endsWith(",3,finished"));
        String[] plain = first.get(0).split(",", -1);
        assertEquals("", plain[6], "sgd has no beta1");
        assertTrue(r.out().matches("(?s).*\ntower 1  sgd\\(alpha=1.0\\): Diverged at step \\d+: .*; lower alpha\\.\n.*"),
                r.out());
        assertTrue(r.out().contains("tower 3  sgd(alpha=0.01): finished"), r.out());
    }

    @Test
    void noisyPathsRepeatWithTheSeed() throws IOException {
        String[] args = {"playground", "--objective", "noisy_quadratic(a=1, b=10, sigma=0.5)", "--tower", "sgd(0.02)",
                "--steps", "30", "--seed", "4", "--csv", ""};
        args[args.length - 1] = dir.resolve("a.csv").toString();
        assertEquals(0, CliResult.execute(args).code());
        args[args.length - 1] = dir.resolve("b.csv").toString();
        assertEquals(0, CliResult.execute(args).code());
        args[8] = "5";
        args[args.length - 1] = dir.resolve("c.csv").toString();
        CliResult c = CliResult.execute(args);
        assertEquals(0, c.code());
        assertTrue(c.out().contains(", seed 5"), c.out());
        assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")));
        assertFalse(Files.readString(dir.resolve("a.csv")).equals(Files.readString(dir.resolve("c.csv"))));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(List.of("--objective", "bowl(a=1)", "--tower", "sgd"),
                        "Unknown objective 'bowl'; use one of quadratic, rosenbrock, saddle, noisy_quadratic, e.g. "
                                + "quadratic(a=1, b=10)."),
                Arguments.of(List.of("--objective", "quadratic(a=1)", "--tower", "sgd"),
                        "quadratic needs b, e.g. quadratic(a=1, b=10)."),
                Arguments.of(List.of("--objective", "rosenbrock(a=1, b=nan)", "--tower", "sgd"),
                        "rosenbrock's b must be a finite number, not nan."),
                Arguments.of(List.of("--objective", "saddle(a=-1, b=1)", "--tower", "sgd"),
                        "saddle's a must be greater than 0, not -1.0."),
                Arguments.of(List.of("--objective", "quadratic(a=1, b=1)", "--tower", "sgd", "--start=1"),
                        "--start takes X,Y, two finite numbers, e.g. --start=-1.5,0.5, not '1'."),
                Arguments.of(List.of("--objective", "quadratic(a=1, b=1)", "--tower", "sgd", "--start=1,inf"),
                        "--start takes X,Y, two finite numbers, e.g. --start=-1.5,0.5, not '1,inf'."),
                Arguments.of(List.of("--objective", "quadratic(a=1, b=1)", "--tower", "sgd;sgd;sgd;sgd"),
                        "--tower is given 4 times; the playground runs at most 3 towers at once."),
                Arguments.of(List.of("--objective", "quadratic(a=1, b=1)", "--tower", "sgd", "--steps", "0"),
                        "The number of steps must be 1 to 100000, not 0."),
                Arguments.of(List.of("--objective", "quadratic(a=1, b=1)", "--tower", "sgd(-1)"),
                        "Invalid value for option '--tower' (SPEC): tower spec, position 5: sgd alpha must be >= 0, not -1.0."));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void badInputIsRefusedInOneLine(List<String> args, String message) {
        String[] all = Stream.concat(Stream.of("playground"), args.stream()).toArray(String[]::new);
        CliResult r = CliResult.execute(all);
        assertEquals(2, r.code(), r.err());
        assertEquals(List.of("hypertower: " + message), r.errLines());
    }

    @Test
    void anUnwritableCsvSaysSoInOneLine() {
        CliResult r = CliResult.execute("playground", "--objective", "quadratic(a=1, b=1)", "--tower", "sgd",
                "--csv", dir.resolve("missing").resolve("x.csv").toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("hypertower: Cannot write "), r.err());
    }
}
