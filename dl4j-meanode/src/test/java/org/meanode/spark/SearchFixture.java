package org.meanode.spark;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.scoring.impl.RegressionScoreFunction;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.FullBatchDataProvider;
import org.meanode.arbiter.MeanOdeResNetSpace;
import org.meanode.arbiter.SearchResultStore;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The search of the Spark search tests, shared by the test JVM and the driver it kills
 * ({@link SearchDriverMain}): a sequential grid of 3 depths × 2 widths × 2 learning rates
 * (η = 0.2 trains; η = 1e7 diverges, so every other candidate must be recorded FAILED).
 */
final class SearchFixture {
    static final int CANDIDATES = 12;

    private SearchFixture() {
    }

    static GridSearchCandidateGenerator generator() {
        MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(3).nOut(1).embeddingDim(8).depth(2, 8).width(2, 4)
                .learningRate(0.2, 1e7).numEpochs(60).seed(5).build();
        return new GridSearchCandidateGenerator(space, 3, GridSearchCandidateGenerator.Mode.Sequential, null);
    }

    static FullBatchDataProvider data() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 128, 3);
        INDArray y = Nd4j.math().sin(x.sum(true, 1)).reshape(128, 1);
        DataSet all = new DataSet(x, y);
        var split = all.splitTestAndTrain(96);
        return new FullBatchDataProvider(split.getTrain(), split.getTest());
    }

    static SparkSearch search(Path records, Consumer<CandidateRecord> listener) {
        return SparkSearch.builder().generator(generator()).data(data())
                .score(new RegressionScoreFunction(RegressionEvaluation.Metric.MSE))
                .store(new SearchResultStore(records)).maxCandidates(CANDIDATES).parallelism(2)
                .provenance(Map.of("test", "SparkSearchTest")).listener(listener).build();
    }
}
