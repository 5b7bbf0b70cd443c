package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.ode.ButcherTableau;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceResNet;
import org.meanode.units.TwoLayerUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Order of accuracy of every {@link OdeSolver}, measured through the layer on a problem with a
 * known solution: fixed units (the same P nodes at every step and stage) and identity σ make the
 * ODE linear, dh/ds = α·A h with A = (1/P) Σ_p v_p u_pᵀ / D, so h(1) = exp(α·A) h(0). The matrix
 * exponential is computed independently in plain Java (scaling and squaring of a degree-20
 * Taylor polynomial, double). Errors at S ∈ {8, 16, 32, 64} (relative, Frobenius norm over a
 * batch of 3 states) are fitted on a log-log line; the slope must be within {@value #SLOPE_TOL}
 * of −order. The errors stay between 1e-12 and 1 (asymptotic regime, above round-off).
 *
 * <p>Negative controls, run through the same measurement: Euler's errors fail the fourth-order
 * check, and a classical RK4 whose stage weights are deliberately wrong yet consistent
 * (b = (1/6, 1/6, 1/2, 1/6), still summing to 1) fails it too.
 */
class SolverOrderTest {
    private static final Logger LOG = LoggerFactory.getLogger(SolverOrderTest.class);

    private static final double SLOPE_TOL = 0.2;
    private static final int[] STEPS = {8, 16, 32, 64};
    private static final int D = 6;
    private static final int P = 5;
    private static final double ALPHA = 1.5;

    private final double[][] u;
    private final double[][] v;
    private final double[][] h0;
    private final double[][] exact;

    SolverOrderTest() {
        Random r = new Random(12);
        u = ReferenceResNet.gauss(r, D, P, Math.sqrt(D));
        v = ReferenceResNet.gauss(r, D, P, Math.sqrt(D));
        h0 = ReferenceResNet.gauss(r, 3, D, 1.0);
        double[][] a = new double[D][D]; // α·A
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                for (int p = 0; p < P; p++) {
                    a[i][j] += ALPHA * v[i][p] * u[j][p] / ((double) P * D);
                }
            }
        }
        double[][] e = expm(a);
        exact = new double[h0.length][D];
        for (int n = 0; n < h0.length; n++) {
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < D; j++) {
                    exact[n][i] += e[i][j] * h0[n][j];
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OdeSolver.class)
    void measuredOrderMatchesTheMethod(OdeSolver solver) {
        double[] err = errors(s -> layerOutput(solver, s));
        double slope = slope(err);
        LOG.info("order " + solver + ": slope " + slope + ", errors at S = " + Arrays.toString(STEPS) + ": "
                + Arrays.toString(err));
        assertTrue(Math.abs(slope + solver.order()) <= SLOPE_TOL, solver + ": fitted slope " + slope + " vs order "
                + solver.order() + ", errors " + Arrays.toString(err));
    }

    @Test
    void eulerFailsTheFourthOrderCheck() {
        double slope = slope(errors(s -> layerOutput(OdeSolver.EULER, s)));
        LOG.info("order check of Euler against 4: slope " + slope);
        assertFalse(Math.abs(slope + 4) <= SLOPE_TOL, "the order check cannot tell Euler from RK4 (slope " + slope + ")");
    }

    @Test
    void wrongStageWeightFailsTheFourthOrderCheck() {
        ButcherTableau wrong = new ButcherTableau(new double[][] {{0}, {0.5}, {0, 0.5}, {0, 0, 1}},
                new double[] {1.0 / 6, 1.0 / 6, 1.0 / 2, 1.0 / 6}, 4);
        double[] rightErr = errors(s -> kernelOutput(OdeSolver.RK4.tableau(), s));
        double[] wrongErr = errors(s -> kernelOutput(wrong, s));
        assertTrue(Math.abs(slope(rightErr) + 4) <= SLOPE_TOL, "control: the kernel with the true RK4 tableau passes,"
                + " slope " + slope(rightErr));
        double slope = slope(wrongErr);
        LOG.info("order RK4 with wrong weights: slope " + slope + ", errors " + Arrays.toString(wrongErr));
        assertFalse(Math.abs(slope + 4) <= SLOPE_TOL, "a wrong stage weight passed the order check (slope " + slope + ")");
        assertTrue(wrongErr[STEPS.length - 1] < wrongErr[0], "the wrong tableau is still consistent: errors decrease");
    }

    /** The reference itself: exp of a rotation generator is the rotation. */
    @Test
    void matrixExponentialOfARotationGenerator() {
        double t = 2.7;
        double[][] e = expm(new double[][] {{0, t}, {-t, 0}});
        double[][] want = {{Math.cos(t), Math.sin(t)}, {-Math.sin(t), Math.cos(t)}};
        assertTrue(relError(e, want) < 1e-14, "expm error " + relError(e, want));
    }

    private double[] errors(IntFunction<double[][]> solve) {
        double[] out = new double[STEPS.length];
        for (int k = 0; k < STEPS.length; k++) {
            out[k] = relError(solve.apply(STEPS[k]), exact);
            assertTrue(out[k] > 1e-12 && out[k] < 1, "error " + out[k] + " at S = " + STEPS[k]
                    + " is outside the asymptotic range (1e-12, 1)");
        }
        return out;
    }

    /** h(1) computed by a network holding one MeanOdeLayer whose every step and stage has the fixed units. */
    private double[][] layerOutput(OdeSolver solver, int steps) {
        MeanOdeLayer conf = new MeanOdeLayer.Builder().embeddingDim(D).nodes(P).steps(steps).solver(solver)
                .nodeScheme(NodeScheme.IID).alpha(ALPHA).activation(Activation.IDENTITY).build();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list().layer(conf)
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(D)).build());
        net.init();
        MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(net);
        for (int i = 0; i < solver.stages(); i++) {
            layer.setU(i, repeated(u, steps).permute(1, 2, 0));
            layer.setV(i, repeated(v, steps).permute(1, 2, 0));
        }
        return net.output(Arrays2.nd(h0)).toDoubleMatrix();
    }

    /** The same computation through the kernel with any tableau. */
    private double[][] kernelOutput(ButcherTableau tab, int steps) {
        INDArray[][] z = new INDArray[tab.stages()][];
        for (int i = 0; i < tab.stages(); i++) {
            z[i] = new INDArray[] {repeated(u, steps), repeated(v, steps)};
        }
        return new ResidualKernel(org.meanode.conf.KernelMode.AUTO, "test").forward(
                new TwoLayerUnit(new ActivationIdentity(), null, null), Arrays2.nd(h0), z,
                new ResidualKernel.Scheme(tab, ALPHA, (double) steps * P), false, 0).toDoubleMatrix();
    }

    /** @return [S, D, P] c-order with every slice equal to m */
    private static INDArray repeated(double[][] m, int steps) {
        return Arrays2.nd(m).reshape(1, D, P).broadcast(steps, D, P).dup('c');
    }

    private static double relError(double[][] a, double[][] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                num += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
                den += b[i][j] * b[i][j];
            }
        }
        return Math.sqrt(num / den);
    }

    /** Least-squares slope of log(error) against log(S). */
    static double slope(double[] err) {
        int n = STEPS.length;
        double mx = 0;
        double my = 0;
        for (int k = 0; k < n; k++) {
            mx += Math.log(STEPS[k]) / n;
            my += Math.log(err[k]) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int k = 0; k < n; k++) {
            double dx = Math.log(STEPS[k]) - mx;
            sxy += dx * (Math.log(err[k]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /** exp(m) by scaling and squaring of a degree-20 Taylor polynomial. */
    static double[][] expm(double[][] m) {
        int n = m.length;
        double norm = 0;
        for (int j = 0; j < n; j++) {
            double col = 0;
            for (double[] row : m) {
                col += Math.abs(row[j]);
            }
            norm = Math.max(norm, col);
        }
        int squarings = Math.max(0, (int) Math.ceil(Math.log(norm / 0.25) / Math.log(2)));
        double scale = Math.pow(2, -squarings);
        double[][] x = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i][j] = m[i][j] * scale;
            }
        }
        double[][] sum = identity(n);
        double[][] term = identity(n);
        for (int k = 1; k <= 20; k++) {
            term = times(term, x);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    term[i][j] /= k;
                    sum[i][j] += term[i][j];
                }
            }
        }
        for (int s = 0; s < squarings; s++) {
            sum = times(sum, sum);
        }
        return sum;
    }

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double[][] times(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
