package org.hypertower.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Fisher's Iris data (150 flowers, 4 measurements in cm, 3 species), read from a CSV file with a
 * header and the species name in the last column, features unscaled as in the papers.
 */
public final class Iris {

    /** The copy shipped with Hypertower, on the class path. */
    public static final String RESOURCE = "/datasets/iris.csv";

    private Iris() {}

    /** Loads the copy shipped with Hypertower. */
    public static LabeledData load() {
        try (InputStream in = Iris.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DataException("The bundled Iris file " + RESOURCE + " is missing from the build; rebuild Hypertower.");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), "the bundled iris.csv");
        } catch (IOException e) {
            throw new DataException("Cannot read the bundled Iris file: " + e.getMessage() + ".", e);
        }
    }

    /** Loads Iris from a CSV file. */
    public static LabeledData load(Path csv) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(reader, csv.toString());
        } catch (IOException e) {
            throw new DataException("Cannot read " + csv + ": " + e.getMessage() + ".", e);
        }
    }

    static LabeledData read(Reader reader, String source) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        List<float[]> rows = new ArrayList<>();
        List<String> species = new ArrayList<>();
        Map<String, Integer> classes = new LinkedHashMap<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (record.size() != 5) {
                    throw new DataException(source + " line " + line + ": expected 4 measurements and a species, found "
                            + record.size() + " fields.");
                }
                float[] x = new float[4];
                for (int i = 0; i < 4; i++) {
                    try {
                        x[i] = Float.parseFloat(record.get(i));
                    } catch (NumberFormatException e) {
                        throw new DataException(source + " line " + line + ": '" + record.get(i) + "' is not a number.");
                    }
                    if (!Float.isFinite(x[i])) {
                        throw new DataException(source + " line " + line + ": measurement " + (i + 1) + " is not finite.");
                    }
                }
                rows.add(x);
                species.add(record.get(4));
                classes.putIfAbsent(record.get(4), classes.size());
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            // an UncheckedIOException's own message is its cause's class name and message
            Throwable problem = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            String detail = String.valueOf(problem.getMessage()).replaceAll("\\.+$", "");
            throw new DataException(source + " is not valid CSV: " + detail + ".", e);
        }
        if (rows.isEmpty()) {
            throw new DataException(source + " holds no rows; expected 150 Iris flowers.");
        }
        float[] features = new float[rows.size() * 4];
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * 4, 4);
            labels[i] = classes.get(species.get(i));
        }
        return new LabeledData("iris", features, new long[] {4}, labels, new ArrayList<>(classes.keySet()));
    }
}
