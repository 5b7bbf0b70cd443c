package org.meanode.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.layers.HiddenStateProbe;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.monitor.MovementStaticInfo;
import org.meanode.monitor.MovementUpdate;
import org.meanode.predict.BlockModel;
import org.meanode.predict.DistancePredictor;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A conv stack under {@link FeatureMovementListener} (stem convolution, conv stack, pooling,
 * softmax): the listener records every block's u and v movement and the hidden-state movement;
 * the stack's probed last state equals its own output on 4-D input (and one block short does
 * not).
 */
class ConvMonitorTest {
    @Test
    void listenerRecordsConvStackAndStatesMatchOutput() {
        int depth = 4;
        ConvUnit u = new ConvUnit(3, 5, 4, 3);
        MultiLayerNetwork net = ConvNets.classifier(u, depth, 3, 3, new Sgd(0.5), WorkspaceMode.ENABLED, DataType.DOUBLE,
                true);
        DataSet ds = new DataSet(ConvNets.nd(ConvNets.images(3, 8, 1, 5, 4), DataType.DOUBLE),
                ConvNets.oneHot(8, 3, DataType.DOUBLE));
        StatsStorage storage = new InMemoryStatsStorage();
        net.setListeners(FeatureMovementListener.builder(storage).sessionId("c").workerId("w").frequency(1).build());
        for (int k = 0; k < 3; k++) {
            net.fit(ds);
        }
        MovementStaticInfo info = (MovementStaticInfo) storage.getStaticInfo("c", FeatureMovementListener.TYPE_ID, "w");
        assertEquals(depth, info.getDepth());
        List<Persistable> updates = storage.getAllUpdatesAfter("c", FeatureMovementListener.TYPE_ID, "w", 0);
        assertTrue(updates.size() >= 2, "records: " + updates.size());
        MovementUpdate last = (MovementUpdate) updates.get(updates.size() - 1);
        assertEquals(depth, last.getUMovement().length);
        for (double[] mv : new double[][] {last.getUMovement(), last.getVMovement()}) {
            for (double m : mv) {
                assertTrue(m > 0 && Double.isFinite(m), "every block moved: " + Arrays.toString(mv));
            }
        }

        // The dashboard's static record: the complete regime judged with σ_u = √F, σ_v = √C (not
        // "custom" against D = C·H·W), and no prediction unless one is given.
        assertEquals("COMPLETE", info.getRegime());
        assertEquals(3 * 5 * 4, info.getEmbeddingDim());
        assertTrue(Double.isNaN(info.getPredictedDistance()));

        INDArray h0 = net.getLayer(0).activate(ds.getFeatures(), false, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray out = net.getLayer(1).activate(h0, false, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray s = ((HiddenStateProbe) net.getLayer(1)).hiddenStates(h0);
        assertArrayEquals(new long[] {depth + 1, 8, 3 * 5 * 4}, s.shape());
        INDArray flat = out.reshape('c', 8, 60);
        double err = s.tensorAlongDimension(depth, 1, 2).sub(flat).norm2Number().doubleValue()
                / flat.norm2Number().doubleValue();
        assertTrue(err < 1e-12, "last state vs layer output: rel. error " + err);
        double shortBy = s.tensorAlongDimension(depth - 1, 1, 2).sub(flat).norm2Number().doubleValue()
                / flat.norm2Number().doubleValue();
        assertTrue(shortBy > 1e-6, "control: one block short must differ, rel. " + shortBy);
    }

    /**
     * The predicted distance the dashboard shows for a conv stack is the bound with D = C
     * (docs/conv.md, "Distance to the limit"), written out here, not the dense one with D = C·H·W.
     */
    @Test
    void listenerRecordsTheConvPredictionAndRegime() {
        ConvUnit u = new ConvUnit(3, 5, 4, 3);
        MultiLayerNetwork net = ConvNets.classifier(u, 4, 3, 3, new Sgd(0.5), WorkspaceMode.ENABLED, DataType.DOUBLE, true);
        DataSet ds = new DataSet(ConvNets.nd(ConvNets.images(3, 8, 1, 5, 4), DataType.DOUBLE),
                ConvNets.oneHot(8, 3, DataType.DOUBLE));
        StatsStorage storage = new InMemoryStatsStorage();
        DistancePredictor p = DistancePredictor.of(BlockModel.TWO_LAYER_PERCEPTRON, 0.03, 0.2, "test constants");
        net.setListeners(FeatureMovementListener.builder(storage).sessionId("p").workerId("w").prediction(p).build());
        net.fit(ds);
        MovementStaticInfo info = (MovementStaticInfo) storage.getStaticInfo("p", FeatureMovementListener.TYPE_ID, "w");
        double byHand = 0.03 / 4 + 0.2 * Math.sqrt(3) / Math.sqrt(4 * 3);   // L = 4, M = 3, C = 3, α = 1
        assertEquals(byHand, info.getPredictedDistance(), 1e-15);
        assertEquals(p.predict(net.getLayerWiseConfigurations()), info.getPredictedDistance(), 1e-15);
        assertEquals("test constants", info.getPredictionNote());
        assertEquals("COMPLETE", info.getRegime());

        // α = 20 with σ_v = 1 ≠ √C: a custom regime, the sizes of u (F = 27) and v (C = 3) written out.
        ConvUnit smallV = new ConvUnit(3, 5, 4, 3, new ActivationTanH(), null, 1.0);
        MultiLayerNetwork custom = new MultiLayerNetwork(ConvNets.base(new Sgd(0.5), WorkspaceMode.ENABLED, DataType.DOUBLE)
                .list().layer(new ScaledResidualStack.Builder().unit(smallV).depth(2).width(3).alpha(20).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(5, 4, 3)).build());
        custom.init();
        ds = new DataSet(ConvNets.nd(ConvNets.images(4, 8, 3, 5, 4), DataType.DOUBLE), ConvNets.oneHot(8, 3, DataType.DOUBLE));
        StatsStorage s2 = new InMemoryStatsStorage();
        custom.setListeners(FeatureMovementListener.builder(s2).sessionId("q").workerId("w").build());
        custom.fit(ds);
        MovementStaticInfo info2 = (MovementStaticInfo) s2.getStaticInfo("q", FeatureMovementListener.TYPE_ID, "w");
        assertEquals("custom (α = 20.00, σ_u/√27 = 1.000, σ_v/√3 = 0.5774)", info2.getRegime());
    }
}
