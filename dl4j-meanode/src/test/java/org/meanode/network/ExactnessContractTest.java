package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.KernelMode;
import org.meanode.layers.DirectBlas;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceResNet;
import org.meanode.testutil.ReferenceResNet.Act;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The exactness contract: with Sgd at base rate η, double precision and full batch, K fit()
 * calls reproduce K reference GD steps of MODEL.md (independent plain-Java loops in
 * {@link ReferenceResNet}); losses, outputs and weights agree to 1e-9 relative. Every case runs
 * with both kernels, {@link KernelMode#DIRECT_BLAS} (direct BLAS calls and Java element-wise
 * loops, the default on the CPU backend) and {@link KernelMode#ND4J_OPS}, and the stack also with
 * checkpointing (k = 1, a k that divides L, one that does not, k = L). DIRECT_BLAS cases are
 * skipped, not failed, on a backend without it (e.g. nd4j-cuda).
 */
class ExactnessContractTest {
    private static final int K = 15;
    private static final double TOL = 1e-9;

    static Stream<Arguments> cases() {
        // dIn, dOut, D, L, M, alpha, eta, act, fused, graph
        List<Object[]> base = List.of(
                new Object[] {5, 5, 8, 4, 3, 1.0, 1.0, Act.TANH, true, false},
                new Object[] {5, 5, 8, 4, 3, 1.0, 1.0, Act.TANH, false, false},
                new Object[] {5, 5, 8, 4, 3, 1.0, 1.0, Act.TANH, true, true},
                new Object[] {3, 2, 6, 7, 1, 1.0, 0.5, Act.TANH, true, false},
                new Object[] {3, 2, 6, 7, 1, 1.0, 0.5, Act.TANH, false, true},
                new Object[] {4, 3, 5, 3, 4, 2.5, 0.05, Act.IDENTITY, true, false},
                new Object[] {4, 3, 5, 3, 4, 2.5, 0.05, Act.IDENTITY, false, false},
                new Object[] {5, 5, 10, 12, 6, 0.3, 0.2, Act.TANH, true, true},
                new Object[] {2, 4, 7, 2, 9, 4.0, 0.1, Act.IDENTITY, true, true});
        List<Arguments> out = new ArrayList<>();
        for (KernelMode mode : new KernelMode[] {KernelMode.DIRECT_BLAS, KernelMode.ND4J_OPS}) {
            for (Object[] c : base) {
                out.add(Arguments.of(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], mode, 0));
            }
            // checkpointing: L = 12 with k = 1, 3 (divides L), 5 (last segment shorter), 12 (one segment)
            for (int k : new int[] {1, 3, 5, 12}) {
                out.add(Arguments.of(5, 5, 10, 12, 6, 0.3, 0.2, Act.TANH, true, k % 2 == 1, mode, k));
            }
            out.add(Arguments.of(2, 4, 7, 7, 3, 1.5, 0.05, Act.IDENTITY, true, false, mode, 3));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "dIn={0} dOut={1} D={2} L={3} M={4} alpha={5} eta={6} {7} fused={8} graph={9} {10} k={11}")
    @MethodSource("cases")
    void fitReproducesReferenceSteps(int dIn, int dOut, int d, int depth, int width, double alpha, double eta, Act act,
                                     boolean fused, boolean graph, KernelMode mode, int checkpointInterval) {
        assumeTrue(mode != KernelMode.DIRECT_BLAS || DirectBlas.isAvailable(DataType.DOUBLE),
                () -> "direct BLAS unavailable: " + DirectBlas.unavailableReason(DataType.DOUBLE));
        int n = 10;
        double sigma = Math.sqrt(d);
        ReferenceResNet ref = new ReferenceResNet(dIn, dOut, d, depth, width, alpha, sigma, sigma, act, 11);
        double[][] x = Arrays2.gaussian(1, n, dIn);
        double[][] y = Arrays2.gaussian(2, n, dOut);

        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(dIn).nOut(dOut).embeddingDim(d).depth(depth).width(width)
                .alpha(alpha).activation(act == Act.TANH ? Activation.TANH : Activation.IDENTITY).learningRate(eta)
                .fused(fused).kernelMode(mode).checkpointInterval(checkpointInterval).dataType(DataType.DOUBLE).seed(3)
                .build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        new ResNetWeights(Arrays2.nd(ref.wE), Arrays2.nd(ref.uDml()), Arrays2.nd(ref.vDml()), Arrays2.nd(ref.wU))
                .writeTo(net);
        DataSet ds = new DataSet(Arrays2.nd(x), Arrays2.nd(y));

        assertTrue(Arrays2.relError(output(net, ds.getFeatures()), ref.forward(x)) < TOL, "initial outputs");
        for (int k = 0; k < K; k++) {
            double refLoss = ref.step(x, y, eta);
            fit(net, ds);
            double loss = net.score();
            assertTrue(Double.isFinite(refLoss), "reference diverged at step " + k + ": pick a smaller eta");
            assertEquals(refLoss, loss, TOL * Math.abs(refLoss), "loss before step " + k);
        }
        double outErr = Arrays2.relError(output(net, ds.getFeatures()), ref.forward(x));
        ResNetWeights w = ResNetWeights.readFrom(net);
        double uErr = Arrays2.relError(w.getU(), ref.uDml());
        double vErr = Arrays2.relError(w.getV(), ref.vDml());
        assertTrue(outErr < TOL, "outputs after " + K + " steps: rel. error " + outErr);
        assertTrue(uErr < TOL, "U after " + K + " steps: rel. error " + uErr);
        assertTrue(vErr < TOL, "V after " + K + " steps: rel. error " + vErr);
        assertTrue(Arrays2.relError(w.getEmbedding(), ref.wE) == 0.0, "frozen W_E moved");
        assertTrue(Arrays2.relError(w.getReadout(), ref.wU) == 0.0, "frozen W_U moved");
    }

    static INDArray output(Model net, INDArray x) {
        return net instanceof ComputationGraph g ? g.outputSingle(x) : ((MultiLayerNetwork) net).output(x);
    }

    static void fit(Model net, DataSet ds) {
        if (net instanceof ComputationGraph g) {
            g.fit(ds);
        } else {
            ((MultiLayerNetwork) net).fit(ds);
        }
    }
}
