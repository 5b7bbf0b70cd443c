package org.meanode.examples.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.examples.search.TeacherTask;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The naive ResNet built from stock DL4J layers and its fused equivalent train identically: given
 * the same weights, the training losses of 4 plain-SGD steps agree to 1e-9 relative in double
 * precision, for c = 1/√L and c = 1; their initial weights have the naive init's scales
 * (std of W_in ≈ 1/√D, of W_out ≈ 1/√M within 10 %). Negative control: the fused net with the
 * plugin's default σ_v = √D (not the naive init) gives a different loss.
 */
class NaiveResNetTest {

    @Test
    void stockGraphAndFusedEquivalentTrainIdentically() {
        DataSet ds = TeacherTask.generate(4, 1, 12, 1, 0.0, 3).train();
        DataSet data = new DataSet(ds.getFeatures().castTo(DataType.DOUBLE), ds.getLabels().castTo(DataType.DOUBLE));
        int d = 6;
        int l = 5;
        int m = 4;
        for (double c : new double[] {1 / Math.sqrt(l), 1.0}) {
            MultiLayerNetwork fused = NaiveResNet.fused(4, 1, d, l, m, c, 0.3, 11, DataType.DOUBLE);
            ComputationGraph graph = NaiveResNet.build(4, 1, d, l, m, c, 0.3, 12, DataType.DOUBLE);
            NaiveResNet.copyWeights(fused, graph);
            assertEquals(graph.score(data), fused.score(data), 1e-12 * fused.score(data), "same function at step 0");
            for (int k = 0; k < 4; k++) {
                fused.fit(data);
                graph.fit(data);
                double a = fused.score(data);
                double b = graph.score(data);
                assertEquals(b, a, 1e-9 * a, "loss after step " + (k + 1) + ", c = " + c);
            }
        }
        ComputationGraph fresh = NaiveResNet.build(4, 1, 64, 2, 256, 1.0, 0.1, 5, DataType.DOUBLE);
        double sIn = fresh.getLayer("b0_in").getParam("W").stdNumber().doubleValue();
        double sOut = fresh.getLayer("b0_out").getParam("W").stdNumber().doubleValue();
        assertEquals(1 / 8.0, sIn, 0.1 / 8, "W_in std 1/√D");
        assertEquals(1 / 16.0, sOut, 0.1 / 16, "W_out std 1/√M");
    }

    @Test
    void negativeControlPluginInitIsNotTheNaiveNetwork() {
        DataSet ds = TeacherTask.generate(4, 1, 12, 1, 0.0, 3).train();
        MultiLayerNetwork fused = NaiveResNet.fused(4, 1, 6, 5, 4, 1.0, 0.3, 11, DataType.DOUBLE);
        MultiLayerNetwork plugin = org.meanode.network.MeanOdeResNet.builder().nIn(4).nOut(1).embeddingDim(6).depth(5).width(4)
                .alpha(5 * 4 / 6.0).learningRate(0.3).seed(11).dataType(DataType.DOUBLE).build().multiLayerNetwork();
        DataSet data = new DataSet(ds.getFeatures().castTo(DataType.DOUBLE), ds.getLabels().castTo(DataType.DOUBLE));
        assertTrue(Math.abs(fused.score(data) - plugin.score(data)) > 1e-6, "σ_v differs, so the outputs differ");
    }
}
