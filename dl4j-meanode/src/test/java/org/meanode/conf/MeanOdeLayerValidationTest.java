package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.params.MeanOdeParams;
import org.meanode.scaling.LearningRateRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Bad input to {@link MeanOdeLayer.Builder} and {@link MeanOdeResNet.Builder#limit} is rejected
 * with an {@link IllegalArgumentException} whose message names the field, the value seen and the
 * fix; misuse at runtime (wrong input width, a stage that does not exist, ResNetWeights on a limit
 * network, depth of a limit network) gets a clear exception too. Also the layer's derived
 * quantities: defaults, unit evaluations, the per-stage rate multipliers. Substring and exact
 * comparisons.
 */
class MeanOdeLayerValidationTest {

    record Bad(String what, String mustContain, Runnable call) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Bad> badArguments() {
        List<Bad> out = new ArrayList<>();
        for (int v : new int[] {0, -2}) {
            out.add(new Bad("nodes=" + v, "MeanOdeLayer.Builder.nodes = " + v, () -> new MeanOdeLayer.Builder().nodes(v)));
            out.add(new Bad("steps=" + v, "MeanOdeLayer.Builder.steps = " + v, () -> new MeanOdeLayer.Builder().steps(v)));
            out.add(new Bad("embeddingDim=" + v, "MeanOdeLayer.Builder.embeddingDim = " + v,
                    () -> new MeanOdeLayer.Builder().embeddingDim(v)));
            out.add(new Bad("limit nodes=" + v, "MeanOdeResNet.limit.nodes = " + v,
                    () -> MeanOdeResNet.builder().limit(v, 2, OdeSolver.RK4, NodeScheme.IID)));
            out.add(new Bad("limit steps=" + v, "MeanOdeResNet.limit.steps = " + v,
                    () -> MeanOdeResNet.builder().limit(2, v, OdeSolver.RK4, NodeScheme.IID)));
        }
        for (double v : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            out.add(new Bad("alpha=" + v, "MeanOdeLayer.Builder.alpha = " + v, () -> new MeanOdeLayer.Builder().alpha(v)));
            out.add(new Bad("sigmaU=" + v, "MeanOdeLayer.Builder.sigmaU = " + v, () -> new MeanOdeLayer.Builder().sigmaU(v)));
            out.add(new Bad("sigmaV=" + v, "MeanOdeLayer.Builder.sigmaV = " + v, () -> new MeanOdeLayer.Builder().sigmaV(v)));
        }
        out.add(new Bad("null solver", "MeanOdeLayer.Builder.solver is null", () -> new MeanOdeLayer.Builder().solver(null)));
        out.add(new Bad("null scheme", "MeanOdeLayer.Builder.nodeScheme is null",
                () -> new MeanOdeLayer.Builder().nodeScheme(null)));
        out.add(new Bad("limit null solver", "MeanOdeResNet.limit.solver is null",
                () -> MeanOdeResNet.builder().limit(2, 2, null, NodeScheme.IID)));
        out.add(new Bad("missing embeddingDim", "MeanOdeLayer.embeddingDim is not set",
                () -> new MeanOdeLayer.Builder().nodes(4).steps(2).build()));
        out.add(new Bad("missing nodes", "MeanOdeLayer.nodes is not set; call .nodes(P)",
                () -> new MeanOdeLayer.Builder().embeddingDim(4).steps(2).build()));
        out.add(new Bad("missing steps", "MeanOdeLayer.steps is not set; call .steps(S)",
                () -> new MeanOdeLayer.Builder().embeddingDim(4).nodes(2).build()));
        out.add(new Bad("nIn differs", "nIn = 5, nOut = 0 differ from embeddingDim = 4",
                () -> new MeanOdeLayer.Builder().embeddingDim(4).nodes(2).steps(2).nIn(5).build()));
        out.add(new Bad("odd antithetic", "nodes = 5 is odd, but NodeScheme.ANTITHETIC",
                () -> new MeanOdeLayer.Builder().embeddingDim(4).nodes(5).steps(2).nodeScheme(NodeScheme.ANTITHETIC).build()));
        out.add(new Bad("Sobol too wide", "embeddingDim = 501 exceeds 500",
                () -> new MeanOdeLayer.Builder().embeddingDim(501).nodes(4).steps(2).build()));
        out.add(new Bad("limit odd antithetic", "MeanOdeResNet.limit: nodes = 3 is odd",
                () -> MeanOdeResNet.builder().nIn(2).nOut(2).embeddingDim(4)
                        .limit(3, 2, OdeSolver.RK4, NodeScheme.ANTITHETIC).build()));
        out.add(new Bad("limit with depth", "but .depth(4) was also called",
                () -> MeanOdeResNet.builder().nIn(2).nOut(2).embeddingDim(4).depth(4)
                        .limit(3, 2, OdeSolver.RK4, NodeScheme.IID).build()));
        out.add(new Bad("limit unfused", "but .fused(false) was also called",
                () -> MeanOdeResNet.builder().nIn(2).nOut(2).embeddingDim(4).fused(false)
                        .limit(3, 2, OdeSolver.RK4, NodeScheme.IID).build()));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgumentIsRejectedWithAClearMessage(Bad bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.call()::run, bad.what());
        assertTrue(e.getMessage().contains(bad.mustContain()), "message '" + e.getMessage() + "' lacks '"
                + bad.mustContain() + "'");
    }

    @Test
    void defaultsAndDerivedQuantities() {
        MeanOdeLayer l = new MeanOdeLayer.Builder().embeddingDim(16).nodes(32).steps(5).build();
        assertEquals(OdeSolver.RK4, l.getSolver());
        assertEquals(NodeScheme.SOBOL, l.getNodeScheme());
        assertEquals(false, l.isFreshNodes());
        assertEquals(1.0, l.getAlpha());
        assertEquals(4.0, l.getSigmaU());
        assertEquals(4.0, l.getSigmaV());
        assertEquals("tanh", l.getActivation().toString());
        assertEquals(5L * 4 * 32, l.unitEvaluationsPerForward());
        assertEquals(1.0 / 3 / (5.0 * 32), l.stageMultiplier(1), 1e-18);
        org.deeplearning4j.nn.conf.memory.LayerMemoryReport report = l.getMemoryReport(
                org.deeplearning4j.nn.conf.inputs.InputType.feedForward(16));
        assertEquals(2L * 4 * 5 * 16 * 32, report.getParameterSize(), "params: 2 · stages · S · D · P");
        assertEquals(2L * 4 * 5 * 16 * 32, l.initializer().numParams(l));
    }

    /** Sgd: S·P·D/(2α²·b_i) per stage (the stack's rule with (L, M) → (S, P), over b_i); Adam: σ/α. */
    @Test
    void perStageRates() {
        MeanOdeLayer l = new MeanOdeLayer.Builder().embeddingDim(6).nodes(10).steps(3).alpha(2.0).sigmaU(1.5).sigmaV(0.5)
                .build();
        l.setIUpdater(new Sgd(0.1));
        double[] b = {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6};
        for (int i = 0; i < 4; i++) {
            double want = 0.1 * 3 * 10 * 6 / (2 * 4.0 * b[i]);
            assertEquals(want, ((Sgd) l.getUpdaterByParam(MeanOdeParams.uKey(i))).getLearningRate(), 1e-12 * want);
            assertEquals(want, ((Sgd) l.getUpdaterByParam(MeanOdeParams.vKey(i))).getLearningRate(), 1e-12 * want);
            assertEquals(LearningRateRule.residualSgd(3, 10, 6, 2.0) * 0.1 / b[i],
                    ((Sgd) l.getUpdaterByParam(MeanOdeParams.vKey(i))).getLearningRate(), 1e-12 * want);
        }
        l.setIUpdater(new Adam(0.01));
        IUpdater u = l.getUpdaterByParam("U2");
        IUpdater v = l.getUpdaterByParam("V2");
        assertEquals(0.01 * 1.5 / 2.0, ((Adam) u).getLearningRate(), 1e-15);
        assertEquals(0.01 * 0.5 / 2.0, ((Adam) v).getLearningRate(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.getUpdaterByParam("W"));
        assertTrue(e.getMessage().contains("no parameter 'W'"), e.getMessage());
    }

    @Test
    void runtimeMisuseIsReported() {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4)
                .limit(4, 2, OdeSolver.HEUN, NodeScheme.IID).dataType(DataType.DOUBLE).build();
        MultiLayerNetwork net = spec.multiLayerNetwork();
        MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(net);
        IllegalArgumentException stage = assertThrows(IllegalArgumentException.class, () -> layer.getU(2));
        assertTrue(stage.getMessage().contains("stage = 2 is invalid: HEUN has 2 stages"), stage.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> layer.setV(0, Nd4j.zeros(DataType.DOUBLE, 4, 4, 3)));
        assertTrue(shape.getMessage().contains("expected shape [4, 4, 2]"), shape.getMessage());
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class, () -> ResNetWeights.readFrom(net));
        assertTrue(weights.getMessage().contains("use EmbeddingReadoutWeights"), weights.getMessage());
        IllegalStateException depth = assertThrows(IllegalStateException.class, spec::getDepth);
        assertTrue(depth.getMessage().contains("limit network"), depth.getMessage());
        assertEquals(2L * 2 * 4, spec.unitEvaluationsPerForward());
        assertEquals(12.0 * 16 * 4 * 10, spec.flopsPerStep(10));
        DL4JInvalidInputException input = assertThrows(DL4JInvalidInputException.class,
                () -> layer.activate(Nd4j.zeros(DataType.DOUBLE, 2, 5), false,
                        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(input.getMessage().contains("expected input of shape [minibatch, 4]"), input.getMessage());
    }
}
