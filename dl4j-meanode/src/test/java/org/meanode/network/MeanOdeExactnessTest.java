package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceMeanOde;
import org.meanode.testutil.ReferenceMeanOde.Method;
import org.meanode.testutil.ReferenceResNet.Act;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The limit layer's exactness contract: with Sgd at base rate η, double precision and a full
 * batch, K fit() calls of a network built by {@link MeanOdeResNet.Builder#limit} reproduce K
 * steps of the limit's training dynamics as written in {@link ReferenceMeanOde} (MODEL.md's
 * per-unit update with the adjoint Runge–Kutta scheme, independent plain Java): losses, outputs
 * and every stage's units agree to 1e-9 relative, for every solver, shared and fresh nodes,
 * MultiLayerNetwork and ComputationGraph.
 */
class MeanOdeExactnessTest {
    private static final int K = 15;
    private static final double TOL = 1e-9;

    static Stream<Arguments> cases() {
        // method, shared, act, alpha, eta, graph
        return Stream.of(
                Arguments.of(Method.EULER, true, Act.TANH, 1.0, 0.5, false),
                Arguments.of(Method.EULER, false, Act.TANH, 1.0, 0.5, true),
                Arguments.of(Method.HEUN, true, Act.TANH, 1.0, 0.5, false),
                Arguments.of(Method.HEUN, false, Act.IDENTITY, 2.0, 0.05, false),
                Arguments.of(Method.RK3, true, Act.TANH, 1.0, 0.5, true),
                Arguments.of(Method.RK3, false, Act.TANH, 0.5, 0.1, false),
                Arguments.of(Method.RK4, true, Act.TANH, 1.0, 0.5, false),
                Arguments.of(Method.RK4, true, Act.IDENTITY, 2.5, 0.05, true),
                Arguments.of(Method.RK4, false, Act.TANH, 1.0, 0.5, false));
    }

    @ParameterizedTest(name = "{0} shared={1} {2} alpha={3} eta={4} graph={5}")
    @MethodSource("cases")
    void fitReproducesLimitDynamics(Method method, boolean shared, Act act, double alpha, double eta, boolean graph) {
        int dIn = 4;
        int dOut = 3;
        int d = 6;
        int steps = 3;
        int nodes = 4;
        int n = 8;
        double sigma = Math.sqrt(d);
        ReferenceMeanOde ref = new ReferenceMeanOde(dIn, dOut, d, steps, nodes, alpha, sigma, sigma, method, act, shared, 5);
        double[][] x = Arrays2.gaussian(1, n, dIn);
        double[][] y = Arrays2.gaussian(2, n, dOut);

        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(dIn).nOut(dOut).embeddingDim(d)
                .limit(nodes, steps, OdeSolver.valueOf(method.name()), NodeScheme.IID, !shared).alpha(alpha)
                .activation(act == Act.TANH ? Activation.TANH : Activation.IDENTITY).learningRate(eta)
                .dataType(DataType.DOUBLE).seed(3).build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        writeReference(ref, net);
        DataSet ds = new DataSet(Arrays2.nd(x), Arrays2.nd(y));

        assertTrue(Arrays2.relError(ExactnessContractTest.output(net, ds.getFeatures()), ref.forward(x)) < TOL,
                "initial outputs");
        for (int k = 0; k < K; k++) {
            double refLoss = ref.step(x, y, eta);
            ExactnessContractTest.fit(net, ds);
            assertTrue(Double.isFinite(refLoss), "reference diverged at step " + k + ": pick a smaller eta");
            assertEquals(refLoss, net.score(), TOL * Math.abs(refLoss), "loss before step " + k);
        }
        double outErr = Arrays2.relError(ExactnessContractTest.output(net, ds.getFeatures()), ref.forward(x));
        assertTrue(outErr < TOL, "outputs after " + K + " steps: rel. error " + outErr);
        MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(net);
        for (int i = 0; i < method.stages(); i++) {
            double uErr = Arrays2.relError(layer.getU(i), ref.uDps(i));
            double vErr = Arrays2.relError(layer.getV(i), ref.vDps(i));
            assertTrue(uErr < TOL, "U" + i + " after " + K + " steps: rel. error " + uErr);
            assertTrue(vErr < TOL, "V" + i + " after " + K + " steps: rel. error " + vErr);
        }
        EmbeddingReadoutWeights outer = EmbeddingReadoutWeights.readFrom(net);
        assertEquals(0.0, Arrays2.relError(outer.getEmbedding(), ref.wE), "frozen W_E moved");
        assertEquals(0.0, Arrays2.relError(outer.getReadout(), ref.wU), "frozen W_U moved");
    }

    /** Copies the reference's W_E, W_U and units into a limit network. */
    static void writeReference(ReferenceMeanOde ref, Model net) {
        new EmbeddingReadoutWeights(Arrays2.nd(ref.wE), Arrays2.nd(ref.wU)).writeTo(net);
        MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(net);
        for (int i = 0; i < ref.method.stages(); i++) {
            layer.setU(i, Arrays2.nd(ref.uDps(i)));
            layer.setV(i, Arrays2.nd(ref.vDps(i)));
        }
    }
}
