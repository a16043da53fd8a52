package org.hypertower.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training and evaluation examples of one run.
 *
 * @param train the examples trained on
 * @param test the examples evaluated every epoch
 */
public record DataSplit(LabeledData train, LabeledData test) {

    /**
     * Splits a dataset into a labeled fraction to train on and the rest to evaluate on, class by
     * class (stratified), from a seeded shuffle: the papers' semi-supervised Iris setting with
     * fraction 0.2.
     *
     * @throws DataException if the fraction is not in (0, 1) or leaves either side empty
     */
    public static DataSplit labeledFraction(LabeledData data, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new DataException("The labeled fraction must be between 0 and 1 (exclusive), not " + fraction + ".");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < data.classes(); c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                if (data.labels()[i] == c) {
                    rows.add(i);
                }
            }
            shuffle(rows, random);
            int take = (int) Math.round(fraction * rows.size());
            train.addAll(rows.subList(0, take));
            test.addAll(rows.subList(take, rows.size()));
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new DataException("A labeled fraction of " + fraction + " leaves " + (train.isEmpty() ? "nothing to train on"
                    : "nothing to evaluate on") + " in " + data.name() + "; choose a fraction nearer 0.5.");
        }
        train.sort(null);
        test.sort(null);
        return new DataSplit(data.subset(toArray(train)), data.subset(toArray(test)));
    }

    private static void shuffle(List<Integer> rows, SplittableRandom random) {
        for (int i = rows.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = rows.get(i);
            rows.set(i, rows.get(j));
            rows.set(j, t);
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
