package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.testutil.Arrays2;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The plugin's networks used the way DL4J users use networks, in the default float32: epochs
 * over an iterator whose last minibatch is smaller, Adam, evaluation, inference on another
 * batch size, {@code clone()}, and DL4J's memory report. Loss must fall by at least 2× on a
 * learnable synthetic task (targets from a fixed random linear map).
 */
class Dl4jUsageTest {
    private static final int D_IN = 4;
    private static final int D_OUT = 3;

    private static List<DataSet> batches(int n, int batch) {
        INDArray x = Arrays2.nd(Arrays2.gaussian(1, n, D_IN)).castTo(DataType.FLOAT);
        INDArray w = Arrays2.nd(Arrays2.gaussian(2, D_IN, D_OUT)).castTo(DataType.FLOAT);
        INDArray y = x.mmul(w).muli(0.5);
        List<DataSet> all = new DataSet(x, y).asList();
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < n; i += batch) {
            out.add(DataSet.merge(all.subList(i, Math.min(n, i + batch))));
        }
        return out;
    }

    /**
     * Every seed gives reproducible draws, 0 (the builder's default) included: ND4J's generator
     * seeded with 0 does not repeat itself, so two networks built with seed 0 used to differ.
     */
    @Test
    void everySeedReproducesItsInitialWeights() {
        for (long seed : new long[] {0, 1, 42}) {
            MeanOdeResNet r = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(4).depth(3).width(2).seed(seed).build();
            assertEquals(r.multiLayerNetwork().params(), r.multiLayerNetwork().params(), "MLN, seed " + seed);
            assertEquals(r.computationGraph().params(), r.computationGraph().params(), "CG, seed " + seed);
        }
        MeanOdeResNet.Builder b = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(4).depth(3).width(2);
        assertTrue(!b.seed(0).build().multiLayerNetwork().params().equals(b.seed(1).build().multiLayerNetwork().params()),
                "control: different seeds draw different weights");
    }

    @Test
    void multiLayerNetworkTrainsOverUnevenMinibatchesWithAdam() {
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(16).depth(8).width(8)
                .updater(new Adam(0.02)).seed(5).build().multiLayerNetwork();
        List<DataSet> data = batches(70, 16); // batches of 16, 16, 16, 16, 6
        assertEquals(6, data.get(4).numExamples());
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(data, 1);
        double before = net.score(DataSet.merge(data));
        net.fit(it, 30);
        double after = net.score(DataSet.merge(data));
        assertTrue(after < before / 2, "loss " + before + " -> " + after);

        RegressionEvaluation eval = net.evaluateRegression(it);
        assertTrue(eval.averageMeanSquaredError() > 0 && eval.averageMeanSquaredError() < before, eval.stats());

        INDArray single = data.get(0).getFeatures().getRow(0, true);
        INDArray out1 = net.output(single);
        INDArray outBatch = net.output(data.get(0).getFeatures());
        assertEquals(out1.getDouble(0, 0), outBatch.getDouble(0, 0), 1e-5, "batch size must not change outputs");

        MultiLayerNetwork copy = net.clone();
        assertEquals(net.output(data.get(1).getFeatures()), copy.output(data.get(1).getFeatures()));
    }

    @Test
    void computationGraphTrainsAndReportsMemory() {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(16).depth(6).width(4)
                .learningRate(0.5).seed(9).build();
        ComputationGraph g = spec.computationGraph();
        List<DataSet> data = batches(40, 40);
        double before = g.score(data.get(0));
        for (int k = 0; k < 40; k++) {
            g.fit(data.get(0));
        }
        double after = g.score(data.get(0));
        assertTrue(after < before / 2, "loss " + before + " -> " + after);

        MemoryReport mlnReport = spec.multiLayerConfiguration().getMemoryReport(InputType.feedForward(D_IN));
        MemoryReport cgReport = spec.graphConfiguration().getMemoryReport(InputType.feedForward(D_IN));
        long params = 2L * 6 * 16 * 4 + D_IN * 16 + 16 * D_OUT;
        String paramBytes = String.format(java.util.Locale.ROOT, "%,d bytes", params * 4); // FP32
        assertTrue(mlnReport.toString().contains(paramBytes), "expected " + paramBytes + " of parameters: " + mlnReport);
        assertTrue(cgReport.toString().contains(paramBytes), "expected " + paramBytes + " of parameters: " + cgReport);
        assertTrue(mlnReport.getTotalMemoryBytes(1000, org.deeplearning4j.nn.conf.memory.MemoryUseMode.TRAINING,
                org.deeplearning4j.nn.conf.CacheMode.NONE, DataType.FLOAT) > params * 4 * 2, "training memory");
    }

    @Test
    void workspaceModesTrainIdentically() {
        List<DataSet> data = batches(20, 20);
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        org.deeplearning4j.nn.conf.WorkspaceMode[] modes = {org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED,
                org.deeplearning4j.nn.conf.WorkspaceMode.NONE};
        for (int i = 0; i < 2; i++) {
            MeanOdeResNet spec = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(8).depth(5).width(3)
                    .dataType(DataType.DOUBLE).workspaceMode(modes[i]).seed(21).build();
            assertEquals(modes[i], spec.multiLayerConfiguration().getTrainingWorkspaceMode());
            nets[i] = spec.multiLayerNetwork();
            for (int k = 0; k < 5; k++) {
                nets[i].fit(new DataSet(data.get(0).getFeatures().castTo(DataType.DOUBLE),
                        data.get(0).getLabels().castTo(DataType.DOUBLE)));
            }
        }
        assertEquals(nets[0].params(), nets[1].params(), "ENABLED vs NONE after 5 steps");
    }
}
