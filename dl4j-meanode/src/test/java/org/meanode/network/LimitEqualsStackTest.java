package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.KernelMode;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceResNet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The finite ResNet is the special case "forward Euler with step 1/L and fresh random units at
 * every step" of the limit (MODEL.md). A network built with
 * {@code limit(M, L, EULER, IID, freshNodes = true)} and one built with {@code depth(L).width(M)}:
 * <ul>
 *   <li>given the same weights (written from an independent {@link ReferenceResNet}: U, V into
 *       the stack and into the limit layer's stage 0), have the same outputs, score and
 *       gradients, and the same weights after {@value #STEPS} Sgd steps;</li>
 *   <li>built with the same seed, start from the same weights (fresh IID nodes are drawn as the
 *       stack draws U and V).</li>
 * </ul>
 * Double precision. Asserted exactly (difference 0): both layers run the same GEMM sequence with
 * the same multipliers, and DL4J gives both parameters the same rate S·P·D/(2α²·b_0) =
 * L·M·D/(2α²). Both run on the same kernel (the default, direct BLAS on the CPU backend): the
 * limit layer's Euler step is the stack's block. (Before the layers shared one kernel the limit
 * layer ran ND4J operations and the stack had to be pinned to {@link KernelMode#ND4J_OPS}, because
 * ND4J's gemm takes another route for some products with a dimension of size 1.)
 * MultiLayerNetwork and ComputationGraph; tanh and identity; L = 1 and M = 1.
 */
class LimitEqualsStackTest {
    private static final int STEPS = 5;
    private static final int N = 9;

    static Stream<Arguments> cases() {
        // dIn, dOut, D, L, M, alpha, eta, activation, graph
        return Stream.of(
                Arguments.of(5, 3, 8, 6, 4, 1.0, 0.5, Activation.TANH, false),
                Arguments.of(5, 3, 8, 6, 4, 1.0, 0.5, Activation.TANH, true),
                Arguments.of(4, 2, 6, 3, 5, 2.0, 0.1, Activation.IDENTITY, false),
                Arguments.of(3, 4, 7, 1, 3, 1.0, 0.5, Activation.TANH, true),
                Arguments.of(3, 4, 7, 5, 1, 0.7, 0.3, Activation.TANH, false));
    }

    @ParameterizedTest(name = "dIn={0} dOut={1} D={2} L={3} M={4} alpha={5} eta={6} {7} graph={8}")
    @MethodSource("cases")
    void eulerWithFreshNodesIsTheStack(int dIn, int dOut, int d, int depth, int width, double alpha, double eta,
                                       Activation act, boolean graph) {
        MeanOdeResNet.Builder base = MeanOdeResNet.builder().nIn(dIn).nOut(dOut).embeddingDim(d).alpha(alpha)
                .activation(act).learningRate(eta).dataType(DataType.DOUBLE);
        Model stack = build(base.depth(depth).width(width).seed(1).build(), graph);
        Model limit = build(MeanOdeResNet.builder().nIn(dIn).nOut(dOut).embeddingDim(d).alpha(alpha).activation(act)
                .learningRate(eta).dataType(DataType.DOUBLE).limit(width, depth, OdeSolver.EULER, NodeScheme.IID, true)
                .seed(2).build(), graph);
        double sigma = Math.sqrt(d);
        ReferenceResNet ref = new ReferenceResNet(dIn, dOut, d, depth, width, alpha, sigma, sigma,
                act == Activation.TANH ? ReferenceResNet.Act.TANH : ReferenceResNet.Act.IDENTITY, 7);
        INDArray u = Arrays2.nd(ref.uDml());
        INDArray v = Arrays2.nd(ref.vDml());
        new ResNetWeights(Arrays2.nd(ref.wE), u, v, Arrays2.nd(ref.wU)).writeTo(stack);
        new EmbeddingReadoutWeights(Arrays2.nd(ref.wE), Arrays2.nd(ref.wU)).writeTo(limit);
        MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(limit);
        layer.setU(0, u);
        layer.setV(0, v);
        assertArrayEquals(params(stack), params(limit), "same weights in the same flat layout");

        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(31, N, dIn)), Arrays2.nd(Arrays2.gaussian(32, N, dOut)));
        assertArrayEquals(out(stack, ds), out(limit, ds), "outputs at init");
        for (Model net : new Model[] {stack, limit}) {
            gradientAndScore(net, ds);
        }
        assertEquals(stack.score(), limit.score(), "score at init");
        assertArrayEquals(stack.gradient().gradient().toDoubleVector(), limit.gradient().gradient().toDoubleVector(),
                "gradients (flat: embedding, U|U0, V|V0, readout)");

        double[] before = params(limit);
        for (int k = 0; k < STEPS; k++) {
            ExactnessContractTest.fit(stack, ds);
            ExactnessContractTest.fit(limit, ds);
            assertEquals(stack.score(), limit.score(), "score before step " + k);
        }
        assertTrue(Arrays2.relError(Arrays2.nd(new double[][] {params(limit)}), Arrays2.nd(new double[][] {before})) > 1e-4,
                "training must move the weights for the comparison to mean something");
        assertArrayEquals(params(stack), params(limit), "weights after " + STEPS + " Sgd steps");
        assertArrayEquals(out(stack, ds), out(limit, ds), "outputs after " + STEPS + " steps");
    }

    @ParameterizedTest(name = "same seed, graph={0}")
    @MethodSource("graphs")
    void sameSeedSameInitialWeights(boolean graph) {
        MeanOdeResNet stack = MeanOdeResNet.builder().nIn(4).nOut(3).embeddingDim(6).depth(5).width(3)
                .dataType(DataType.DOUBLE).seed(42).build();
        MeanOdeResNet limit = MeanOdeResNet.builder().nIn(4).nOut(3).embeddingDim(6)
                .limit(3, 5, OdeSolver.EULER, NodeScheme.IID, true).dataType(DataType.DOUBLE).seed(42).build();
        assertArrayEquals(params(build(stack, graph)), params(build(limit, graph)));
        assertEquals(stack.unitEvaluationsPerForward(), limit.unitEvaluationsPerForward());
        assertEquals(stack.flopsPerStep(10), limit.flopsPerStep(10));
    }

    static Stream<Boolean> graphs() {
        return Stream.of(false, true);
    }

    private static Model build(MeanOdeResNet spec, boolean graph) {
        return graph ? spec.computationGraph() : spec.multiLayerNetwork();
    }

    private static double[] params(Model net) {
        return net.params().dup().toDoubleVector();
    }

    private static double[] out(Model net, DataSet ds) {
        return ExactnessContractTest.output(net, ds.getFeatures()).dup('c').data().asDouble();
    }

    private static void gradientAndScore(Model net, DataSet ds) {
        if (net instanceof ComputationGraph g) {
            g.setInputs(ds.getFeatures());
            g.setLabels(ds.getLabels());
            g.computeGradientAndScore();
        } else {
            MultiLayerNetwork m = (MultiLayerNetwork) net;
            m.setInput(ds.getFeatures());
            m.setLabels(ds.getLabels());
            m.computeGradientAndScore();
        }
    }
}
