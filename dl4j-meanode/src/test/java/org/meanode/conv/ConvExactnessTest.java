package org.meanode.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanode.testutil.ReferenceConvResNet;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactness contract for the convolutional unit: with Sgd at base rate η, double precision
 * and full batch, 15 fit() calls of a network holding a ScaledResidualStack of {@link ConvUnit}s
 * (MultiLayerNetwork and ComputationGraph, workspaces on and off) reproduce 15 gradient steps of
 * {@link ReferenceConvResNet} (direct convolution loops, one example, unit and pixel at a time,
 * not im2col), starting from the network's initial parameters. Losses before every step, the
 * output and both parameter blocks after 15 steps agree to {@value #TOL} relative. Non-square
 * images (H ≠ W) and α ≠ 1 catch transposed indices. Control: after one extra network step the
 * parameters differ from the reference's by more than 1e-6.
 */
class ConvExactnessTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConvExactnessTest.class);
    private static final int K = 15;
    private static final double TOL = 1e-9;

    @ParameterizedTest(name = "C={0} H={1} W={2} k={3} L={4} M={5} alpha={6} graph={7} ws={8}")
    @CsvSource({"2, 5, 4, 3, 3, 4, 0.7, false, ENABLED", "3, 4, 6, 3, 2, 3, 1.0, true, NONE",
            "2, 5, 5, 5, 2, 2, 1.3, false, NONE", "1, 3, 4, 1, 3, 2, 1.0, true, ENABLED"})
    void fitReproducesDirectConvolutionSteps(int c, int h, int w, int k, int depth, int width, double alpha,
                                             boolean graph, WorkspaceMode ws) {
        int n = 3;
        double eta = 0.02 / (depth * width * c * h * w / (2 * alpha * alpha)) * 40;
        ConvUnit unit = new ConvUnit(c, h, w, k);
        Model net = graph ? ConvNets.stackMseGraph(unit, depth, width, alpha, new Sgd(eta), ws, DataType.DOUBLE)
                : ConvNets.stackMse(unit, depth, width, alpha, new Sgd(eta), ws, DataType.DOUBLE);
        String prefix = graph ? "stack_" : "0_";
        INDArray u0 = net.getParam(prefix + "U");
        INDArray v0 = net.getParam(prefix + "V");
        ReferenceConvResNet ref = new ReferenceConvResNet(c, h, w, k, depth, width, alpha, toJava(u0), toJava(v0));
        double[][][][] x = ConvNets.images(3, n, c, h, w);
        double[][][][] y = ConvNets.images(4, n, c, h, w);
        INDArray xs = ConvNets.nd(x, DataType.DOUBLE);
        INDArray ys = ConvNets.nd(y, DataType.DOUBLE).reshape('c', n, (long) c * h * w);
        DataSet ds = new DataSet(xs, ys);
        double worst = 0;
        double first = ref.loss(x, y);
        for (int s = 0; s < K; s++) {
            double want = ref.loss(x, y);
            double got = score(net, ds);
            worst = Math.max(worst, Math.abs(got - want) / want);
            assertEquals(want, got, TOL * want, "loss before step " + s);
            fit(net, ds);
            ref.step(x, y, eta);
        }
        double last = ref.loss(x, y);
        assertTrue(last < 0.99 * first, "the reference steps should train: loss " + first + " -> " + last);
        double eu = rel(net.getParam(prefix + "U"), ref.u);
        double ev = rel(net.getParam(prefix + "V"), ref.v);
        INDArray out = output(net, xs);
        double eo = rel(out.reshape('c', n, c, h, w), ref.forward(x));
        LOG.info("ConvExactnessTest C={} H={} W={} k={} L={} M={}: loss {} -> {}, rel. errors loss {}, U {}, V {}, out {}",
                c, h, w, k, depth, width, first, last, worst, eu, ev, eo);
        assertTrue(eu < TOL && ev < TOL && eo < TOL, "U " + eu + ", V " + ev + ", output " + eo);
        fit(net, ds);
        double control = rel(net.getParam(prefix + "U"), ref.u) + rel(net.getParam(prefix + "V"), ref.v);
        assertTrue(control > 1e-6, "control: one extra step should differ from the reference, got " + control);
    }

    private static double score(Model net, DataSet ds) {
        return net instanceof ComputationGraph g ? g.score(ds) : ((MultiLayerNetwork) net).score(ds);
    }

    private static void fit(Model net, DataSet ds) {
        if (net instanceof ComputationGraph g) {
            g.fit(ds);
        } else {
            ((MultiLayerNetwork) net).fit(ds);
        }
    }

    private static INDArray output(Model net, INDArray x) {
        return net instanceof ComputationGraph g ? g.outputSingle(x) : ((MultiLayerNetwork) net).output(x);
    }

    static double[][][] toJava(INDArray a) {
        double[][][] out = new double[(int) a.size(0)][(int) a.size(1)][(int) a.size(2)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[0].length; j++) {
                for (int l = 0; l < out[0][0].length; l++) {
                    out[i][j][l] = a.getDouble(i, j, l);
                }
            }
        }
        return out;
    }

    private static double rel(INDArray a, double[][][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int l = 0; l < b[0][0].length; l++) {
                    double e = a.getDouble(i, j, l) - b[i][j][l];
                    num += e * e;
                    den += b[i][j][l] * b[i][j][l];
                }
            }
        }
        return Math.sqrt(num / den);
    }

    private static double rel(INDArray a, double[][][][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int l = 0; l < b[0][0].length; l++) {
                    for (int m = 0; m < b[0][0][0].length; m++) {
                        double e = a.getDouble(i, j, l, m) - b[i][j][l][m];
                        num += e * e;
                        den += b[i][j][l][m] * b[i][j][l][m];
                    }
                }
            }
        }
        return Math.sqrt(num / den);
    }
}
