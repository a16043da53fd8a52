package org.hypertower.experiment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hypertower.data.DataException;

/**
 * A sweep's {@code sweep.csv} summarized per (height, alpha0): mean and standard deviation of the
 * test error over the seeds that finished, and how many runs diverged or failed.
 *
 * @param heights the heights, ascending
 * @param alphas the initial alphas, ascending
 * @param cells the summary of each (height, alpha0), by height then alpha0
 */
public record SweepSummary(List<Integer> heights, List<Double> alphas, Map<Integer, Map<Double, Cell>> cells) {

    /**
     * One point of the grid.
     *
     * @param mean the mean test error over finished seeds (NaN when none)
     * @param std the sample standard deviation (0 with one seed, NaN with none)
     * @param finished how many seeds have a test error
     * @param diverged how many seeds diverged
     * @param failed how many seeds failed or did not finish
     */
    public record Cell(double mean, double std, int finished, int diverged, int failed) {

        /**
         * Returns the cell as a table shows it: {@code 0.893 ± 0.009 (1d) (2f)}, the deviation only
         * over two or more finished seeds, {@code none} when no seed finished.
         */
        public String label(String none) {
            String text = Double.isNaN(mean) ? none : String.format(Locale.ROOT, "%.3f", mean)
                    + (finished > 1 ? String.format(Locale.ROOT, " ± %.3f", std) : "");
            if (diverged > 0) {
                text += " (" + diverged + "d)";
            }
            if (failed > 0) {
                text += " (" + failed + "f)";
            }
            return text;
        }
    }

    /** Returns the cell of a point. */
    public Cell cell(int height, double alpha) {
        return cells.get(height).get(alpha);
    }

    /** Returns, per height, the spread (max - min) of the mean test error over alpha0 (NaN if fewer than two). */
    public Map<Integer, Double> spreadByHeight() {
        Map<Integer, Double> out = new TreeMap<>();
        for (int h : heights) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (double a : alphas) {
                Cell c = cell(h, a);
                if (c != null && !Double.isNaN(c.mean())) {
                    min = Math.min(min, c.mean());
                    max = Math.max(max, c.mean());
                    n++;
                }
            }
            out.put(h, n >= 2 ? max - min : Double.NaN);
        }
        return out;
    }

    /**
     * Reads and summarizes a sweep.csv.
     *
     * @throws DataException naming the file and what is wrong
     */
    public static SweepSummary read(Path csv) {
        Map<Integer, Map<Double, List<String[]>>> rows = readRuns(csv, Sweep.HEADER, "a sweep's result", new TreeMap<>(),
                r -> (int) field(csv, r, "height", true));
        TreeSet<Double> alphas = new TreeSet<>();
        rows.values().forEach(m -> alphas.addAll(m.keySet()));
        Map<Integer, Map<Double, Cell>> cells = new TreeMap<>();
        rows.forEach((h, byAlpha) -> {
            Map<Double, Cell> row = new TreeMap<>();
            byAlpha.forEach((a, runs) -> row.put(a, cell(runs)));
            cells.put(h, row);
        });
        return new SweepSummary(List.copyOf(rows.keySet()), List.copyOf(alphas), cells);
    }

    /**
     * Reads the runs of a sweep-like CSV (one row per run with {@code alpha0}, {@code status} and
     * {@code test_error} columns), each as {status, test_error}, grouped by a row's key and alpha0.
     *
     * @param header the columns the file must have, in order
     * @param what what such a file is, for the message when its header is another
     * @param rows where to put them (its kind of map sets the keys' order)
     * @param key a row's key, e.g. its height; may refuse the row with a {@link DataException}
     * @return {@code rows}
     * @throws DataException naming the file, and the line and field, of what is wrong; also when it holds no run
     */
    static <K> Map<K, Map<Double, List<String[]>>> readRuns(Path csv, List<String> header, String what,
            Map<K, Map<Double, List<String[]>>> rows, java.util.function.Function<CSVRecord, K> key) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .get())) {
            if (!parser.getHeaderNames().equals(header)) {
                throw new DataException(csv + " is not " + what + ": its header is " + parser.getHeaderNames()
                        + ", expected " + header + ".");
            }
            for (CSVRecord r : parser) {
                if (r.size() != header.size()) {
                    throw new DataException(csv + " line " + (r.getRecordNumber() + 1) + " has " + r.size() + " fields, not "
                            + header.size() + "; fix or remove that line.");
                }
                K k = key.apply(r);
                double a = field(csv, r, "alpha0", false);
                String error = r.get("test_error");
                if (!error.isEmpty()) {
                    field(csv, r, "test_error", false);
                }
                rows.computeIfAbsent(k, x -> new TreeMap<>()).computeIfAbsent(a, x -> new ArrayList<>())
                        .add(new String[] {r.get("status"), error});
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DataException(org.hypertower.files.FileErrors.cannotRead(csv, e), e);
        } catch (IllegalStateException e) {
            throw new DataException(csv + " is not a valid CSV file (" + e.getMessage() + "); fix it, or run the sweep "
                    + "again into its folder to rebuild it.", e);
        }
        if (rows.isEmpty()) {
            throw new DataException(csv + " holds no runs yet; run the sweep first.");
        }
        return rows;
    }

    /** Reads a number of a row, naming the file, the line and the field when it is not one. */
    static double field(Path csv, CSVRecord r, String name, boolean whole) {
        String text = r.get(name);
        try {
            double v = whole ? Integer.parseInt(text) : Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new DataException(csv + " line " + (r.getRecordNumber() + 1) + ": " + name + " is '" + text + "', not "
                + (whole ? "a whole number" : "a number") + "; fix or remove that line.");
    }

    private static Cell cell(List<String[]> runs) {
        List<Double> errors = new ArrayList<>();
        int diverged = 0;
        int failed = 0;
        for (String[] r : runs) {
            switch (r[0]) {
                case "diverged" -> diverged++;
                case "completed" -> {
                    if (!r[1].isEmpty()) {
                        errors.add(Double.parseDouble(r[1]));
                    } else {
                        failed++;
                    }
                }
                default -> failed++;
            }
        }
        return new Cell(Comparison.mean(errors), Comparison.std(errors), errors.size(), diverged, failed);
    }
}
