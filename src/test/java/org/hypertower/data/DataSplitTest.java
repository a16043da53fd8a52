package org.hypertower.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stratified labeled split of Iris: sizes, classes, disjointness, seeding and the fractions refused. */
class DataSplitTest {

    /** 150 examples shaped like Iris (three classes of 50, in blocks) whose one feature is the row's index. */
    private static LabeledData numbered() {
        float[] features = new float[150];
        int[] labels = new int[150];
        for (int i = 0; i < 150; i++) {
            features[i] = i;
            labels[i] = i / 50;
        }
        return new LabeledData("numbered", features, new long[] {1}, labels, List.of("a", "b", "c"));
    }

    private static Set<Integer> rows(LabeledData data) {
        Set<Integer> rows = new HashSet<>();
        for (float f : data.features().toFloatArray()) {
            rows.add((int) f);
        }
        return rows;
    }

    private static int[] perClass(LabeledData data) {
        int[] counts = new int[data.classes()];
        for (int label : data.labels()) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void fifthOfIrisGivesThirtyTrainingAndHundredTwentyTestRows() {
        DataSplit split = DataSplit.labeledFraction(Iris.load(), 0.2, 0);

        assertEquals(30, split.train().size());
        assertEquals(120, split.test().size());
    }

    @Test
    void splitIsStratifiedWithTenTrainingRowsPerClass() {
        DataSplit split = DataSplit.labeledFraction(Iris.load(), 0.2, 0);

        assertArrayEquals(new int[] {10, 10, 10}, perClass(split.train()));
        assertArrayEquals(new int[] {40, 40, 40}, perClass(split.test()));
        assertEquals(Iris.load().classNames(), split.train().classNames());
        assertEquals(Iris.load().classNames(), split.test().classNames());
    }

    @Test
    void trainingAndTestRowsAreDisjointAndCoverEveryRow() {
        DataSplit split = DataSplit.labeledFraction(numbered(), 0.2, 0);

        Set<Integer> train = rows(split.train());
        Set<Integer> test = rows(split.test());
        assertEquals(30, train.size(), "no row twice in training");
        assertEquals(120, test.size(), "no row twice in test");
        Set<Integer> both = new HashSet<>(train);
        both.retainAll(test);
        assertEquals(Set.of(), both, "no row on both sides");
        Set<Integer> all = new HashSet<>(train);
        all.addAll(test);
        assertEquals(150, all.size(), "every row on one side");
    }

    @Test
    void rowsKeepTheirLabels() {
        DataSplit split = DataSplit.labeledFraction(numbered(), 0.2, 3);

        for (LabeledData side : List.of(split.train(), split.test())) {
            for (int i = 0; i < side.size(); i++) {
                assertEquals((int) side.features().toFloatArray()[i] / 50, side.labels()[i], "label of row " + side.features().toFloatArray()[i]);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameSplit() {
        DataSplit first = DataSplit.labeledFraction(Iris.load(), 0.2, 42);
        DataSplit second = DataSplit.labeledFraction(Iris.load(), 0.2, 42);

        assertArrayEquals(first.train().features().toFloatArray(), second.train().features().toFloatArray());
        assertArrayEquals(first.train().labels(), second.train().labels());
        assertArrayEquals(first.test().features().toFloatArray(), second.test().features().toFloatArray());
    }

    @Test
    void differentSeedsGiveDifferentSplits() {
        List<Set<Integer>> trainings = new ArrayList<>();
        for (long seed = 0; seed < 5; seed++) {
            trainings.add(rows(DataSplit.labeledFraction(numbered(), 0.2, seed).train()));
        }

        assertEquals(5, new HashSet<>(trainings).size(), "five seeds, five different training sets: " + trainings);
        assertFalse(Arrays.equals(DataSplit.labeledFraction(Iris.load(), 0.2, 0).train().features().toFloatArray(),
                DataSplit.labeledFraction(Iris.load(), 0.2, 1).train().features().toFloatArray()));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, Double.NaN, -0.2, 1.5, Double.POSITIVE_INFINITY})
    void fractionOutsideZeroOneIsRefused(double fraction) {
        DataException e = assertThrows(DataException.class, () -> DataSplit.labeledFraction(Iris.load(), fraction, 0));

        assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
    }

    @Test
    void fractionLeavingNothingToTrainOnIsRefused() {
        DataException e = assertThrows(DataException.class, () -> DataSplit.labeledFraction(Iris.load(), 0.005, 0));

        assertTrue(e.getMessage().contains("leaves nothing to train on in iris"), e.getMessage());
    }

    @Test
    void fractionLeavingNothingToEvaluateOnIsRefused() {
        DataException e = assertThrows(DataException.class, () -> DataSplit.labeledFraction(Iris.load(), 0.995, 0));

        assertTrue(e.getMessage().contains("leaves nothing to evaluate on in iris"), e.getMessage());
    }
}
