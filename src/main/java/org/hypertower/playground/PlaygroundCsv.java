package org.hypertower.playground;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The playground's paths as CSV, one row per step of each tower, towers one after another:
 * {@code step,x,y,loss} (the point where the step's gradient was taken and the objective there),
 * every hyperparameter key as {@code steps.csv} names them ({@code 0.alpha,...}, effective values
 * after the step), {@code hypergrad.KEY} for each (empty for constants), then {@code tower} (1, 2,
 * 3 in the order given) and {@code status}: empty but on a path's last row, which says
 * {@code finished} or {@code diverged}. Keys are those of every tower, first seen first; a tower
 * without a key leaves its cells empty. Numbers are written as Java prints doubles, exactly.
 */
public final class PlaygroundCsv {

    private PlaygroundCsv() {}

    /** Returns the header for the paths' keys. */
    public static List<String> header(List<Trajectory> paths) {
        List<String> keys = keys(paths);
        List<String> header = new ArrayList<>(List.of("step", "x", "y", "loss"));
        header.addAll(keys);
        keys.forEach(k -> header.add("hypergrad." + k));
        header.add("tower");
        header.add("status");
        return header;
    }

    /** Returns the whole file's text. */
    public static String text(List<Trajectory> paths) {
        List<String> keys = keys(paths);
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header(paths).toArray(String[]::new)).get())) {
            for (int n = 0; n < paths.size(); n++) {
                Trajectory path = paths.get(n);
                int[] column = new int[keys.size()];
                for (int k = 0; k < column.length; k++) {
                    column[k] = path.keys().indexOf(keys.get(k));
                }
                for (PathPoint p : path.points()) {
                    List<Object> row = new ArrayList<>(6 + 2 * keys.size());
                    row.add(p.step());
                    row.add(p.x());
                    row.add(p.y());
                    row.add(p.loss());
                    for (int c : column) {
                        row.add(c < 0 ? "" : p.hyperparameters()[c]);
                    }
                    for (int c : column) {
                        row.add(c < 0 || Double.isNaN(p.hypergradients()[c]) ? "" : p.hypergradients()[c]);
                    }
                    row.add(n + 1);
                    row.add(p.step() == path.length() - 1 ? path.status().label() : "");
                    printer.printRecord(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    private static List<String> keys(List<Trajectory> paths) {
        Set<String> keys = new LinkedHashSet<>();
        paths.forEach(p -> keys.addAll(p.keys()));
        return List.copyOf(keys);
    }
}
