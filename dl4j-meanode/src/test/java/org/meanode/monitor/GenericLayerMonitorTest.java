package org.meanode.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meanode.layers.HiddenStateProbe;
import org.meanode.layers.ResidualUnits;
import org.meanode.network.MeanOdeResNet;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The generic residual layers under {@link FeatureMovementListener}:
 * <ul>
 *   <li>with the 2LP unit, the generic stack's hidden states and units equal those of
 *       ScaledResidualStack with the same seed (whose states are checked against the plain-Java
 *       reference in HiddenStateProbeTest), after training, to 1e-12;</li>
 *   <li>for the bias and gated units, the last state equals the layer's own output (the training
 *       kernel, a separate code path) and the state one block short does not;</li>
 *   <li>the listener records a run of generic blocks (ComputationGraph) and of a generic stack
 *       (MultiLayerNetwork), with the unit's σ_u, σ_v and every block's movement.</li>
 * </ul>
 */
class GenericLayerMonitorTest {
    private static final int L = 4;
    private static final int M = 3;
    private static final int D = 6;

    private static DataSet data() {
        return new DataSet(Arrays2.nd(Arrays2.gaussian(11, 8, 3)), Arrays2.nd(Arrays2.gaussian(12, 8, 2)));
    }

    @org.junit.jupiter.api.Test
    void twoLayerUnitStatesEqualTheScaledStack() {
        MeanOdeResNet.Builder common = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(D).depth(L).width(M).alpha(0.7)
                .learningRate(0.4).dataType(DataType.DOUBLE).seed(31);
        MultiLayerNetwork plain = common.build().multiLayerNetwork();
        MultiLayerNetwork generic = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(D).depth(L).width(M).alpha(0.7)
                .learningRate(0.4).dataType(DataType.DOUBLE).seed(31).unit(new TwoLayerUnit(new ActivationTanH(),
                        Math.sqrt(D), Math.sqrt(D))).build().multiLayerNetwork();
        for (int k = 0; k < 3; k++) {
            plain.fit(data());
            generic.fit(data());
        }
        INDArray h0 = plain.getLayer(0).activate(data().getFeatures(), false, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray a = ((HiddenStateProbe) plain.getLayer(1)).hiddenStates(h0);
        INDArray b = ((HiddenStateProbe) generic.getLayer(1)).hiddenStates(h0);
        assertArrayEquals(a.shape(), b.shape());
        double err = a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue();
        assertTrue(err < 1e-12, "generic 2LP states vs ScaledResidualStack: rel. error " + err);
        assertArrayEquals(((HiddenStateProbe) plain.getLayer(1)).stateDepths(),
                ((HiddenStateProbe) generic.getLayer(1)).stateDepths(), 0.0);
        assertEquals(((ResidualUnits) plain.getLayer(1)).unitsU(), ((ResidualUnits) generic.getLayer(1)).unitsU());
        assertEquals(((ResidualUnits) plain.getLayer(1)).unitsV(), ((ResidualUnits) generic.getLayer(1)).unitsV());
    }

    @ParameterizedTest(name = "gated={0}")
    @ValueSource(booleans = {false, true})
    void lastStateIsTheLayerOutputAndTheListenerRecords(boolean gated) {
        MeanOdeResNet resnet = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(D).depth(L).width(M).alpha(1.1)
                .unit(gated ? new GatedUnit() : new TwoLayerBiasUnit()).learningRate(0.4).dataType(DataType.DOUBLE)
                .seed(5).fused(!gated).build();
        Model net = gated ? resnet.computationGraph() : resnet.multiLayerNetwork();
        StatsStorage storage = new InMemoryStatsStorage();
        net.setListeners(FeatureMovementListener.builder(storage).sessionId("g").workerId("w").frequency(1).build());
        for (int k = 0; k < 3; k++) {
            if (net instanceof MultiLayerNetwork mln) {
                mln.fit(data());
            } else {
                ((ComputationGraph) net).fit(data());
            }
        }
        if (net instanceof MultiLayerNetwork mln) {
            INDArray h0 = mln.getLayer(0).activate(data().getFeatures(), false, LayerWorkspaceMgr.noWorkspaces()).dup();
            INDArray out = mln.getLayer(1).activate(h0, false, LayerWorkspaceMgr.noWorkspaces()).dup();
            INDArray s = ((HiddenStateProbe) mln.getLayer(1)).hiddenStates(h0);
            double err = s.tensorAlongDimension(L, 1, 2).sub(out).norm2Number().doubleValue() / out.norm2Number().doubleValue();
            assertTrue(err < 1e-12, "last state vs layer output: rel. error " + err);
            double shortBy = s.tensorAlongDimension(L - 1, 1, 2).sub(out).norm2Number().doubleValue()
                    / out.norm2Number().doubleValue();
            assertTrue(shortBy > 1e-4, "control: one block short must differ, rel. " + shortBy);
        }
        MovementStaticInfo info = (MovementStaticInfo) storage.getStaticInfo("g", FeatureMovementListener.TYPE_ID, "w");
        assertEquals(L, info.getDepth());
        assertEquals(Math.sqrt(D), info.getSigmaU(), 1e-12);
        assertEquals(Math.sqrt(D), info.getSigmaV(), 1e-12);
        List<Persistable> updates = storage.getAllUpdatesAfter("g", FeatureMovementListener.TYPE_ID, "w", 0);
        assertTrue(updates.size() >= 2, "records: " + updates.size());
        MovementUpdate last = (MovementUpdate) updates.get(updates.size() - 1);
        assertEquals(L, last.getUMovement().length);
        for (double mv : last.getUMovement()) {
            assertTrue(mv > 0 && Double.isFinite(mv), "every block's U moved: " + java.util.Arrays.toString(last.getUMovement()));
        }
    }
}
