package org.meanode.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed, seeded, stratified train/test split of a {@link LabeledTable}, with the features
 * standardised by statistics of the training part only: x' = (x − mean)/std per feature, mean and
 * (population) std over the training rows. A feature that is constant on the training rows (the
 * border pixels of {@link VendoredDataset#DIGITS}) is only centred (its std is taken as 1), so it
 * stays 0 on the training part and the test part is never divided by zero.
 *
 * <p>Stratified: within each class the rows are shuffled with {@code new Random(seed)} (one
 * generator, classes in order) and round(testFraction · n_class) of them go to the test part, so
 * both parts keep the class proportions. The same table, fraction and seed always give the same
 * split. Labels are one-hot [N, classes].
 *
 * <pre>{@code
 * TrainTestSplit s = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 42);  // 1437 train, 360 test
 * net.fit(s.trainIterator(64, 7), 30);                                    // 30 epochs of mini-batches
 * Evaluation e = net.evaluate(s.testIterator(256));
 * }</pre>
 */
public final class TrainTestSplit {
    private final LabeledTable table;
    private final int[] train;
    private final int[] test;
    private final double[] mean;
    private final double[] std;

    private TrainTestSplit(LabeledTable table, int[] train, int[] test) {
        this.table = table;
        this.train = train;
        this.test = test;
        int d = table.featureCount();
        this.mean = new double[d];
        this.std = new double[d];
        for (int i : train) {
            for (int j = 0; j < d; j++) {
                mean[j] += table.features()[i][j] / train.length;
            }
        }
        for (int i : train) {
            for (int j = 0; j < d; j++) {
                double c = table.features()[i][j] - mean[j];
                std[j] += c * c / train.length;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1.0;
        }
    }

    /**
     * @param data         a vendored set
     * @param testFraction fraction of each class held out for testing, in (0, 1)
     * @param seed         seed of the shuffle
     * @return the split
     */
    public static TrainTestSplit of(VendoredDataset data, double testFraction, long seed) {
        return stratified(data.load(), testFraction, seed);
    }

    /**
     * @param table        the examples
     * @param testFraction fraction of each class held out for testing, in (0, 1)
     * @param seed         seed of the shuffle
     * @return the split
     * @throws IllegalArgumentException if the fraction leaves either part empty
     */
    public static TrainTestSplit stratified(LabeledTable table, double testFraction, long seed) {
        int[] all = new int[table.size()];
        Arrays.setAll(all, i -> i);
        return stratified(table, all, testFraction, seed);
    }

    private static TrainTestSplit stratified(LabeledTable table, int[] rows, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("TrainTestSplit.testFraction = " + testFraction
                    + " is invalid: it must lie in (0, 1), e.g. 0.2");
        }
        Random rng = new Random(seed);
        List<Integer> tr = new ArrayList<>();
        List<Integer> te = new ArrayList<>();
        for (int c = 0; c < table.classes(); c++) {
            List<Integer> members = new ArrayList<>();
            for (int i : rows) {
                if (table.labels()[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, rng);
            int nTest = (int) Math.round(testFraction * members.size());
            te.addAll(members.subList(0, nTest));
            tr.addAll(members.subList(nTest, members.size()));
        }
        if (tr.isEmpty() || te.isEmpty()) {
            throw new IllegalArgumentException("TrainTestSplit.testFraction = " + testFraction + " leaves " + tr.size()
                    + " training and " + te.size() + " test examples out of " + rows.length + "; choose a fraction that"
                    + " leaves both parts non-empty");
        }
        Collections.sort(tr);
        Collections.sort(te);
        return new TrainTestSplit(table, tr.stream().mapToInt(Integer::intValue).toArray(),
                te.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Splits the training part again (e.g. into search-training and validation parts for a
     * hyperparameter search that must never see the test part), standardised by the new
     * training part's own statistics.
     *
     * @param validationFraction fraction of each class of the training part held out, in (0, 1)
     * @param seed               seed of the shuffle
     * @return a split whose "test" part is the validation part
     */
    public TrainTestSplit holdOut(double validationFraction, long seed) {
        return stratified(table, train, validationFraction, seed);
    }

    /** @return the standardised training part; features [N_train, d_in], one-hot labels [N_train, classes] */
    public DataSet train(DataType dataType) {
        return dataSet(train, dataType);
    }

    /** @return the standardised test part; features [N_test, d_in], one-hot labels [N_test, classes] */
    public DataSet test(DataType dataType) {
        return dataSet(test, dataType);
    }

    /**
     * @param batchSize examples per mini-batch (the last one may be smaller)
     * @param seed      seed of the per-epoch shuffle
     * @return the training part in FLOAT, reshuffled at every {@code reset()}
     */
    public DataSetIterator trainIterator(int batchSize, long seed) {
        return new ShuffledBatchIterator(train(DataType.FLOAT), batchSize, seed);
    }

    /**
     * @param batchSize examples per mini-batch
     * @return the test part in FLOAT, in a fixed order
     */
    public DataSetIterator testIterator(int batchSize) {
        return new ShuffledBatchIterator(test(DataType.FLOAT), batchSize, null);
    }

    /** @return row indices (into the table) of the training part, ascending */
    public int[] trainRows() {
        return train.clone();
    }

    /** @return row indices (into the table) of the test part, ascending */
    public int[] testRows() {
        return test.clone();
    }

    /** @return the per-feature means of the training part */
    public double[] means() {
        return mean.clone();
    }

    /** @return the per-feature stds of the training part (1 for a constant feature) */
    public double[] stds() {
        return std.clone();
    }

    /** @return d_in */
    public int featureCount() {
        return table.featureCount();
    }

    /** @return the number of classes */
    public int classes() {
        return table.classes();
    }

    private DataSet dataSet(int[] rows, DataType dataType) {
        int d = table.featureCount();
        double[][] x = new double[rows.length][d];
        double[][] y = new double[rows.length][table.classes()];
        for (int r = 0; r < rows.length; r++) {
            double[] src = table.features()[rows[r]];
            for (int j = 0; j < d; j++) {
                x[r][j] = (src[j] - mean[j]) / std[j];
            }
            y[r][table.labels()[rows[r]]] = 1;
        }
        INDArray fx = Nd4j.createFromArray(x).castTo(dataType);
        INDArray fy = Nd4j.createFromArray(y).castTo(dataType);
        return new DataSet(fx, fy);
    }

    @Override
    public String toString() {
        return "TrainTestSplit(" + table.size() + " examples, " + train.length + " train, " + test.length + " test, "
                + table.classes() + " classes)";
    }
}
