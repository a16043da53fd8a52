package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled Iris data and the errors a malformed Iris CSV file reports. */
class IrisTest {

    private static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species\n";
    private static final String ROW = "5.1,3.5,1.4,0.2,setosa\n";

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("iris.csv");
        Files.writeString(file, content);
        return file;
    }

    // ---------------------------------------------------------------- the bundled copy

    @Test
    void bundledIrisHas150Rows() {
        LabeledData iris = Iris.load();

        assertEquals(150, iris.size());
        assertEquals("iris", iris.name());
    }

    @Test
    void bundledIrisHasFourFeaturesPerRow() {
        LabeledData iris = Iris.load();

        assertArrayEquals(new long[] {4}, iris.exampleShape());
        assertEquals(4, iris.width());
        assertEquals(150 * 4, iris.features().toFloatArray().length);
    }

    @Test
    void bundledIrisHasThreeSpeciesOfFiftyInFileOrder() {
        LabeledData iris = Iris.load();

        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classNames());
        int[] counts = new int[iris.classes()];
        for (int label : iris.labels()) {
            counts[label]++;
        }
        assertArrayEquals(new int[] {50, 50, 50}, counts);
    }

    @Test
    void bundledIrisKeepsTheMeasurementsUnscaled() {
        LabeledData iris = Iris.load();

        // the first flower of Fisher's table, in cm
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, java.util.Arrays.copyOf(iris.features().toFloatArray(), 4));
        assertEquals(0, iris.labels()[0]);
        assertEquals(2, iris.labels()[149]);
    }

    @Test
    void wellFormedFileLoads() throws IOException {
        Path file = write(HEADER + ROW + "7.0,3.2,4.7,1.4,versicolor\n");

        LabeledData data = Iris.load(file);

        assertEquals(2, data.size());
        assertEquals(List.of("setosa", "versicolor"), data.classNames());
        assertArrayEquals(new int[] {0, 1}, data.labels());
    }

    // ---------------------------------------------------------------- malformed files

    static Stream<Arguments> malformedRows() {
        return Stream.of(
                Arguments.of("a non-number", HEADER + ROW + "5.1,abc,1.4,0.2,setosa\n", 3, "'abc' is not a number."),
                Arguments.of("an empty measurement", HEADER + "5.1,3.5,,0.2,setosa\n", 2, "'' is not a number."),
                Arguments.of("a non-number on the last line without a newline", HEADER + ROW + ROW + "x,1,1,1,setosa", 4,
                        "'x' is not a number."),
                Arguments.of("a non-number after CRLF lines", (HEADER + ROW).replace("\n", "\r\n") + "5.1,?,1.4,0.2,setosa\r\n",
                        3, "'?' is not a number."),
                Arguments.of("too few fields", HEADER + ROW + "5.1,3.5,1.4,setosa\n", 3,
                        "expected 4 measurements and a species, found 4 fields."),
                Arguments.of("too many fields", HEADER + "5.1,3.5,1.4,0.2,0.1,setosa\n", 2,
                        "expected 4 measurements and a species, found 6 fields."),
                Arguments.of("NaN", HEADER + ROW + ROW + "5.1,3.5,NaN,0.2,setosa\n", 4, "measurement 3 is not finite."),
                Arguments.of("Infinity", HEADER + "-Infinity,3.5,1.4,0.2,setosa\n", 2, "measurement 1 is not finite."),
                Arguments.of("a number beyond float", HEADER + "5.1,3.5,1.4,1e39,setosa\n", 2,
                        "measurement 4 is not finite."));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedRows")
    void malformedRowIsReportedWithTheFileAndTheLine(String what, String content, int line, String problem)
            throws IOException {
        Path file = write(content);

        DataException e = assertThrows(DataException.class, () -> Iris.load(file));

        assertEquals(file + " line " + line + ": " + problem, e.getMessage());
    }

    @Test
    void fileWithOnlyAHeaderIsReportedAsHoldingNoRows() throws IOException {
        Path file = write(HEADER);

        DataException e = assertThrows(DataException.class, () -> Iris.load(file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("holds no rows"), e.getMessage());
    }

    @Test
    void emptyFileIsReportedAsHoldingNoRows() throws IOException {
        Path file = write("");

        DataException e = assertThrows(DataException.class, () -> Iris.load(file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("holds no rows"), e.getMessage());
    }

    @Test
    void unterminatedQuoteIsReportedWithTheFileAndTheLineAsOneSentence() throws IOException {
        Path file = write(HEADER + "5.1,3.5,\"1.4,0.2,setosa\n");

        DataException e = assertThrows(DataException.class, () -> Iris.load(file));

        assertTrue(e.getMessage().startsWith(file + " is not valid CSV: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), "no class names: " + e.getMessage());
        assertFalse(e.getMessage().contains(".."), e.getMessage());
    }

    @Test
    void missingFileIsSaidNotToExist() {
        Path file = dir.resolve("nowhere.csv");

        DataException e = assertThrows(DataException.class, () -> Iris.load(file));

        assertEquals("Cannot read " + file + ": it does not exist.", e.getMessage());
    }

    @Test
    void folderIsSaidToBeAFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("iris.csv"));

        DataException e = assertThrows(DataException.class, () -> Iris.load(folder));

        assertEquals("Cannot read " + folder + ": it is a folder, not a file.", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999}) // in the first buffer the parser reads, or far beyond it
    void fileThatIsNotUtf8IsSaidToBeSo(int badRow) throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        for (int i = 0; i < 1000; i++) {
            text.append(i == badRow ? ROW.replace("setosa", "set\u00f8sa") : ROW);
        }
        Path file = dir.resolve("latin1.csv");
        Files.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));

        DataException e = assertThrows(DataException.class, () -> Iris.load(file));

        assertEquals(file + " is not UTF-8 text; expected a CSV file with a header.", e.getMessage());
    }

    @Test
    void permissionDeniedIsSaidInWordsNotAsThePath() {
        // root reads any file, so the failure is made here; cli.UnreadableDataTest denies for real
        DataException e = Iris.problem("data/iris.csv", new AccessDeniedException("data/iris.csv"));

        assertEquals("Cannot read data/iris.csv: permission denied.", e.getMessage());
    }
}
