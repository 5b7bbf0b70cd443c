package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.meanode.params.ScaledResidualParams;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceResNet;
import org.meanode.testutil.ReferenceResNet.Act;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@link HiddenStateProbe} and {@link ResidualUnits} of the block and the stack: the states are
 * those of the independent plain-Java {@link ReferenceResNet} (h_l after block l, tolerance 1e-12
 * relative in double), at depth-times l/L; the units are the live U and V; asking for the states
 * between fit() calls leaves training unchanged (bitwise).
 */
class HiddenStateProbeTest {
    private static final int D_IN = 4;
    private static final int D_OUT = 3;
    private static final int D = 6;
    private static final int L = 5;
    private static final int M = 3;
    private static final int N = 7;
    private static final double TOL = 1e-12;

    private static MultiLayerNetwork network(boolean fused, ReferenceResNet ref) {
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(D).depth(L).width(M).alpha(1.3)
                .activation(Activation.TANH).learningRate(0.5).fused(fused).dataType(DataType.DOUBLE).seed(2).build()
                .multiLayerNetwork();
        new ResNetWeights(Arrays2.nd(ref.wE), Arrays2.nd(ref.uDml()), Arrays2.nd(ref.vDml()), Arrays2.nd(ref.wU)).writeTo(net);
        return net;
    }

    private static ReferenceResNet reference() {
        return new ReferenceResNet(D_IN, D_OUT, D, L, M, 1.3, Math.sqrt(D), Math.sqrt(D), Act.TANH, 9);
    }

    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void statesMatchTheReference(boolean fused) {
        ReferenceResNet ref = reference();
        MultiLayerNetwork net = network(fused, ref);
        ref.forward(Arrays2.gaussian(3, N, D_IN));
        double[][][] h = ref.hiddenStates();
        if (fused) {
            HiddenStateProbe stack = (HiddenStateProbe) net.getLayer(1);
            INDArray s = stack.hiddenStates(Arrays2.nd(h[0]));
            assertArrayEquals(new long[] {L + 1, N, D}, s.shape());
            double err = Arrays2.relError(s, h);
            assertTrue(err < TOL, "stack states vs reference: rel. error " + err);
            assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, stack.stateDepths(), 1e-15);
        } else {
            for (int l = 0; l < L; l++) {
                HiddenStateProbe block = (HiddenStateProbe) net.getLayer(1 + l);
                INDArray s = block.hiddenStates(Arrays2.nd(h[l]));
                assertArrayEquals(new long[] {2, N, D}, s.shape());
                double err = Arrays2.relError(s, new double[][][] {h[l], h[l + 1]});
                assertTrue(err < TOL, "block " + l + " states vs reference: rel. error " + err);
                assertArrayEquals(new double[] {0, 1.0 / L}, block.stateDepths(), 1e-15);
            }
        }
        // Negative control: the states of other weights differ far beyond the tolerance.
        ReferenceResNet other = new ReferenceResNet(D_IN, D_OUT, D, L, M, 1.3, Math.sqrt(D), Math.sqrt(D), Act.TANH, 10);
        INDArray s = ((HiddenStateProbe) network(true, other).getLayer(1)).hiddenStates(Arrays2.nd(h[0]));
        assertTrue(Arrays2.relError(s, h) > 1e-3, "states of other weights must not match");
    }

    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void unitsAreTheLiveParameters(boolean fused) {
        MultiLayerNetwork net = network(fused, reference());
        ResidualUnits first = (ResidualUnits) net.getLayer(1);
        INDArray u = net.getLayer(1).getParam(ScaledResidualParams.U_KEY);
        assertEquals(fused ? L : 1, first.unitsU().size(0));
        assertEquals(0.0, Arrays2.relError(first.unitsU().reshape(u.shape()), u));
        assertEquals(fused ? L : 1, first.unitDepths().length);
        assertEquals(0.0, first.unitDepths()[0]);
        u.addi(1.0);
        assertEquals(0.0, Arrays2.relError(first.unitsU().reshape(u.shape()), u), "a view, not a copy");
    }

    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void probingBetweenStepsLeavesTrainingUnchanged(boolean fused) {
        ReferenceResNet ref = reference();
        MultiLayerNetwork a = network(fused, ref);
        MultiLayerNetwork b = network(fused, ref);
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(4, N, D_IN)), Arrays2.nd(Arrays2.gaussian(5, N, D_OUT)));
        INDArray probe = Arrays2.nd(Arrays2.gaussian(6, 3, D));
        for (int k = 0; k < 4; k++) {
            a.fit(ds);
            ((HiddenStateProbe) b.getLayer(1)).hiddenStates(probe);
            b.fit(ds);
            ((HiddenStateProbe) b.getLayer(1)).hiddenStates(probe);
        }
        assertEquals(a.params(), b.params());
        assertEquals(a.score(), b.score());
    }

    @ParameterizedTest(name = "fused={0}")
    @ValueSource(booleans = {true, false})
    void wrongInputShapeIsRejected(boolean fused) {
        HiddenStateProbe p = (HiddenStateProbe) network(fused, reference()).getLayer(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.hiddenStates(Arrays2.nd(Arrays2.gaussian(1, 2, D + 1))));
        assertTrue(e.getMessage().contains("[N, " + D + "]") && e.getMessage().contains("[2, " + (D + 1) + "]"), e.getMessage());
    }
}
