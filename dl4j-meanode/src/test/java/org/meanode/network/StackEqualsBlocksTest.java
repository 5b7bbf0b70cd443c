package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.params.ScaledResidualParams;
import org.meanode.testutil.Arrays2;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The fused {@link org.meanode.conf.ScaledResidualStack} computes what L consecutive
 * {@link org.meanode.conf.ScaledResidualBlock}s compute. In double precision, a network built
 * with {@code fused(true)} and one built with {@code fused(false)}, given the same weights
 * (copied with {@link ResNetWeights}), have the same outputs, the same score, the same
 * gradients of U and V (stack slice l of [L, D, M] against block l's [D, M]) and the same
 * weights after 5 Sgd {@code fit()} steps. Tolerance: 1e-13 relative (Frobenius norm of the
 * difference over the norm of the unfused value); the two paths run the same GEMMs, so the
 * results are expected to be bitwise equal (measured: they are, on nd4j-native/OpenBLAS). Cases: tanh and identity, L = 1, M = 1.
 */
class StackEqualsBlocksTest {
    private static final double TOL = 1e-13;
    private static final int STEPS = 5;
    private static final int N = 7;

    static Stream<Arguments> cases() {
        // dIn, dOut, D, L, M, alpha, eta, activation
        return Stream.of(
                Arguments.of(5, 3, 8, 4, 3, 1.0, 0.5, Activation.TANH),
                Arguments.of(5, 3, 8, 4, 3, 1.7, 0.1, Activation.IDENTITY),
                Arguments.of(4, 2, 6, 1, 5, 1.0, 0.5, Activation.TANH),
                Arguments.of(4, 2, 6, 1, 5, 1.0, 0.1, Activation.IDENTITY),
                Arguments.of(3, 4, 7, 6, 1, 1.0, 0.5, Activation.TANH),
                Arguments.of(3, 4, 7, 6, 1, 0.8, 0.1, Activation.IDENTITY),
                Arguments.of(2, 2, 5, 1, 1, 1.0, 0.5, Activation.TANH));
    }

    @ParameterizedTest(name = "dIn={0} dOut={1} D={2} L={3} M={4} alpha={5} eta={6} {7}")
    @MethodSource("cases")
    void fusedAndUnfusedAgree(int dIn, int dOut, int d, int depth, int width, double alpha, double eta, Activation act) {
        MeanOdeResNet.Builder spec = MeanOdeResNet.builder().nIn(dIn).nOut(dOut).embeddingDim(d).depth(depth)
                .width(width).alpha(alpha).activation(act).learningRate(eta).dataType(DataType.DOUBLE);
        MultiLayerNetwork fused = spec.fused(true).seed(5).build().multiLayerNetwork();
        MultiLayerNetwork blocks = spec.fused(false).seed(6).build().multiLayerNetwork();
        ResNetWeights.readFrom(fused).writeTo(blocks);
        assertSameWeights(fused, blocks, "after the copy");

        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(21, N, dIn)), Arrays2.nd(Arrays2.gaussian(22, N, dOut)));
        assertClose(fused.output(ds.getFeatures()), blocks.output(ds.getFeatures()), "outputs at init");

        for (MultiLayerNetwork net : new MultiLayerNetwork[] {fused, blocks}) {
            net.setInput(ds.getFeatures());
            net.setLabels(ds.getLabels());
            net.computeGradientAndScore();
        }
        assertEquals(blocks.score(), fused.score(), TOL * Math.abs(blocks.score()), "score at init");
        for (String key : new String[] {ScaledResidualParams.U_KEY, ScaledResidualParams.V_KEY}) {
            double[] stack = flat(fused.gradient(), "1_" + key);
            double[] perBlock = new double[stack.length];
            int blockSize = d * width;
            assertEquals(depth * blockSize, stack.length, "stack gradient of " + key + " is [L, D, M]");
            for (int l = 0; l < depth; l++) {
                double[] g = flat(blocks.gradient(), (1 + l) + "_" + key);
                assertEquals(blockSize, g.length, "block " + l + " gradient of " + key + " is [D, M]");
                System.arraycopy(g, 0, perBlock, l * blockSize, blockSize);
            }
            double err = relError(stack, perBlock);
            assertTrue(err <= TOL, "gradient of " + key + ": stack slices vs blocks, rel. error " + err);
        }

        INDArray u0 = ResNetWeights.readFrom(fused).getU();
        for (int k = 0; k < STEPS; k++) {
            fused.fit(ds);
            blocks.fit(ds);
            assertEquals(blocks.score(), fused.score(), TOL * Math.abs(blocks.score()), "score before step " + k);
        }
        double moved = Arrays2.relError(ResNetWeights.readFrom(fused).getU(), u0);
        assertTrue(moved > 1e-4, "training must move U for the comparison to mean something; moved " + moved);
        assertSameWeights(fused, blocks, "after " + STEPS + " Sgd steps");
        assertClose(fused.output(ds.getFeatures()), blocks.output(ds.getFeatures()), "outputs after " + STEPS + " steps");
    }

    private static void assertSameWeights(MultiLayerNetwork fused, MultiLayerNetwork blocks, String when) {
        ResNetWeights a = ResNetWeights.readFrom(fused);
        ResNetWeights b = ResNetWeights.readFrom(blocks);
        assertClose(a.getU(), b.getU(), "U " + when);
        assertClose(a.getV(), b.getV(), "V " + when);
        assertClose(a.getEmbedding(), b.getEmbedding(), "W_E " + when);
        assertClose(a.getReadout(), b.getReadout(), "W_U " + when);
    }

    private static void assertClose(INDArray fused, INDArray blocks, String what) {
        double err = Arrays2.relError(fused, blocks);
        assertTrue(err <= TOL, what + ": fused vs unfused rel. error " + err);
    }

    /** @return the gradient of one parameter, flattened in c order (a copy: no view of the flat gradient) */
    private static double[] flat(Gradient g, String key) {
        INDArray a = g.getGradientFor(key);
        assertTrue(a != null, "no gradient for " + key + " in " + g.gradientForVariable().keySet());
        INDArray c = a.dup('c');
        return c.reshape(c.length()).toDoubleVector();
    }

    private static double relError(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
