package org.meanode.arbiter;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * Arbiter data provider for in-memory training and validation sets, each served as one full
 * batch: an epoch is one full-batch gradient step, as in the paper's experiments, and the
 * score functions see the whole validation set at once. Each call returns a fresh iterator.
 *
 * <p>Arbiter writes its whole OptimizationConfiguration as JSON (its UI reads it back to show
 * the search's settings): this provider writes only its {@link #description()} there, not the
 * data, and one read back from JSON describes the data but cannot serve it.
 */
public final class FullBatchDataProvider implements DataProvider {
    private static final long serialVersionUID = 1L;

    @JsonIgnore
    private DataSet train;
    @JsonIgnore
    private DataSet validation;
    private String description;

    /** For JSON (a provider read back from JSON has no data). */
    private FullBatchDataProvider() {
    }

    /**
     * @param train      training set (features [N, d_in], labels [N, d_out])
     * @param validation validation set, used by Arbiter's score functions as "test data"
     */
    public FullBatchDataProvider(DataSet train, DataSet validation) {
        this(train, validation, "in-memory data");
    }

    /**
     * @param train       training set (features [N, d_in], labels [N, d_out])
     * @param validation  validation set, used by Arbiter's score functions as "test data"
     * @param description what the data is (how to regenerate it), written to JSON instead of the data
     */
    public FullBatchDataProvider(DataSet train, DataSet validation, String description) {
        if (train == null || validation == null || train.numExamples() == 0 || validation.numExamples() == 0) {
            throw new IllegalArgumentException("FullBatchDataProvider needs non-empty training and validation sets, got "
                    + (train == null ? "null" : train.numExamples() + " examples") + " and "
                    + (validation == null ? "null" : validation.numExamples() + " examples"));
        }
        this.train = train;
        this.validation = validation;
        this.description = description + " (train " + train.numExamples() + ", validation " + validation.numExamples()
                + " examples)";
    }

    /** @return what the data is, as given when built, with the set sizes */
    public String description() {
        return description;
    }

    private void checkData() {
        if (train == null) {
            throw new IllegalStateException("this FullBatchDataProvider was read from JSON, which holds only its description ("
                    + description + "), not the data; build it from the data sets");
        }
    }

    @Override
    public DataSetIterator trainData(Map<String, Object> dataParameters) {
        checkData();
        return new ListDataSetIterator<>(List.of(train), train.numExamples());
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

    /** @return the training set */
    public DataSet train() {
        return train;
    }

    /** @return the validation set */
    public DataSet validation() {
        return validation;
    }

    @Override
    public String toString() {
        return "FullBatchDataProvider(" + description + ")";
    }
}
