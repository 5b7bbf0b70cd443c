package org.meanode.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.network.MeanOdeResNet;
import org.meanode.params.ScaledResidualParams;
import org.meanode.testutil.Arrays2;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learning-rate rule with softmax + cross-entropy (docs/MODEL.md, "Other losses"), as a
 * mup-style coordinate check like {@link CoordinateCheckTest}: over L ∈ {2, 8, 32} ×
 * M ∈ {1, 4, 16} (D = 8, N = 10, d_in = 5, 5 classes, tanh, complete regime, double, X ~ N(0, 1)
 * and uniformly random one-hot labels from java.util.Random with fixed seeds) the relative unit
 * movement after one full-batch Sgd step, mean over blocks of ‖W_1 − W_0‖_F/‖W_0‖_F for W = U and
 * W = V, averaged over {@link #INITS} network seeds, stays of one size (spread = max/min over the
 * 9 sizes below {@link #BOUND}), while the control, the true-gradient step W ← W − η·∂J/∂W of the
 * same loss applied by hand, drifts with L·M (spread above {@link #CONTROL_MIN}). The plugin's step
 * is the control's times L·M·D/(2α²) (1e-9): the rule multiplies the gradient of any loss by the
 * same factor. Measured spreads, U/V, with these seeds: plugin 1.47/1.67, control 307/347 (the
 * bounds are those of the MSE check, whose seed-to-seed range they cover). The log and the
 * assertion messages show the measured values.
 */
class CrossEntropyCoordinateCheckTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrossEntropyCoordinateCheckTest.class);
    private static final int D = 8;
    private static final int N = 10;
    private static final int D_IN = 5;
    private static final int CLASSES = 5;
    private static final int[] DEPTHS = {2, 8, 32};
    private static final int[] WIDTHS = {1, 4, 16};
    private static final int INITS = 8;
    private static final double ETA = 0.1;
    private static final double BOUND = 5.0;
    private static final double CONTROL_MIN = 20.0;
    private static final String[] KEYS = {ScaledResidualParams.U_KEY, ScaledResidualParams.V_KEY};

    private static final DataSet DATA = new DataSet(Arrays2.nd(Arrays2.gaussian(201, N, D_IN)), oneHot(202));

    private static INDArray oneHot(long seed) {
        Random r = new Random(seed);
        double[][] y = new double[N][CLASSES];
        for (double[] row : y) {
            row[r.nextInt(CLASSES)] = 1;
        }
        return Arrays2.nd(y);
    }

    @Test
    void sgdRuleKeepsUnitMovementInvariantUnderCrossEntropy() {
        int sizes = DEPTHS.length * WIDTHS.length;
        double[][] plugin = new double[KEYS.length][sizes];
        double[][] control = new double[KEYS.length][sizes];
        int s = 0;
        for (int depth : DEPTHS) {
            for (int width : WIDTHS) {
                double factor = LearningRateRule.residualSgd(depth, width, D, 1.0);
                for (int seed = 1; seed <= INITS; seed++) {
                    MultiLayerNetwork net = net(depth, width, seed);
                    double[][] w0 = CoordinateCheckTest.params(net);
                    double[][] grad = CoordinateCheckTest.trueGradient(net, DATA);
                    net.fit(DATA);
                    double[][] w1 = CoordinateCheckTest.params(net);
                    for (int k = 0; k < KEYS.length; k++) {
                        double[] byHand = w0[k].clone();
                        for (int i = 0; i < byHand.length; i++) {
                            byHand[i] -= ETA * grad[k][i];
                        }
                        double p = CoordinateCheckTest.movement(w0[k], w1[k], depth);
                        double c = CoordinateCheckTest.movement(w0[k], byHand, depth);
                        assertEquals(factor, p / c, 1e-9 * factor, KEYS[k] + " L=" + depth + " M=" + width
                                + ": plugin step / true-gradient step should be L·M·D/(2α²) under cross-entropy too");
                        plugin[k][s] += p / INITS;
                        control[k][s] += c / INITS;
                    }
                }
                s++;
            }
        }
        for (int k = 0; k < KEYS.length; k++) {
            double rp = CoordinateCheckTest.spread(plugin[k]);
            double rc = CoordinateCheckTest.spread(control[k]);
            LOG.info("cross-entropy coordinate check {}: plugin spread {} over {}; control spread {} over {}", KEYS[k], rp,
                    Arrays.toString(plugin[k]), rc, Arrays.toString(control[k]));
            assertTrue(rp < BOUND, KEYS[k] + ": Sgd rule with MCXENT, spread " + rp + " over " + Arrays.toString(plugin[k]));
            assertTrue(rc > CONTROL_MIN, KEYS[k] + ": true-gradient control with MCXENT, spread " + rc + " over "
                    + Arrays.toString(control[k]) + " (plugin " + rp + ")");
        }
    }

    private static MultiLayerNetwork net(int depth, int width, long seed) {
        return MeanOdeResNet.builder().nIn(D_IN).nOut(CLASSES).embeddingDim(D).depth(depth).width(width)
                .regime(Regime.COMPLETE).activation(Activation.TANH).updater(new Sgd(ETA))
                .output(Activation.SOFTMAX, LossFunction.MCXENT).dataType(DataType.DOUBLE)
                .seed(seed).build().multiLayerNetwork();
    }
}
