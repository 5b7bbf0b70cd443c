package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.params.MeanOdeParams;
import org.meanode.scaling.LearningRateRule;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitOps;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * {@link MeanOdeLayer} with a generic {@link UnitFunction} ({@code MeanOdeResNet.unit(φ).limit(..)}):
 * <ul>
 *   <li>forward Euler with fresh IID nodes, S = L and P = M is exactly the generic stack of depth L
 *       and width M with the same unit and seed: same initial draws, outputs, score, gradients and
 *       weights after {@value #STEPS} Sgd steps (difference 0), for the bias and gated units;</li>
 *   <li>without a unit the layer is unchanged (its JSON has no "unit" key, as saved models
 *       written before units existed) and equals the layer given the 2LP unit explicitly;</li>
 *   <li>shared ANTITHETIC nodes make the layer exactly the identity at initialisation for the
 *       bias and gated units (their last block, v, is negated in each pair);</li>
 *   <li>JSON and ModelSerializer round trips (Adam state kept, training continues identically);
 *       per-block rates; clear errors for bad combinations.</li>
 * </ul>
 */
class MeanOdeLayerUnitsTest {
    private static final int STEPS = 5;

    @TempDir
    Path dir;

    static Stream<Arguments> units() {
        return Stream.of(Arguments.of(new TwoLayerBiasUnit(), false), Arguments.of(new GatedUnit(), true),
                Arguments.of(new TwoLayerBiasUnit(Activation.IDENTITY), true));
    }

    @ParameterizedTest(name = "{0} graph={1}")
    @MethodSource("units")
    void eulerWithFreshNodesIsTheGenericStack(UnitFunction unit, boolean graph) {
        MeanOdeResNet.Builder base = MeanOdeResNet.builder().nIn(4).nOut(3).embeddingDim(6).alpha(1.3).unit(unit)
                .learningRate(0.5).dataType(DataType.DOUBLE).seed(8);
        Model stack = build(base.depth(5).width(3).build(), graph);
        Model limit = build(MeanOdeResNet.builder().nIn(4).nOut(3).embeddingDim(6).alpha(1.3).unit(unit)
                .learningRate(0.5).dataType(DataType.DOUBLE).seed(8).limit(3, 5, OdeSolver.EULER, NodeScheme.IID, true)
                .build(), graph);
        assertEquals(stack.params(), limit.params(), "same seed: fresh IID nodes must be drawn as the stack's units");
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(91, 7, 4)), Arrays2.nd(Arrays2.gaussian(92, 7, 3)));
        assertEquals(ExactnessContractTest.output(stack, ds.getFeatures()), ExactnessContractTest.output(limit, ds.getFeatures()));
        for (int k = 0; k < STEPS; k++) {
            ExactnessContractTest.fit(stack, ds);
            ExactnessContractTest.fit(limit, ds);
            assertEquals(stack.score(), limit.score(), 0.0, "score before step " + k);
        }
        assertEquals(stack.params(), limit.params(), "weights after " + STEPS + " Sgd steps");
        ExactnessContractTest.fit(limit, ds);
        assertNotEquals(stack.params(), limit.params(), "control: one more step must change the limit network");
    }

    @Test
    void withoutUnitTheLayerIsTheTwoLayerLimitAsBefore() {
        MeanOdeResNet plain = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).limit(4, 3, OdeSolver.RK4,
                NodeScheme.SOBOL).dataType(DataType.DOUBLE).seed(3).build();
        MultiLayerConfiguration conf = plain.multiLayerConfiguration();
        assertFalse(conf.toJson().contains("\"unit\""), "a layer without unit must serialise as before (no unit key)");
        MeanOdeLayer layer = (MeanOdeLayer) conf.getConf(1).getLayer();
        assertEquals(new TwoLayerUnit(new ActivationTanH(), Math.sqrt(5), Math.sqrt(5)), layer.effectiveUnit());

        MeanOdeResNet explicit = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).limit(4, 3, OdeSolver.RK4,
                NodeScheme.SOBOL).unit(new TwoLayerUnit(new ActivationTanH(), Math.sqrt(5), Math.sqrt(5)))
                .dataType(DataType.DOUBLE).seed(3).build();
        MultiLayerNetwork a = plain.multiLayerNetwork();
        MultiLayerNetwork b = explicit.multiLayerNetwork();
        assertEquals(a.params(), b.params());
        INDArray x = Arrays2.nd(Arrays2.gaussian(93, 5, 3));
        assertEquals(a.output(x), b.output(x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("units")
    void sharedAntitheticLayerIsTheIdentityAtInit(UnitFunction unit, boolean unused) {
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).unit(unit)
                .limit(8, 3, OdeSolver.RK4, NodeScheme.ANTITHETIC).dataType(DataType.DOUBLE).seed(4).build()
                .multiLayerNetwork();
        INDArray h0 = Arrays2.nd(Arrays2.gaussian(5, 7, 6)).mul(3);
        INDArray h1 = EmbeddingReadoutWeights.limitLayer(net).activate(h0, false, LayerWorkspaceMgr.noWorkspaces());
        assertTrue(Arrays2.relError(h1, h0) < 1e-14, "antithetic layer moved h at init by " + Arrays2.relError(h1, h0));
        MultiLayerNetwork iid = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).unit(unit)
                .limit(8, 3, OdeSolver.RK4, NodeScheme.IID).dataType(DataType.DOUBLE).seed(4).build().multiLayerNetwork();
        INDArray h1iid = EmbeddingReadoutWeights.limitLayer(iid).activate(h0, false, LayerWorkspaceMgr.noWorkspaces());
        assertTrue(Arrays2.relError(h1iid, h0) > 1e-3, "control: IID nodes move h at init");
    }

    @Test
    void jsonAndModelSerializerRoundTrip() throws IOException {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).unit(new GatedUnit())
                .limit(4, 2, OdeSolver.HEUN, NodeScheme.SOBOL).updater(new Adam(1e-2)).trainableReadout(true)
                .dataType(DataType.DOUBLE).seed(6).build();
        MultiLayerConfiguration conf = spec.multiLayerConfiguration();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertEquals(conf.toJson(), back.toJson());
        MeanOdeLayer copy = (MeanOdeLayer) back.getConf(1).getLayer().clone();
        copy.setUnit(new TwoLayerBiasUnit());
        assertNotEquals(conf.getConf(1).getLayer(), copy, "MeanOdeLayer.equals ignores the unit");

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(94, 6, 3)), Arrays2.nd(Arrays2.gaussian(95, 6, 2)));
        for (int k = 0; k < 3; k++) {
            net.fit(ds);
        }
        File file = dir.resolve("limit.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        for (int k = 0; k < 3; k++) {
            net.fit(ds);
            restored.fit(ds);
        }
        assertEquals(net.params(), restored.params(), "restored network trains differently");
    }

    @Test
    void ratesPerBlockAndStage() {
        MeanOdeLayer l = new MeanOdeLayer.Builder().embeddingDim(8).nodes(4).steps(3).solver(OdeSolver.HEUN).alpha(2.0)
                .unit(new TwoLayerBiasUnit()).build();
        assertEquals(List.of("U0", "b0", "V0", "U1", "b1", "V1"), l.initializer().paramKeys(l));
        assertEquals(List.of("b0", "b1"), l.initializer().biasKeys(l));
        l.setIUpdater(new Sgd(0.1));
        double base = LearningRateRule.residualSgd(3, 4, 8, 2.0);
        for (int i = 0; i < 2; i++) {
            double bi = OdeSolver.HEUN.tableau().b(i);
            assertEquals(0.1 * base / bi, ((Sgd) l.getUpdaterByParam(MeanOdeParams.key("U", i))).getLearningRate(), 1e-12);
            assertEquals(0.1 * base / bi / 8, ((Sgd) l.getUpdaterByParam(MeanOdeParams.key("b", i))).getLearningRate(), 1e-12);
        }
        l.setIUpdater(new Adam(0.01));
        assertEquals(0.01 * 1.0 / 2.0, ((Adam) l.getUpdaterByParam("b1")).getLearningRate(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.getUpdaterByParam("G0"));
        assertTrue(e.getMessage().contains("has no parameter 'G0'") && e.getMessage().contains("[U, b, V]"), e.getMessage());
    }

    @Test
    void badCombinationsAreRejectedWithClearMessages() {
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> new MeanOdeLayer.Builder()
                .embeddingDim(4).nodes(2).steps(2).unit(new GatedUnit()).sigmaV(2.0).build());
        assertTrue(a.getMessage().contains(".sigmaV(2.0)") && a.getMessage().contains("set them on the unit"), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> new MeanOdeLayer.Builder()
                .embeddingDim(4).nodes(2).steps(2).activation(Activation.RELU).unit(new GatedUnit()).build());
        assertTrue(b.getMessage().contains(".activation(relu)"), b.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> new MeanOdeLayer.Builder()
                .embeddingDim(4).nodes(2).steps(2).unit(new Keyed("W1")).build());
        assertTrue(c.getMessage().contains("'W1' ending in a digit"), c.getMessage());
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> MeanOdeResNet.builder().nIn(2)
                .nOut(2).embeddingDim(400).unit(new GatedUnit()).limit(4, 2, OdeSolver.RK4, NodeScheme.SOBOL).build());
        assertTrue(d.getMessage().contains("1200 scalar parameters exceeds the 1000 dimensions"), d.getMessage());
    }

    private static Model build(MeanOdeResNet spec, boolean graph) {
        return graph ? spec.computationGraph() : spec.multiLayerNetwork();
    }

    /** Test-only unit declaring one block under a given key. */
    static final class Keyed implements UnitFunction {
        private static final long serialVersionUID = 1L;
        private final String key;

        Keyed(String key) {
            this.key = key;
        }

        @Override
        public List<UnitParam> params(long d) {
            return List.of(UnitParam.vector(key, d, 1.0));
        }

        @Override
        public long[] storedColumns(long d, int m, UnitOps ops) {
            return new long[0];
        }

        @Override
        public long[] scratchColumns(long d, int m, UnitOps ops) {
            return new long[0];
        }

        @Override
        public void forward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored, INDArray[] scratch,
                            boolean training) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                             INDArray[] scratch, INDArray dH, INDArray[] dZ) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double forwardFlopsPerUnit(long d) {
            return 0;
        }
    }
}
