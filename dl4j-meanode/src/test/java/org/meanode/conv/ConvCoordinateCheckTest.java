package org.meanode.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.scaling.LearningRateRule;
import org.meanode.units.ConvUnit;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordinate check of the convolutional parametrization (docs/conv.md): a conv stack on C×6×6
 * images (entries N(0, 1)), read out by MODEL.md's frozen readout y = W_Uᵀh/D (D = C·H·W),
 * MSE, double, N = 6. For each parameter block (u, v) the movement of one full-batch step,
 * mean over blocks l of ‖Z_1 − Z_0‖_F/(initStd·√entries), averaged over {@value #INITS} seeds:
 * <ul>
 *   <li>over L ∈ {2, 8, 32} × M ∈ {1, 4, 16} (C = 4): Sgd (the plugin's rate, checked to be
 *       L·M·D/(2α²) × the true-gradient step) spread max/min below {@value #SGD_BOUND}; control,
 *       the true-gradient step W ← W − η·∂J/∂W applied by hand, spread above {@value #CONTROL_MIN};
 *       Adam (initStd/α) below {@value #ADAM_BOUND};</li>
 *   <li>over C ∈ {4, 16, 64} (L = M = 4), the same quantity times √C/2 — the 2LP unit's
 *       relative movement falls like 1/√D, the conv unit's like 1/√C, which keeps the movement
 *       of its pre-activations (u ⋆ h)/F of one size — spread below {@value #SGD_BOUND}, and the
 *       true-gradient control above {@value #C_CONTROL_MIN}; the measured exponent of C is logged;
 *       and the RMS movement of block 0's pre-activations relative to their initial RMS has
 *       spread below {@value #SGD_BOUND} over C.</li>
 * </ul>
 */
class ConvCoordinateCheckTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConvCoordinateCheckTest.class);
    private static final int HW = 6;
    private static final int K = 3;
    private static final int N = 6;
    private static final int D_OUT = 3;
    private static final int INITS = 3;
    private static final double ETA_SGD = 0.1;
    private static final double ETA_ADAM = 0.01;
    private static final double SGD_BOUND = 3.0;
    private static final double ADAM_BOUND = 2.0;
    private static final double CONTROL_MIN = 10.0;
    /** The C sweep spans a factor 16 in C, so a control off by a power of C shows as ≈ 16 at best. */
    private static final double C_CONTROL_MIN = 5.0;

    private static DataSet data(int c) {
        INDArray x = ConvNets.nd(ConvNets.images(100 + c, N, c, HW, HW), DataType.DOUBLE);
        INDArray y = ConvNets.nd(ConvNets.images(200 + c, N, D_OUT, 1, 1), DataType.DOUBLE).reshape(N, D_OUT);
        return new DataSet(x, y);
    }

    private static MultiLayerNetwork net(int c, int depth, int width, IUpdater upd, long seed) {
        ConvUnit u = new ConvUnit(c, HW, HW, K);
        MultiLayerNetwork net = new MultiLayerNetwork(ConvNets.base(upd, WorkspaceMode.ENABLED, DataType.DOUBLE).seed(seed)
                .list().layer(new org.meanode.conf.ScaledResidualStack.Builder().unit(u).depth(depth).width(width)
                        .build())
                .layer(new MeanOdeReadout.Builder().nOut(D_OUT).build()).layer(ConvNets.mse())
                .inputPreProcessor(1, new CnnToFeedForwardPreProcessor(HW, HW, c))
                .setInputType(InputType.convolutional(HW, HW, c)).build());
        net.init();
        return net;
    }

    /** @return per block key (U, V): {Sgd, true-gradient control, Adam} movement, mean over seeds */
    private static double[][] movements(int c, int depth, int width) {
        DataSet ds = data(c);
        String[] keys = {ConvUnit.U_KEY, ConvUnit.V_KEY};
        double[][] out = new double[2][4];
        double[][][][] x = ConvNets.images(100 + c, N, c, HW, HW);
        for (int seed = 1; seed <= INITS; seed++) {
            MultiLayerNetwork net = net(c, depth, width, new Sgd(ETA_SGD), seed);
            MultiLayerNetwork adam = net(c, depth, width, new Adam(ETA_ADAM), seed);
            java.util.List<UnitParam> ps = new ConvUnit(c, HW, HW, K).params((long) c * HW * HW);
            double[][] w0 = new double[2][];
            double[][] g = new double[2][];
            net.setInput(ds.getFeatures());
            net.setLabels(ds.getLabels());
            net.computeGradientAndScore();
            for (int k = 0; k < 2; k++) {
                w0[k] = flat(net.getParam("0_" + keys[k]));
                g[k] = flat(net.gradient().getGradientFor("0_" + keys[k]));
            }
            net.fit(ds);
            adam.fit(ds);
            for (int k = 0; k < 2; k++) {
                double std = ps.get(k).initStd();
                double[] control = w0[k].clone();
                for (int i = 0; i < control.length; i++) {
                    control[i] -= ETA_SGD * g[k][i] / N;
                }
                double p = movement(w0[k], flat(net.getParam("0_" + keys[k])), depth, std);
                double cm = movement(w0[k], control, depth, std);
                double factor = LearningRateRule.residualSgd(depth, width, (long) c * HW * HW, 1.0);
                assertEquals(factor, p / cm, 1e-9 * factor, keys[k] + " C=" + c + " L=" + depth + " M=" + width
                        + ": plugin step / true-gradient step");
                out[k][0] += p / INITS;
                out[k][1] += cm / INITS;
                out[k][2] += movement(w0[k], flat(adam.getParam("0_" + keys[k])), depth, std) / INITS;
            }
            out[0][3] += preActivationMovement(x, c, width, w0[0], flat(net.getParam("0_U"))) / INITS;
        }
        return out;
    }

    @Test
    void unitMovementIsInvariantInDepthAndWidth() {
        int[] depths = {2, 8, 32};
        int[] widths = {1, 4, 16};
        double[][][] m = new double[2][3][depths.length * widths.length];
        int s = 0;
        for (int depth : depths) {
            for (int width : widths) {
                double[][] mv = movements(4, depth, width);
                for (int k = 0; k < 2; k++) {
                    for (int q = 0; q < 3; q++) {
                        m[k][q][s] = mv[k][q];
                    }
                }
                s++;
            }
        }
        for (int k = 0; k < 2; k++) {
            String key = k == 0 ? "U" : "V";
            double rs = spread(m[k][0]);
            double rc = spread(m[k][1]);
            double ra = spread(m[k][2]);
            LOG.info("ConvCoordinateCheckTest {} over L, M: spread Sgd {} {}, control {}, Adam {} {}", key, rs,
                    Arrays.toString(m[k][0]), rc, ra, Arrays.toString(m[k][2]));
            assertTrue(rs < SGD_BOUND, key + ": Sgd rule spread " + rs + " over " + Arrays.toString(m[k][0]));
            assertTrue(rc > CONTROL_MIN, key + ": true-gradient control spread " + rc + " over " + Arrays.toString(m[k][1]));
            assertTrue(ra < ADAM_BOUND, key + ": Adam rule spread " + ra + " over " + Arrays.toString(m[k][2]));
        }
    }

    @Test
    void unitMovementScalesAsOneOverRootC() {
        int[] cs = {4, 16, 64};
        double[][] rule = new double[2][cs.length];
        double[][] control = new double[2][cs.length];
        double[][] raw = new double[2][cs.length];
        double[] pre = new double[cs.length];
        for (int i = 0; i < cs.length; i++) {
            double[][] mv = movements(cs[i], 4, 4);
            pre[i] = mv[0][3];
            for (int k = 0; k < 2; k++) {
                raw[k][i] = mv[k][0];
                rule[k][i] = mv[k][0] * Math.sqrt(cs[i] / 4.0);
                control[k][i] = mv[k][1] * Math.sqrt(cs[i] / 4.0);
            }
        }
        double rp = spread(pre);
        LOG.info("ConvCoordinateCheckTest pre-activation movement over C {}: {} (spread {})", Arrays.toString(cs),
                Arrays.toString(pre), rp);
        assertTrue(rp < SGD_BOUND, "pre-activation movement over C, spread " + rp + " over " + Arrays.toString(pre));
        for (int k = 0; k < 2; k++) {
            String key = k == 0 ? "U" : "V";
            double slope = Math.log(raw[k][2] / raw[k][0]) / Math.log(cs[2] / (double) cs[0]);
            double rs = spread(rule[k]);
            double rc = spread(control[k]);
            LOG.info("ConvCoordinateCheckTest {} over C {}: movement {} (exponent of C {}), ×√C spread {}, control {}",
                    key, Arrays.toString(cs), Arrays.toString(raw[k]), slope, rs, rc);
            assertTrue(rs < SGD_BOUND, key + ": √C-scaled movement spread " + rs + " over " + Arrays.toString(rule[k]));
            assertTrue(rc > C_CONTROL_MIN, key + ": true-gradient control spread " + rc + " over "
                    + Arrays.toString(control[k]));
        }
    }

    /**
     * RMS of the change of block 0's pre-activations (u_j ⋆ x)/F over examples, units and pixels,
     * over their initial RMS (direct convolution loops; block 0's input is x itself).
     */
    private static double preActivationMovement(double[][][][] x, int c, int width, double[] u0, double[] u1) {
        int f = c * K * K;
        double num = 0;
        double den = 0;
        for (double[][][] img : x) {
            for (int j = 0; j < width; j++) {
                for (int y = 0; y < HW; y++) {
                    for (int xx = 0; xx < HW; xx++) {
                        double p0 = 0;
                        double p1 = 0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int a = 0; a < K; a++) {
                                for (int b = 0; b < K; b++) {
                                    int y2 = y + a - 1;
                                    int x2 = xx + b - 1;
                                    if (y2 < 0 || y2 >= HW || x2 < 0 || x2 >= HW) {
                                        continue;
                                    }
                                    int q = (ch * K * K + a * K + b) * width + j; // block 0 of [L, F, M]
                                    p0 += u0[q] * img[ch][y2][x2];
                                    p1 += u1[q] * img[ch][y2][x2];
                                }
                            }
                        }
                        num += (p1 - p0) * (p1 - p0) / ((double) f * f);
                        den += p0 * p0 / ((double) f * f);
                    }
                }
            }
        }
        return Math.sqrt(num / den);
    }

    private static double movement(double[] w0, double[] w1, int depth, double initStd) {
        int block = w0.length / depth;
        double sum = 0;
        for (int l = 0; l < depth; l++) {
            double num = 0;
            for (int i = l * block; i < (l + 1) * block; i++) {
                num += (w1[i] - w0[i]) * (w1[i] - w0[i]);
            }
            sum += Math.sqrt(num / block) / initStd;
        }
        return sum / depth;
    }

    private static double spread(double[] xs) {
        return Arrays.stream(xs).max().orElseThrow() / Arrays.stream(xs).min().orElseThrow();
    }

    private static double[] flat(INDArray a) {
        INDArray c = a.dup('c');
        return c.reshape(c.length()).toDoubleVector();
    }
}
