package org.meanode.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.predict.BlockModel;
import org.meanode.predict.DistancePredictor;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DistancePredictor} for conv stacks (docs/conv.md, "Distance to the limit"). The bound's
 * sampling term α√D/√(L·M) takes D = C for a {@link ConvUnit} (its
 * {@link ConvUnit#samplingDimension}), not the state size C·H·W nor the fan-in F = C·k²:
 * <ul>
 *   <li>the predictions for a conv layer, a MultiLayerNetwork and a ComputationGraph holding it equal
 *       c₁/L + c₂·α√C/√(L·M) written out here, scale like 1/L and (L·M)^−1/2, and differ from the
 *       dense stack's of the same D = C·H·W (the control);</li>
 *   <li>the choice is measured: at initialisation the limit is the identity (E[v] = 0), so a stack's
 *       RMS displacement ‖out − in‖ is exactly its distance to the limit's output, and it is a pure
 *       sampling error. Over C ∈ {2, 8, 32}, H×W ∈ {4×4, 16×16} (k = 1, no padding effects),
 *       k ∈ {1, 3, 5} and L·M ∈ {16, 64, 256} the displacement ×√(L·M)/(α√C) stays within a factor
 *       1.35, while ×√(L·M)/(α√(C·H·W)) and ×√(L·M)/(α√F) vary by more than 2 (they fail);</li>
 *   <li>networks the bound does not cover are refused by name.</li>
 * </ul>
 */
class ConvDistanceTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConvDistanceTest.class);
    private static final double C1 = 0.03;
    private static final double C2 = 0.2;

    private static ScaledResidualStack stack(ConvUnit u, int depth, int width, double alpha, long seed) {
        return new ScaledResidualStack.Builder().unit(u).depth(depth).width(width).alpha(alpha).seed(seed).build();
    }

    @Test
    void predictionUsesTheChannelsAndScalesLikeTheBound() {
        DistancePredictor p = DistancePredictor.of(BlockModel.TWO_LAYER_PERCEPTRON, C1, C2, "test constants");
        ConvUnit u = new ConvUnit(4, 6, 5, 3);
        for (int[] lm : new int[][] {{2, 3}, {8, 3}, {8, 12}}) {
            for (double alpha : new double[] {1.0, 2.5}) {
                int l = lm[0];
                int m = lm[1];
                ScaledResidualStack s = stack(u, l, m, alpha, 1);
                double byHand = C1 / l + C2 * alpha * Math.sqrt(4) / Math.sqrt(l * m);
                assertEquals(byHand, p.predict(s), 1e-15 * byHand, "L = " + l + ", M = " + m + ", α = " + alpha);
                double dense = C1 / l + C2 * alpha * Math.sqrt(4 * 6 * 5) / Math.sqrt(l * m);
                assertTrue(Math.abs(p.predict(s) - dense) > 0.1 * dense, "a conv stack is not a dense stack of D = C·H·W");
                // The dense 2LP stack of the same state size does get √(C·H·W) (control of the unit's role).
                ScaledResidualStack plain = new ScaledResidualStack.Builder().embeddingDim(4 * 6 * 5).depth(l).width(m)
                        .alpha(alpha).build();
                assertEquals(dense, p.predict(plain), 1e-15 * dense);
            }
        }
        // Pure sampling term: ×1/2 when L·M is ×4 (at equal L·M depth and width trade one for one);
        // pure discretisation term: ×1/4 when L is ×4.
        DistancePredictor sampling = DistancePredictor.of(BlockModel.TWO_LAYER_PERCEPTRON, 0, C2, "");
        DistancePredictor discretisation = DistancePredictor.of(BlockModel.TWO_LAYER_PERCEPTRON, C1, 0, "");
        assertEquals(0.5, sampling.predict(stack(u, 8, 3, 1, 1)) / sampling.predict(stack(u, 2, 3, 1, 1)), 1e-12);
        assertEquals(0.5, sampling.predict(stack(u, 2, 12, 1, 1)) / sampling.predict(stack(u, 2, 3, 1, 1)), 1e-12);
        assertEquals(sampling.predict(stack(u, 8, 3, 1, 1)), sampling.predict(stack(u, 2, 12, 1, 1)), 1e-15);
        assertEquals(0.25, discretisation.predict(stack(u, 8, 3, 1, 1)) / discretisation.predict(stack(u, 2, 3, 1, 1)), 1e-12);
        // The generic form carries no D at all.
        DistancePredictor generic = DistancePredictor.of(BlockModel.GENERIC, C1, C2, "");
        assertEquals(C1 / 8 + C2 / Math.sqrt(24), generic.predict(stack(u, 8, 3, 1, 1)), 1e-15);
    }

    @Test
    void networkPredictionsReadTheStackOfAConvNetwork() {
        DistancePredictor p = DistancePredictor.of(BlockModel.TWO_LAYER_PERCEPTRON, C1, C2, "test constants");
        ConvUnit u = new ConvUnit(3, 5, 4, 3);
        double byHand = C1 / 4 + C2 * Math.sqrt(3) / Math.sqrt(4 * 3);
        MultiLayerNetwork fused = ConvNets.classifier(u, 4, 3, 3, new Sgd(0.1), WorkspaceMode.ENABLED, DataType.DOUBLE, true);
        assertEquals(byHand, p.predict(fused.getLayerWiseConfigurations()), 1e-15);
        MultiLayerNetwork blocks = ConvNets.classifier(u, 4, 3, 3, new Sgd(0.1), WorkspaceMode.ENABLED, DataType.DOUBLE, false);
        assertEquals(byHand, p.predict(blocks.getLayerWiseConfigurations()), 1e-15, "4 unfused blocks of depth 4");
        ComputationGraphConfiguration graph = ConvNets.classifierGraph(u, 4, 3, 3, new Sgd(0.1), WorkspaceMode.ENABLED,
                DataType.DOUBLE).getConfiguration();
        assertEquals(byHand, p.predict(graph), 1e-15);

        // Two conv stacks at two resolutions: one bound per stack, not one for the network.
        MultiLayerConfiguration twoStacks = ConvNets.base(new Sgd(0.1), WorkspaceMode.ENABLED, DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same).build())
                .layer(stack(new ConvUnit(4, 6, 6, 3), 3, 5, 1, 1))
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(stack(new ConvUnit(4, 3, 3, 3), 2, 3, 1, 2))
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(twoStacks));
        assertTrue(e.getMessage().contains("residual layers of different shapes") && e.getMessage().contains("predict(layer)"),
                e.getMessage());
        MultiLayerConfiguration limit = ConvNets.base(new Sgd(0.1), WorkspaceMode.ENABLED, DataType.DOUBLE).list()
                .layer(new MeanOdeLayer.Builder().unit(u).steps(2).nodes(8).build())
                .setInputType(InputType.convolutional(5, 4, 3)).build();
        e = assertThrows(IllegalArgumentException.class, () -> p.predict(limit));
        assertTrue(e.getMessage().contains("MeanOdeLayer, the Neural Mean ODE limit itself"), e.getMessage());
        MultiLayerConfiguration none = ConvNets.base(new Sgd(0.1), WorkspaceMode.ENABLED, DataType.DOUBLE).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build();
        e = assertThrows(IllegalArgumentException.class, () -> p.predict(none));
        assertTrue(e.getMessage().contains("has no ScaledResidualBlock or ScaledResidualStack"), e.getMessage());
    }

    /** RMS over seeds, examples and coordinates of the stack's displacement out − in at initialisation. */
    private static double displacement(ConvUnit u, int depth, int width, double alpha) {
        double sum = 0;
        long count = 0;
        INDArray x = ConvNets.nd(ConvNets.images(17, 8, u.getChannels(), u.getHeight(), u.getWidth()), DataType.DOUBLE);
        for (long seed = 1; seed <= 4; seed++) {
            MultiLayerNetwork net = new MultiLayerNetwork(ConvNets.base(new Sgd(0.1), WorkspaceMode.NONE, DataType.DOUBLE)
                    .list().layer(stack(u, depth, width, alpha, seed)).layer(ConvNets.mse())
                    .setInputType(InputType.convolutional(u.getHeight(), u.getWidth(), u.getChannels())).build());
            net.init();
            INDArray out = net.getLayer(0).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
            INDArray diff = out.sub(x);
            sum += diff.mul(diff).sumNumber().doubleValue();
            count += diff.length();
        }
        return Math.sqrt(sum / count);
    }

    private static double spread(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                / v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    @Test
    void atInitialisationTheDistanceToTheLimitIsTheSamplingTermWithDEqualC() {
        // {C, H, W, k, L, M, α}
        int[][] cases = {
            {2, 8, 8, 3, 4, 16}, {8, 8, 8, 3, 4, 16}, {32, 8, 8, 3, 4, 16},     // C
            {8, 4, 4, 1, 4, 16}, {8, 16, 16, 1, 4, 16},                        // H×W (k = 1: no border effects)
            {8, 12, 12, 1, 4, 16}, {8, 12, 12, 5, 4, 16},                      // k
            {8, 8, 8, 3, 2, 8}, {8, 8, 8, 3, 16, 16},                          // L·M = 16, 256
        };
        double[] alphas = {1, 1, 1, 1, 1, 1, 1, 1, 0.5};
        List<Double> byC = new ArrayList<>();
        List<Double> byState = new ArrayList<>();
        List<Double> byFanIn = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            int[] c = cases[i];
            ConvUnit u = new ConvUnit(c[0], c[1], c[2], c[3]);
            double alpha = alphas[i];
            double d = displacement(u, c[4], c[5], alpha);
            double root = Math.sqrt((double) c[4] * c[5]) / alpha;
            byC.add(d * root / Math.sqrt(u.samplingDimension(u.stateSize())));
            byState.add(d * root / Math.sqrt(u.stateSize()));
            byFanIn.add(d * root / Math.sqrt(u.fanIn()));
            LOG.info("C={} H×W={}×{} k={} L={} M={} α={}: RMS displacement {}, ×√(LM)/(α√C) = {}", c[0], c[1], c[2], c[3],
                    c[4], c[5], alpha, String.format("%.4g", d), String.format("%.4g", byC.get(i)));
        }
        LOG.info("spreads (max/min) of displacement×√(LM)/α over the cases: /√C {}, /√(C·H·W) {}, /√F {}",
                String.format("%.3g", spread(byC)), String.format("%.3g", spread(byState)), String.format("%.3g", spread(byFanIn)));
        assertTrue(spread(byC) < 1.35, "D = C: constant across C, H×W, k, L·M and α: " + byC);
        assertTrue(spread(byState) > 2, "control D = C·H·W must fail: " + byState);
        assertTrue(spread(byFanIn) > 2, "control D = F must fail: " + byFanIn);
    }
}
