package org.meanode.data;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Mini-batches of an in-memory {@link DataSet}, in a new seeded random order at every epoch
 * (epoch e uses {@code new Random(seed + e)}), or in the stored order when the seed is null. An
 * epoch visits every example exactly once; the last batch holds the remainder. Reproducible:
 * the same data, batch size and seed give the same batches.
 */
public final class ShuffledBatchIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final DataSet data;
    private final int batchSize;
    private final Long seed;
    private final int[] order;
    private int epoch;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    /**
     * @param data      features [N, d_in] and labels [N, d_out]
     * @param batchSize examples per batch, ≥ 1
     * @param seed      seed of the per-epoch shuffle, or null for the stored order
     */
    public ShuffledBatchIterator(DataSet data, int batchSize, Long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("ShuffledBatchIterator.batchSize = " + batchSize + " is invalid: it must be ≥ 1");
        }
        if (data == null || data.numExamples() == 0) {
            throw new IllegalArgumentException("ShuffledBatchIterator needs a non-empty DataSet");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.order = new int[data.numExamples()];
        shuffle();
    }

    private void shuffle() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (seed != null) {
            Random rng = new Random(seed + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is finished; call reset()");
        }
        int n = Math.min(num, order.length - cursor);
        int[] idx = Arrays.copyOfRange(order, cursor, cursor + n);
        cursor += n;
        DataSet ds = new DataSet(data.getFeatures().getRows(idx), data.getLabels().getRows(idx));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public int inputColumns() {
        return (int) data.getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) data.getLabels().size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the next epoch, in a new order when seeded. */
    @Override
    public void reset() {
        epoch++;
        cursor = 0;
        shuffle();
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
