package org.meanode.examples.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The benchmark's baseline is the same network trained the same way: with the weights of a
 * MeanOdeResNet copied in, the stock-layer graph gives the same outputs before and after a few
 * Sgd steps (float64, relative error &lt; 1e-10). This is what makes the speed comparison fair.
 */
class StockResNetGraphTest {

    @Test
    void stockGraphTrainsExactlyLikeMeanOdeResNet() {
        int dIn = 3;
        int dOut = 2;
        int d = 6;
        int depth = 5;
        int width = 4;
        double alpha = 1.5;
        double eta = 0.3;
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(dIn).nOut(dOut).embeddingDim(d).depth(depth).width(width)
                .alpha(alpha).learningRate(eta).dataType(DataType.DOUBLE).seed(7).build();
        ComputationGraph ours = spec.computationGraph();
        ComputationGraph stock = StockResNetGraph.build(dIn, dOut, d, depth, width, alpha, eta, 8, DataType.DOUBLE);
        StockResNetGraph.copyWeights(ResNetWeights.readFrom(ours), stock);
        DataSet ds = new DataSet(Nd4j.randn(DataType.DOUBLE, 7, dIn), Nd4j.randn(DataType.DOUBLE, 7, dOut));

        assertClose(ours.outputSingle(ds.getFeatures()), stock.outputSingle(ds.getFeatures()), "initial outputs");
        for (int k = 0; k < 4; k++) {
            ours.fit(ds);
            stock.fit(ds);
        }
        assertClose(ours.outputSingle(ds.getFeatures()), stock.outputSingle(ds.getFeatures()), "outputs after 4 steps");
        INDArray moved = ours.outputSingle(ds.getFeatures()).sub(ds.getLabels());
        assertTrue(moved.norm2Number().doubleValue() > 0, "sanity");
    }

    private static void assertClose(INDArray a, INDArray b, String what) {
        double rel = a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
        assertTrue(rel < 1e-10, what + ": relative error " + rel);
    }
}
