package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceResNet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * User-supplied weights in the paper's layout (W_E : D×d_in, U and V : D×M×L, W_U : D×d_out)
 * are written into a network and read back unchanged (exact equality), and block l of U is
 * what the network uses as block l (checked through the forward pass against the plain-Java
 * reference); shapes that do not fit are rejected with both shapes in the message.
 */
class ResNetWeightsTest {

    @ParameterizedTest(name = "fused={0} graph={1}")
    @CsvSource({"true,false", "false,false", "true,true", "false,true"})
    void writeThenReadIsExactAndOrdered(boolean fused, boolean graph) {
        int dIn = 3;
        int dOut = 2;
        int d = 5;
        int depth = 4;
        int width = 3;
        ReferenceResNet ref = new ReferenceResNet(dIn, dOut, d, depth, width, 1.3, 2.0, 1.5,
                ReferenceResNet.Act.TANH, 77);
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(dIn).nOut(dOut).embeddingDim(d).depth(depth).width(width)
                .alpha(1.3).fused(fused).dataType(DataType.DOUBLE).build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        INDArray wE = Arrays2.nd(ref.wE);
        INDArray u = Arrays2.nd(ref.uDml());
        INDArray v = Arrays2.nd(ref.vDml());
        INDArray wU = Arrays2.nd(ref.wU);
        new ResNetWeights(wE, u, v, wU).writeTo(net);

        ResNetWeights back = ResNetWeights.readFrom(net);
        assertEquals(wE, back.getEmbedding());
        assertEquals(u, back.getU());
        assertEquals(v, back.getV());
        assertEquals(wU, back.getReadout());

        double[][] x = Arrays2.gaussian(5, 6, dIn);
        INDArray out = ExactnessContractTest.output(net, Arrays2.nd(x));
        double err = Arrays2.relError(out, ref.forward(x));
        assertTrue(err < 1e-12, "forward with written weights vs reference: rel. error " + err);
    }

    @org.junit.jupiter.api.Test
    void wrongShapesAreRejected() {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).depth(4).width(3)
                .dataType(DataType.DOUBLE).build();
        Model net = spec.multiLayerNetwork();
        ResNetWeights ok = ResNetWeights.readFrom(net);
        INDArray wrongL = Nd4j.zeros(DataType.DOUBLE, 5, 3, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResNetWeights(ok.getEmbedding(), wrongL, wrongL, ok.getReadout()).writeTo(net));
        assertTrue(e.getMessage().contains("L = 5") && e.getMessage().contains("4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ResNetWeights(ok.getEmbedding(), ok.getU(), Nd4j.zeros(DataType.DOUBLE, 5, 2, 4), ok.getReadout()));
        assertTrue(e.getMessage().contains("[5, 3, 4]") && e.getMessage().contains("[5, 2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ResNetWeights(Nd4j.zeros(DataType.DOUBLE, 5, 4), ok.getU(), ok.getV(), ok.getReadout()).writeTo(net));
        assertTrue(e.getMessage().contains("W_E") && e.getMessage().contains("[5, 4]"), e.getMessage());
    }
}
