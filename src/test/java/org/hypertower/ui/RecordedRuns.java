package org.hypertower.ui;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.hypertower.cli.Main;

/** Finished runs' folders for the window tests: trained for real by the command line, copied, or rewritten. */
final class RecordedRuns {

    private RecordedRuns() {}

    /** Trains a tower on Iris with the command line into {@code dir} and returns it. */
    static Path train(Path dir, String tower, int epochs) {
        StringWriter out = new StringWriter();
        var command = Main.newCommandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        int code = command.execute("train", "--tower", tower, "--epochs", Integer.toString(epochs), "--quiet", "--out",
                dir.toString());
        if (code != 0) {
            throw new AssertionError("training " + tower + " failed: " + out);
        }
        return dir;
    }

    /** Copies a run's files into a new folder (its name becomes the run's name in the window). */
    static Path copy(Path run, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of("run.json", "steps.csv", "epochs.csv")) {
            Files.copy(run.resolve(name), dir.resolve(name));
        }
        return dir;
    }

    /**
     * Copies a run, rewriting one column of its steps.csv: each value becomes
     * {@code f(step, value)}.
     */
    static Path withColumn(Path run, Path dir, String column, DoubleBinaryOperator f) throws IOException {
        copy(run, dir);
        List<String> lines = Files.readAllLines(dir.resolve("steps.csv"), StandardCharsets.UTF_8);
        int c = Arrays.asList(lines.get(0).split(",", -1)).indexOf(column);
        if (c < 0) {
            throw new AssertionError("no column " + column + " in " + lines.get(0));
        }
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            cells[c] = Double.toString(f.applyAsDouble(i - 1, Double.parseDouble(cells[c])));
            out.add(String.join(",", cells));
        }
        Files.write(dir.resolve("steps.csv"), out, StandardCharsets.UTF_8);
        return dir;
    }

    /** Copies a run, repeating its steps until steps.csv holds {@code steps} rows (a long run, quickly). */
    static Path longer(Path run, Path dir, int steps) throws IOException {
        copy(run, dir);
        List<String> lines = Files.readAllLines(dir.resolve("steps.csv"), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (int i = 0; i < steps; i++) {
            String[] cells = lines.get(1 + i % (lines.size() - 1)).split(",", 2);
            sb.append(i).append(',').append(cells[1]).append('\n');
        }
        Files.writeString(dir.resolve("steps.csv"), sb, StandardCharsets.UTF_8);
        return dir;
    }
}
