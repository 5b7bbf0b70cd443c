package org.meanode.arbiter;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.meanode.data.ShuffledBatchIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Arbiter data provider for in-memory training and validation sets with mini-batch training:
 * the training set is served in shuffled mini-batches ({@link ShuffledBatchIterator}, the same
 * seeded order for every candidate, reshuffled each epoch), the validation set as one batch for
 * the score function. Like {@link FullBatchDataProvider}, only its description goes to JSON.
 */
public final class MiniBatchDataProvider implements DataProvider {
    private static final long serialVersionUID = 1L;

    @JsonIgnore
    private DataSet train;
    @JsonIgnore
    private DataSet validation;
    private int batchSize;
    private long shuffleSeed;
    private String description;

    /** For JSON (a provider read back from JSON has no data). */
    private MiniBatchDataProvider() {
    }

    /**
     * @param train       training set (features [N, d_in], labels [N, d_out])
     * @param validation  validation set, the score functions' "test data"
     * @param batchSize   mini-batch size, ≥ 1
     * @param shuffleSeed seed of the per-epoch order
     * @param description what the data is, written to JSON instead of the data
     */
    public MiniBatchDataProvider(DataSet train, DataSet validation, int batchSize, long shuffleSeed, String description) {
        if (train == null || validation == null || train.numExamples() == 0 || validation.numExamples() == 0) {
            throw new IllegalArgumentException("MiniBatchDataProvider needs non-empty training and validation sets");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("MiniBatchDataProvider.batchSize = " + batchSize + " is invalid: it must be ≥ 1");
        }
        this.train = train;
        this.validation = validation;
        this.batchSize = batchSize;
        this.shuffleSeed = shuffleSeed;
        this.description = description + " (train " + train.numExamples() + ", validation " + validation.numExamples()
                + " examples, batch " + batchSize + ")";
    }

    /** @return what the data is */
    public String description() {
        return description;
    }

    private void checkData() {
        if (train == null) {
            throw new IllegalStateException("this MiniBatchDataProvider was read from JSON, which holds only its description ("
                    + description + "), not the data; build it from the data sets");
        }
    }

    @Override
    public DataSetIterator trainData(Map<String, Object> dataParameters) {
        checkData();
        return new ShuffledBatchIterator(train, batchSize, shuffleSeed);
    }

    @Override
    public DataSetIterator testData(Map<String, Object> dataParameters) {
        checkData();
        return new ListDataSetIterator<>(List.of(validation), validation.numExamples());
    }

    @Override
    public Class<?> getDataType() {
        return DataSetIterator.class;
    }

    @Override
    public String toString() {
        return "MiniBatchDataProvider(" + description + ")";
    }
}
