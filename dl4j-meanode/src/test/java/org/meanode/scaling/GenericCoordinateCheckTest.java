package org.meanode.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.network.MeanOdeResNet;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.UnitFunction;
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
 * The per-unit learning-rate rule for generic units, as a mup-style coordinate check (see
 * {@link CoordinateCheckTest} for the 2LP unit). For the 2LP-with-bias and gated units, over
 * L ∈ {2, 8, 32} × M ∈ {1, 4, 16} (D = 8, N = 10, d_in = d_out = 5, α = 1, double, {@value #INITS}
 * network seeds), the movement of every parameter block relative to its init scale, mean over
 * blocks l of ‖Z_k − Z_0‖_F/(initStd·√entries), stays of one size (spread = max/min over the 9 sizes):
 * <ul>
 *   <li>Sgd, one full-batch fit(): spread below {@value #SGD_BOUND}; the plugin's step is the
 *       true-gradient step times L·M·D/(2α²)·sgdFactor (to 1e-9); control, the true-gradient step
 *       W ← W − η·∂J/∂W applied by hand: spread above {@value #CONTROL_MIN}.</li>
 *   <li>Adam, one step: every block moves by η/α within a factor 2 (its rate is η·initStd/α);
 *       spread below {@value #ADAM_BOUND}.</li>
 *   <li>The bias's 1/D factor: over D ∈ {16, 128, 1024} (L = M = 4) the bias's relative movement
 *       under Sgd has spread below {@value #SGD_BOUND}, while b stepped at the vector rate
 *       (sgdFactor 1, by hand) moves ∝ D: spread above {@value #CONTROL_MIN}.</li>
 * </ul>
 * Measured with these seeds (Sgd / true-gradient control / Adam): bias unit U 1.98/406/1.02,
 * b 2.22/450/1.00, V 3.88/854/1.01; gated unit U 2.08/165/1.03, G 1.65/164/1.07, V 1.41/304/1.02;
 * bias over D: rule 1.85, vector-rate control 118. Over 5 more disjoint sets of 8 seeds the Sgd
 * spreads ranged: bias unit U 1.66-1.91, b 1.39-2.78, V 1.65-4.16 (the outlier is always
 * L·M = 2, two units); gated unit 1.24-2.00; bias over D 1.41-2.44; Adam at most 1.07; controls
 * at least 164 (D sweep ≥ 95 in development runs). Measured values also appear in the assertion
 * messages and the test output.
 */
class GenericCoordinateCheckTest {
    private static final Logger LOG = LoggerFactory.getLogger(GenericCoordinateCheckTest.class);

    private static final int D = 8;
    private static final int N = 10;
    private static final int D_IO = 5;
    private static final int[] DEPTHS = {2, 8, 32};
    private static final int[] WIDTHS = {1, 4, 16};
    private static final int INITS = 8;
    private static final double ETA_SGD = 0.1;
    private static final double ETA_ADAM = 0.01;
    private static final double SGD_BOUND = 5.0;
    private static final double ADAM_BOUND = 2.0;
    private static final double CONTROL_MIN = 10.0;

    private static final DataSet DATA = new DataSet(Arrays2.nd(Arrays2.gaussian(111, N, D_IO)),
            Arrays2.nd(Arrays2.gaussian(112, N, D_IO)));

    static Stream<UnitFunction> units() {
        return Stream.of(new TwoLayerBiasUnit(), new GatedUnit());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("units")
    void sgdAndAdamRulesKeepUnitMovementInvariant(UnitFunction unit) {
        List<UnitParam> ps = unit.params(D);
        int sizes = DEPTHS.length * WIDTHS.length;
        double[][] sgd = new double[ps.size()][sizes];
        double[][] control = new double[ps.size()][sizes];
        double[][] adam = new double[ps.size()][sizes];
        int s = 0;
        for (int depth : DEPTHS) {
            for (int width : WIDTHS) {
                for (int seed = 1; seed <= INITS; seed++) {
                    MultiLayerNetwork net = net(unit, D, depth, width, new Sgd(ETA_SGD), seed);
                    double[][] w0 = params(net, ps);
                    double[][] grad = trueGradient(net, ps);
                    net.fit(DATA);
                    double[][] w1 = params(net, ps);
                    MultiLayerNetwork adamNet = net(unit, D, depth, width, new Adam(ETA_ADAM), seed);
                    adamNet.fit(DATA);
                    double[][] a1 = params(adamNet, ps);
                    for (int k = 0; k < ps.size(); k++) {
                        double factor = LearningRateRule.residualSgd(depth, width, D, 1.0) * ps.get(k).sgdFactor();
                        double std = ps.get(k).initStd();
                        double p = movement(w0[k], w1[k], depth, std);
                        double c = movement(w0[k], step(w0[k], grad[k], ETA_SGD), depth, std);
                        String at = unit + " " + ps.get(k).key() + " L=" + depth + " M=" + width + " seed=" + seed;
                        assertEquals(factor, p / c, 1e-9 * factor, at + ": plugin step / true-gradient step");
                        double m = movement(w0[k], a1[k], depth, std);
                        assertTrue(m > ETA_ADAM / 2 && m < 2 * ETA_ADAM, at + ": one Adam step moved " + m
                                + ", expected η/α = " + ETA_ADAM + " within a factor 2");
                        sgd[k][s] += p / INITS;
                        control[k][s] += c / INITS;
                        adam[k][s] += m / INITS;
                    }
                }
                s++;
            }
        }
        for (int k = 0; k < ps.size(); k++) {
            String key = unit + " " + ps.get(k).key();
            double rs = spread(sgd[k]);
            double rc = spread(control[k]);
            double ra = spread(adam[k]);
            LOG.info("GenericCoordinateCheckTest " + key + ": spread Sgd " + rs + ", true-gradient control "
                    + rc + ", Adam " + ra);
            assertTrue(rs < SGD_BOUND, key + ": Sgd rule, spread " + rs + " over " + Arrays.toString(sgd[k]));
            assertTrue(rc > CONTROL_MIN, key + ": true-gradient control, spread " + rc + " over "
                    + Arrays.toString(control[k]) + " (plugin " + rs + ")");
            assertTrue(ra < ADAM_BOUND, key + ": Adam rule, spread " + ra + " over " + Arrays.toString(adam[k]));
        }
    }

    @Test
    void biasFactorKeepsBiasMovementInvariantInD() {
        UnitFunction unit = new TwoLayerBiasUnit();
        int[] dims = {16, 128, 1024};
        double[] rule = new double[dims.length];
        double[] vectorRate = new double[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            List<UnitParam> ps = unit.params(d);
            int b = 1;
            assertEquals(TwoLayerBiasUnit.B_KEY, ps.get(b).key());
            for (int seed = 1; seed <= INITS; seed++) {
                MultiLayerNetwork net = net(unit, d, 4, 4, new Sgd(ETA_SGD), seed);
                double[][] w0 = params(net, ps);
                double[][] grad = trueGradient(net, ps);
                net.fit(DATA);
                double[][] w1 = params(net, ps);
                double vectorFactor = LearningRateRule.residualSgd(4, 4, d, 1.0);
                rule[i] += movement(w0[b], w1[b], 4, 1.0) / INITS;
                vectorRate[i] += movement(w0[b], step(w0[b], grad[b], ETA_SGD * vectorFactor), 4, 1.0) / INITS;
            }
        }
        double rs = spread(rule);
        double rc = spread(vectorRate);
        LOG.info("GenericCoordinateCheckTest bias over D " + Arrays.toString(dims) + ": spread rule " + rs
                + " " + Arrays.toString(rule) + ", vector-rate control " + rc + " " + Arrays.toString(vectorRate));
        assertTrue(rs < SGD_BOUND, "bias movement over D under the rule, spread " + rs + " over " + Arrays.toString(rule));
        assertTrue(rc > CONTROL_MIN, "bias at the vector rate, spread " + rc + " over " + Arrays.toString(vectorRate));
    }

    private static MultiLayerNetwork net(UnitFunction unit, int d, int depth, int width, IUpdater updater, long seed) {
        return MeanOdeResNet.builder().nIn(D_IO).nOut(D_IO).embeddingDim(d).depth(depth).width(width).unit(unit)
                .updater(updater).dataType(DataType.DOUBLE).seed(seed).build().multiLayerNetwork();
    }

    /** Each parameter block of the stack (layer 1), [L, rows, M] flattened. */
    private static double[][] params(MultiLayerNetwork net, List<UnitParam> ps) {
        double[][] out = new double[ps.size()][];
        for (int k = 0; k < ps.size(); k++) {
            out[k] = flat(net.getLayer(1).getParam(ps.get(k).key()));
        }
        return out;
    }

    /** ∂J/∂Z_k (DL4J's gradient is that of N·J, hence the 1/N). */
    private static double[][] trueGradient(MultiLayerNetwork net, List<UnitParam> ps) {
        net.setInput(DATA.getFeatures());
        net.setLabels(DATA.getLabels());
        net.computeGradientAndScore();
        double[][] out = new double[ps.size()][];
        for (int k = 0; k < ps.size(); k++) {
            out[k] = flat(net.gradient().getGradientFor("1_" + ps.get(k).key()));
            for (int i = 0; i < out[k].length; i++) {
                out[k][i] /= N;
            }
        }
        return out;
    }

    private static double[] step(double[] w, double[] g, double lr) {
        double[] out = w.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= lr * g[i];
        }
        return out;
    }

    /**
     * Mean over the blocks l of ‖w1_l − w0_l‖_F / (initStd·√n), n the block's entry count: the
     * movement relative to the initial scale. (Relative to the realised ‖w0_l‖_F, a bias block of
     * M = 1 unit, a single Gaussian draw, would make the measure as noisy as 1/|N(0, 1)|.)
     */
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
