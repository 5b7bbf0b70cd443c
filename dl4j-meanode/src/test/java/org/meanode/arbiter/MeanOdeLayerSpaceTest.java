package org.meanode.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanode.arbiter.MeanOdeResNetSpaceTest.expectMessage;

import java.util.List;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.params.MeanOdeParams;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * {@link MeanOdeLayerSpace}: every corner and the centre of the unit hypercube over
 * (P, S, solver, node scheme, α) build and initialise a network holding the limit layer, with
 * the layer's rate rule S·P·D/(2α²·b_0) on stage 0 (b_0 = 1 for Euler, 1/6 for RK4, written out
 * here); JSON round trip; invalid ranges and combinations the layer rejects fail when built.
 */
class MeanOdeLayerSpaceTest {

    @Test
    void everyCornerAndTheCentreBuildTheLimitLayerWithItsRateRule() {
        MeanOdeLayerSpace limit = new MeanOdeLayerSpace.Builder().embeddingDim(4)
                .nodes(2, 32).steps(1, 9).solvers(OdeSolver.EULER, OdeSolver.RK4)
                .nodeSchemes(NodeScheme.IID, NodeScheme.SOBOL).alpha(0.5, 2).seed(3).build();
        MultiLayerSpace space = new MultiLayerSpace.Builder().updater(new Sgd(0.1)).addLayer(limit)
                .setInputType(InputType.feedForward(4)).build();
        new RandomSearchGenerator(space, null);
        int n = space.numParameters();
        assertEquals(5, n, "P, S, solver, node scheme, alpha");
        for (int mask = 0; mask <= (1 << n); mask++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = mask == (1 << n) ? 0.5 : (mask >> i) & 1;
            }
            MeanOdeLayer l = (MeanOdeLayer) space.getValue(x).getMultiLayerConfiguration().getConf(0).getLayer();
            assertEquals(4L, l.getEmbeddingDim());
            assertTrue(List.of(2, 8, 32).contains(l.getNodes()), "P " + l.getNodes());
            assertTrue(List.of(1, 3, 9).contains(l.getSteps()), "S " + l.getSteps());
            assertTrue(List.of(0.5, 1.0, 2.0).stream().anyMatch(a -> Math.abs(a - l.getAlpha()) < 1e-12), "alpha " + l.getAlpha());
            MultiLayerNetwork net = new MultiLayerNetwork(space.getValue(x).getMultiLayerConfiguration());
            net.init();
            double b0 = l.getSolver() == OdeSolver.EULER ? 1.0 : 1.0 / 6;
            double expected = 0.1 * l.getSteps() * l.getNodes() * 4 / (2 * l.getAlpha() * l.getAlpha() * b0);
            assertEquals(expected, ((Sgd) l.getUpdaterByParam(MeanOdeParams.uKey(0))).getLearningRate(), 1e-9 * expected);
            assertEquals(2L * l.getSteps() * l.stages() * 4 * l.getNodes(), net.numParams(), "U_i, V_i: [S, D, P] per stage");
        }
    }

    @Test
    void jsonRoundTrip() {
        MeanOdeLayerSpace limit = new MeanOdeLayerSpace.Builder().embeddingDim(4).nodes(new DiscreteParameterSpace<>(2, 8, 32)).steps(1, 8)
                .solvers(OdeSolver.HEUN, OdeSolver.RK3).nodeSchemes(NodeScheme.ANTITHETIC).sigmaV(1, 4).freshNodes(true)
                .seed(9).build();
        MeanOdeLayerSpace back = MeanOdeLayerSpace.fromJson(limit.toJson());
        assertEquals(limit, back);
        new RandomSearchGenerator(limit, null);
        new RandomSearchGenerator(back, null);
        for (double[] x : new double[][] {{0.2, 0.6, 0.9, 0.3}, {0.9, 0.1, 0.2, 0.8}}) {
            MeanOdeLayer a = limit.getValue(x);
            assertEquals(a, back.getValue(x));
            assertTrue(a.getSolver() == OdeSolver.HEUN || a.getSolver() == OdeSolver.RK3);
        }
    }

    @Test
    void invalidSpacesFailWhenBuiltNamingTheField() {
        expectMessage(() -> new MeanOdeLayerSpace.Builder().embeddingDim(4).nodes(0, 8).steps(2).build(),
                "MeanOdeLayerSpace.Builder.nodes = [0, 8]", "P must be ≥ 1");
        expectMessage(() -> new MeanOdeLayerSpace.Builder().embeddingDim(4).nodes(8).steps(5, 2).build(),
                "MeanOdeLayerSpace.Builder.steps = [5, 2]", "empty");
        expectMessage(() -> new MeanOdeLayerSpace.Builder().embeddingDim(4).nodes(8).build(), "MeanOdeLayerSpace.steps is not set");
        expectMessage(() -> new MeanOdeLayerSpace.Builder().embeddingDim(4).nodes(new DiscreteParameterSpace<>(3, 4)).steps(2)
                .nodeSchemes(NodeScheme.IID, NodeScheme.ANTITHETIC).build(), "ANTITHETIC, D = 4, P = 3", "odd");
        expectMessage(() -> new MeanOdeLayerSpace.Builder().embeddingDim(4).nodes(4).steps(2)
                .solver(new DiscreteParameterSpace<>(OdeSolver.EULER, OdeSolver.RK4)).build(), "MeanOdeLayerSpace.solver", "EnumSpace");
    }
}
