package org.meanode.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.network.MeanOdeResNet;
import org.meanode.testutil.Arrays2;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The node schemes: reproducible under a seed and distinct across seeds and streams;
 * IID moments within sampling error; ANTITHETIC pairs (u, v) with (u, −v), so that a shared
 * antithetic MeanOdeLayer is exactly the identity at initialisation; SOBOL is a scrambled net
 * (for P = 2^m every coordinate has exactly one node in each of the P equal-probability bins of
 * its Gaussian, checked with commons-math's normal CDF, independent of the quantile used to make
 * the nodes), and its node mean is far closer to 0 than IID's. Shared and fresh nodes are laid
 * out in the layer as documented.
 */
class QuadratureNodesTest {
    private static final NormalDistribution PHI = new NormalDistribution(null, 0, 1);

    @ParameterizedTest
    @EnumSource(NodeScheme.class)
    void seededDrawsAreReproducibleAndStreamsDiffer(NodeScheme scheme) {
        QuadratureNodes.Nodes a = QuadratureNodes.draw(scheme, 5, 8, 1.0, 2.0, 7L, 0, DataType.DOUBLE);
        QuadratureNodes.Nodes b = QuadratureNodes.draw(scheme, 5, 8, 1.0, 2.0, 7L, 0, DataType.DOUBLE);
        QuadratureNodes.Nodes c = QuadratureNodes.draw(scheme, 5, 8, 1.0, 2.0, 7L, 1, DataType.DOUBLE);
        QuadratureNodes.Nodes e = QuadratureNodes.draw(scheme, 5, 8, 1.0, 2.0, 8L, 0, DataType.DOUBLE);
        assertEquals(a.u(), b.u());
        assertEquals(a.v(), b.v());
        assertFalse(a.u().equals(c.u()), "stream 1 repeats stream 0");
        assertFalse(a.u().equals(e.u()), "seed 8 repeats seed 7");
        assertArrayEquals(new long[] {5, 8}, a.u().shape());
    }

    @Test
    void iidMomentsMatchTheLaw() {
        QuadratureNodes.Nodes n = QuadratureNodes.draw(NodeScheme.IID, 8, 4096, 3.0, 0.5, 1L, 0, DataType.DOUBLE);
        // 32768 draws: std of the sample std ≈ σ/√(2·32768) ≈ 0.4 %; 3 % is > 7 standard errors.
        assertEquals(3.0, n.u().stdNumber().doubleValue(), 0.03 * 3.0);
        assertEquals(0.5, n.v().stdNumber().doubleValue(), 0.03 * 0.5);
        assertEquals(0.0, n.u().meanNumber().doubleValue(), 0.1);
    }

    @Test
    void antitheticNodesPairVWithMinusV() {
        QuadratureNodes.Nodes n = QuadratureNodes.draw(NodeScheme.ANTITHETIC, 6, 10, 1.0, 1.0, 3L, 0, DataType.DOUBLE);
        INDArray u1 = n.u().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5));
        INDArray u2 = n.u().get(NDArrayIndex.all(), NDArrayIndex.interval(5, 10));
        INDArray v1 = n.v().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5));
        INDArray v2 = n.v().get(NDArrayIndex.all(), NDArrayIndex.interval(5, 10));
        assertEquals(u1, u2);
        assertEquals(v1, v2.neg());
        assertTrue(v1.norm2Number().doubleValue() > 1, "v's are not degenerate");
    }

    /** With shared antithetic nodes, Σ_p v_p σ(u_pᵀh/D) = 0 at init for every h: h(1) = h(0). */
    @Test
    void sharedAntitheticLayerIsTheIdentityAtInit() {
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6)
                .limit(8, 3, OdeSolver.RK4, NodeScheme.ANTITHETIC).activation(Activation.TANH)
                .dataType(DataType.DOUBLE).seed(4).build().multiLayerNetwork();
        INDArray h0 = Arrays2.nd(Arrays2.gaussian(5, 7, 6)).mul(3);
        INDArray h1 = EmbeddingReadoutWeights.limitLayer(net).activate(h0, false,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertTrue(Arrays2.relError(h1, h0) < 1e-14, "antithetic layer moved h at init by " + Arrays2.relError(h1, h0));
        MultiLayerNetwork iid = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6)
                .limit(8, 3, OdeSolver.RK4, NodeScheme.IID).dataType(DataType.DOUBLE).seed(4).build().multiLayerNetwork();
        INDArray h1iid = EmbeddingReadoutWeights.limitLayer(iid).activate(h0, false,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertTrue(Arrays2.relError(h1iid, h0) > 1e-3, "control: IID nodes move h at init");
    }

    @Test
    void sobolNodesAreStratifiedInEveryCoordinate() {
        int p = 256;
        int d = 7;
        double su = 2.0;
        double sv = 0.3;
        QuadratureNodes.Nodes n = QuadratureNodes.draw(NodeScheme.SOBOL, d, p, su, sv, 11L, 0, DataType.DOUBLE);
        double[][] u = n.u().toDoubleMatrix();
        double[][] v = n.v().toDoubleMatrix();
        for (int i = 0; i < d; i++) {
            assertOnePerBin(u[i], su, "u coordinate " + i);
            assertOnePerBin(v[i], sv, "v coordinate " + i);
        }
        QuadratureNodes.Nodes iid = QuadratureNodes.draw(NodeScheme.IID, d, p, su, sv, 11L, 0, DataType.DOUBLE);
        double[][] w = iid.u().toDoubleMatrix();
        boolean iidStratified = true;
        for (int i = 0; i < d && iidStratified; i++) {
            iidStratified = onePerBin(w[i], su);
        }
        assertFalse(iidStratified, "control: IID nodes are not stratified");
        double sobolMean = n.u().mean(1).norm2Number().doubleValue();
        double iidMean = iid.u().mean(1).norm2Number().doubleValue();
        assertTrue(sobolMean < iidMean / 10, "Sobol node mean " + sobolMean + " is not far below IID's " + iidMean);
    }

    private static void assertOnePerBin(double[] z, double sigma, String what) {
        assertTrue(onePerBin(z, sigma), what + ": not one node per equal-probability bin");
    }

    private static boolean onePerBin(double[] z, double sigma) {
        boolean[] seen = new boolean[z.length];
        for (double x : z) {
            int bin = (int) Math.floor(PHI.cumulativeProbability(x / sigma) * z.length);
            if (bin < 0 || bin >= z.length || seen[bin]) {
                return false;
            }
            seen[bin] = true;
        }
        return true;
    }

    /** Checked against erfc, which is accurate in the tails and independent of the erfInv used. */
    @Test
    void gaussianQuantileInvertsTheNormalCdf() {
        double worst = 0;
        for (double q : new double[] {0x1p-53, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.6, 0.9, 0.999,
                1 - 1e-9, 1 - 0x1p-53}) {
            double z = QuadratureNodes.gaussianQuantile(q);
            double tail = 0.5 * Erf.erfc(Math.abs(z) / Math.sqrt(2)); // Φ(−|z|)
            worst = Math.max(worst, Math.abs(tail - Math.min(q, 1 - q)) / Math.min(q, 1 - q));
        }
        assertTrue(worst < 1e-12, "relative error of Φ(Φ⁻¹(q)) in the smaller tail: " + worst);
        assertEquals(0.0, QuadratureNodes.gaussianQuantile(0.5), 0.0);
        assertEquals(-QuadratureNodes.gaussianQuantile(0.2), QuadratureNodes.gaussianQuantile(0.8), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(NodeScheme.class)
    void sharedNodesRepeatAcrossDepthFreshNodesDoNot(NodeScheme scheme) {
        for (boolean fresh : new boolean[] {false, true}) {
            MultiLayerNetwork net = MeanOdeResNet.builder().nIn(2).nOut(2).embeddingDim(3)
                    .limit(4, 3, OdeSolver.HEUN, scheme, fresh).dataType(DataType.DOUBLE).seed(6).build()
                    .multiLayerNetwork();
            MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(net);
            INDArray first = layer.getU(0).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0));
            int same = 0;
            for (int stage = 0; stage < 2; stage++) {
                for (int n = 0; n < 3; n++) {
                    INDArray un = layer.getU(stage).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(n));
                    same += un.equals(first) ? 1 : 0;
                }
            }
            assertEquals(fresh ? 1 : 6, same, scheme + " fresh=" + fresh + ": slices equal to step 0, stage 0");
        }
    }
}
