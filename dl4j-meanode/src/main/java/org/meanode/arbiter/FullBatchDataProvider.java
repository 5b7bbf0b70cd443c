package org.meanode.arbiter;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Arbiter data provider for in-memory training and validation sets, each served as one full
 * batch: an epoch is one full-batch gradient step, as in the paper's experiments, and the
 * score functions see the whole validation set at once. Each call returns a fresh iterator.
 */
public final class FullBatchDataProvider implements DataProvider {
    private static final long serialVersionUID = 1L;

    private final DataSet train;
    private final DataSet validation;

    /**
     * @param train      training set (features [N, d_in], labels [N, d_out])
     * @param validation validation set, used by Arbiter's score functions as "test data"
     */
    public FullBatchDataProvider(DataSet train, DataSet validation) {
        if (train == null || validation == null || train.numExamples() == 0 || validation.numExamples() == 0) {
            throw new IllegalArgumentException("FullBatchDataProvider needs non-empty training and validation sets, got "
                    + (train == null ? "null" : train.numExamples() + " examples") + " and "
                    + (validation == null ? "null" : validation.numExamples() + " examples"));
        }
        this.train = train;
        this.validation = validation;
    }

    @Override
    public DataSetIterator trainData(Map<String, Object> dataParameters) {
        return new ListDataSetIterator<>(List.of(train), train.numExamples());
    }

    @Override
    public DataSetIterator testData(Map<String, Object> dataParameters) {
        return new ListDataSetIterator<>(List.of(validation), validation.numExamples());
    }

    @Override
    public Class<?> getDataType() {
        return DataSetIterator.class;
    }

    /** @return the training set */
    public DataSet train() {
        return train;
    }

    /** @return the validation set */
    public DataSet validation() {
        return validation;
    }
}
