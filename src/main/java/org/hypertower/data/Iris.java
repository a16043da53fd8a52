package org.hypertower.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hypertower.files.FileErrors;

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
        String source = "the bundled iris.csv";
        try (InputStream in = Iris.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DataException("The bundled Iris file " + RESOURCE + " is missing from the build; rebuild Hypertower.");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw problem(source, e);
        }
    }

    /** Loads Iris from a CSV file. */
    public static LabeledData load(Path csv) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(reader, csv.toString());
        } catch (IOException e) {
            throw problem(csv.toString(), e);
        }
    }

    /**
     * Returns the sentence for a failure while reading Iris: its CSV, its encoding, or the file
     * itself, the reason in words ({@link FileErrors#reason}; Java's file exceptions often carry only
     * the path).
     */
    static DataException problem(String source, IOException e) {
        if (e instanceof CSVException) {
            String detail = String.valueOf(e.getMessage()).strip().replaceAll("\\.+$", "");
            return new DataException(source + " is not valid CSV: " + detail + ".", e);
        }
        if (e instanceof CharacterCodingException) {
            return new DataException(source + " is not UTF-8 text; expected a CSV file with a header.", e);
        }
        return new DataException("Cannot read " + source + ": " + FileErrors.reason(e) + ".", e);
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
        } catch (UncheckedIOException e) {
            // the parser's iterator wraps what went wrong: invalid CSV, invalid UTF-8, or a failed read
            throw problem(source, e.getCause());
        } catch (IllegalStateException e) {
            throw new DataException(source + " is not valid CSV: " + String.valueOf(e.getMessage()).replaceAll("\\.+$", "")
                    + ".", e);
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
