package org.meanode.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.saver.local.FileModelSaver;
import org.deeplearning4j.arbiter.scoring.RegressionValue;
import org.deeplearning4j.arbiter.scoring.ScoreFunctions;
import org.deeplearning4j.arbiter.scoring.impl.RegressionScoreFunction;
import org.deeplearning4j.arbiter.task.MultiLayerNetworkTaskCreator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Real Arbiter 1.0.0-beta7 runs against DL4J M2.1: {@link LocalOptimizationRunner} with grid
 * and random generators, {@link MaxCandidatesCondition} and {@link MaxTimeCondition},
 * {@link FileModelSaver} and its result references, {@link RegressionScoreFunction}; Arbiter's
 * own {@link MultiLayerNetworkTaskCreator} on a {@link MeanOdeResNetSpace} candidate; and the
 * robustness of {@link MeanOdeTaskCreator}: a diverging and a throwing candidate are recorded as
 * failed with their reasons while the search goes on, and the records read back from disk
 * (fresh objects) equal those written. Scores are checked against a plain-Java MSE of the
 * network's outputs (relative 1e-5, float32 outputs).
 */
class ArbiterSearchTest {

    static FullBatchDataProvider data() {
        return new FullBatchDataProvider(regression(40, 1), regression(20, 2));
    }

    /** y = sin(x0) + x1·x2/2 with x ~ N(0, 1)^3, drawn in plain Java. */
    static DataSet regression(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][3];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rng.nextGaussian();
            }
            y[i][0] = Math.sin(x[i][0]) + x[i][1] * x[i][2] / 2;
        }
        return new DataSet(Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT));
    }

    static double mse(MultiLayerNetwork net, DataSet ds) {
        INDArray out = net.output(ds.getFeatures());
        double s = 0;
        long n = out.size(0);
        for (int i = 0; i < n; i++) {
            double e = out.getDouble(i, 0) - ds.getLabels().getDouble(i, 0);
            s += e * e;
        }
        return s / n;
    }

    /** Depth 3 candidates are built for 5 inputs while the data has 3: they throw in fit. */
    static final class ThrowingAtDepthThree implements ParameterSpace<DL4JConfiguration> {
        private final MeanOdeResNetSpace space;

        ThrowingAtDepthThree(MeanOdeResNetSpace space) {
            this.space = space;
        }

        @Override
        public DL4JConfiguration getValue(double[] values) {
            MeanOdeResNet spec = space.spec(values);
            if (spec.getDepth() == 3) {
                spec = MeanOdeResNet.builder().nIn(5).nOut(1).embeddingDim(spec.getEmbeddingDim()).depth(3)
                        .width(spec.getWidth()).updater(spec.getUpdater()).build();
            }
            return new MeanOdeConfiguration(spec, space.getNumEpochs());
        }

        @Override
        public int numParameters() {
            return space.numParameters();
        }

        @Override
        public List<ParameterSpace> collectLeaves() {
            return space.collectLeaves();
        }

        @Override
        public Map<String, ParameterSpace> getNestedSpaces() {
            return space.getNestedSpaces();
        }

        @Override
        public boolean isLeaf() {
            return false;
        }

        @Override
        public void setIndices(int... indices) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void divergingAndThrowingCandidatesAreRecordedAsFailedAndTheSearchGoesOn(@TempDir Path dir) throws Exception {
        MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(3).nOut(1).embeddingDim(4)
                .depth(new DiscreteParameterSpace<>(2, 3)).width(2)
                .learningRate(new DiscreteParameterSpace<>(0.3, 1e12)).numEpochs(10).seed(1).build();
        SearchResultStore store = new SearchResultStore(dir.resolve("records"));
        List<CandidateRecord> written = Collections.synchronizedList(new ArrayList<>());
        MeanOdeTaskCreator tasks = new MeanOdeTaskCreator(r -> {
            written.add(r);
            store.write(r);
        }, Map.of("test", "robustness"));
        FullBatchDataProvider data = data();
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(new GridSearchCandidateGenerator(new ThrowingAtDepthThree(space), 2,
                        GridSearchCandidateGenerator.Mode.Sequential, null))
                .dataProvider(data)
                .modelSaver(new FileModelSaver(dir.resolve("models").toFile()))
                .scoreFunction(new RegressionScoreFunction(RegressionEvaluation.Metric.MSE))
                .terminationConditions(new MaxCandidatesCondition(4)).build();
        IOptimizationRunner runner = new LocalOptimizationRunner(conf, tasks);
        runner.execute();

        assertEquals(4, written.size(), "every candidate recorded");
        assertEquals(1, runner.numCandidatesCompleted());
        assertEquals(3, runner.numCandidatesFailed());
        List<CandidateRecord> byIndex = new ArrayList<>(written);
        byIndex.sort(java.util.Comparator.comparingInt(CandidateRecord::index));
        for (CandidateRecord r : byIndex) {
            long l = (Long) r.hyperparameters().get("L");
            double eta = (Double) r.hyperparameters().get("eta");
            if (l == 3) {
                assertEquals(CandidateRecord.Status.FAILED, r.status());
                assertTrue(r.failureReason().contains("DL4JInvalidInputException"), r.failureReason());
            } else if (eta > 1) {
                assertEquals(CandidateRecord.Status.FAILED, r.status());
                assertTrue(r.failureReason().startsWith("diverged: training loss"), r.failureReason());
                assertNull(r.score());
            } else {
                assertEquals(CandidateRecord.Status.COMPLETE, r.status());
                assertNull(r.failureReason());
                assertNotNull(r.configurationJson());
                assertEquals("robustness", r.provenance().get("test"));
            }
        }
        // The best model, through Arbiter's result reference, scores what was recorded.
        assertEquals(1, runner.getResults().size());
        ResultReference ref = runner.getResults().get(0);
        MultiLayerNetwork best = (MultiLayerNetwork) ref.getResultModel();
        CandidateRecord complete = byIndex.stream().filter(r -> r.status() == CandidateRecord.Status.COMPLETE).findFirst().orElseThrow();
        assertEquals(complete.score(), runner.bestScore(), 0.0);
        assertEquals(complete.score(), mse(best, data.validation()), 1e-5 * complete.score());
        assertEquals(complete.score(), ref.getResult().getScore(), 0.0);

        // Read back in fresh objects: the same records.
        List<CandidateRecord> read = SearchResultStore.read(dir.resolve("records"));
        assertEquals(byIndex, read);
        assertEquals(complete.index(), SearchResultStore.ranked(read).get(0).index(), "complete first");
        // A leftover temporary file of an interrupted write is ignored, a corrupt record is reported.
        Files.writeString(dir.resolve("records").resolve("candidate-9.json.tmp"), "{ half");
        assertEquals(4, SearchResultStore.read(dir.resolve("records")).size());
        Files.writeString(dir.resolve("records").resolve("candidate-9.json"), "{ half");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchResultStore.read(dir.resolve("records")));
        assertTrue(e.getMessage().contains("candidate-9.json"), e.getMessage());
    }

    @Test
    void maxTimeConditionStopsARandomSearch(@TempDir Path dir) {
        MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(3).nOut(1).embeddingDim(4).depth(2, 8).width(1, 4)
                .learningRate(0.1, 1).numEpochs(5).build();
        RandomSearchGenerator g = new RandomSearchGenerator(space, null);
        g.setRngSeed(3);
        List<CandidateRecord> written = Collections.synchronizedList(new ArrayList<>());
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder().candidateGenerator(g).dataProvider(data())
                .scoreFunction(new RegressionScoreFunction(RegressionEvaluation.Metric.MSE))
                .terminationConditions(new MaxTimeCondition(2, TimeUnit.SECONDS), new MaxCandidatesCondition(100_000)).build();
        long t0 = System.nanoTime();
        new LocalOptimizationRunner(conf, new MeanOdeTaskCreator(written::add, Map.of())).execute();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 15, "stopped by time, took " + seconds + " s");
        assertTrue(written.size() >= 1 && written.size() < 100_000, "some candidates ran: " + written.size());
        assertTrue(written.stream().allMatch(r -> r.status() == CandidateRecord.Status.COMPLETE), "all complete");
    }

    @Test
    void arbitersOwnTaskCreatorTrainsAMeanOdeResNetSpaceCandidate() {
        MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(3).nOut(1).embeddingDim(4).depth(4).width(2)
                .learningRate(0.5).numEpochs(20).build();
        FullBatchDataProvider data = data();
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(new RandomSearchGenerator(space, null)).dataProvider(data)
                .scoreFunction(new RegressionScoreFunction(RegressionEvaluation.Metric.MSE))
                .terminationConditions(new MaxCandidatesCondition(1)).build();
        IOptimizationRunner runner = new LocalOptimizationRunner(conf, new MultiLayerNetworkTaskCreator());
        runner.execute();
        assertEquals(1, runner.numCandidatesCompleted());
        MultiLayerNetwork untrained = new MultiLayerNetwork(space.getValue(new double[0]).getMultiLayerConfiguration());
        untrained.init();
        double before = mse(untrained, data.validation());
        assertTrue(runner.bestScore() < before, "training lowered the validation MSE: " + before + " -> " + runner.bestScore());
    }

    @Test
    void scoreFunctionsTestSetRegressionIsBrokenOnM21ButRegressionScoreFunctionWorks() {
        MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(3).nOut(1).embeddingDim(4).depth(2).width(2)
                .learningRate(0.5).build();
        MultiLayerNetwork net = new MultiLayerNetwork(space.getValue(new double[0]).getMultiLayerConfiguration());
        net.init();
        FullBatchDataProvider data = data();
        // Arbiter beta7 casts M2.1's org.nd4j RegressionEvaluation to the removed subclass
        // org.deeplearning4j.eval.RegressionEvaluation (ScoreUtil.score): a ClassCastException.
        assertThrows(ClassCastException.class,
                () -> ScoreFunctions.testSetRegression(RegressionValue.MSE).score(net, data, null));
        double score = new RegressionScoreFunction(RegressionEvaluation.Metric.MSE).score(net, data, null);
        assertEquals(mse(net, data.validation()), score, 1e-5 * score);
    }
}
