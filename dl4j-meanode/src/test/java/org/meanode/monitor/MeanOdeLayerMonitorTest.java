package org.meanode.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceMeanOde;
import org.meanode.testutil.ReferenceMeanOde.Method;
import org.meanode.testutil.ReferenceResNet.Act;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The monitor on the limit layer ({@link org.meanode.conf.MeanOdeLayer}) against the independent
 * plain-Java {@link ReferenceMeanOde}: the layer's hidden states at the S+1 grid points, its units
 * per (step, stage) at depth (n + c_i)/S, and the listener's records (loss, unit movement per
 * step and stage, hidden movement per grid point) after each recorded step of the limit's
 * training dynamics; tolerance 1e-9 relative in double, for Euler with fresh nodes and RK4 with
 * shared nodes, MultiLayerNetwork and ComputationGraph.
 */
class MeanOdeLayerMonitorTest {
    private static final int D_IN = 3;
    private static final int D_OUT = 2;
    private static final int D = 5;
    private static final int S = 3;
    private static final int P = 4;
    private static final int N = 6;
    private static final int K = 5;
    private static final double ETA = 0.5;
    private static final double TOL = 1e-9;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(Method.RK4, true, false), Arguments.of(Method.RK4, true, true),
                Arguments.of(Method.EULER, false, false), Arguments.of(Method.HEUN, true, true));
    }

    private static Model network(ReferenceMeanOde ref, Method method, boolean shared, boolean graph) {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(D)
                .limit(P, S, OdeSolver.valueOf(method.name()), NodeScheme.IID, !shared).activation(Activation.TANH)
                .learningRate(ETA).dataType(DataType.DOUBLE).seed(3).build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        new EmbeddingReadoutWeights(Arrays2.nd(ref.wE), Arrays2.nd(ref.wU)).writeTo(net);
        MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(net);
        for (int i = 0; i < method.stages(); i++) {
            layer.setU(i, Arrays2.nd(ref.uDps(i)));
            layer.setV(i, Arrays2.nd(ref.vDps(i)));
        }
        return net;
    }

    private static double rel(double[][] a, double[][] a0) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                num += (a[i][j] - a0[i][j]) * (a[i][j] - a0[i][j]);
                den += a0[i][j] * a0[i][j];
            }
        }
        return Math.sqrt(num / den);
    }

    private static double[][][][] copy(double[][][][] w) {
        double[][][][] c = new double[w.length][w[0].length][][];
        for (int n = 0; n < w.length; n++) {
            for (int i = 0; i < w[n].length; i++) {
                c[n][i] = new double[w[n][i].length][];
                for (int k = 0; k < w[n][i].length; k++) {
                    c[n][i][k] = w[n][i][k].clone();
                }
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0} shared={1} graph={2}")
    @MethodSource("cases")
    void probeAndRecordsMatchTheReference(Method method, boolean shared, boolean graph) {
        int r = method.stages();
        ReferenceMeanOde ref = new ReferenceMeanOde(D_IN, D_OUT, D, S, P, 1.0, Math.sqrt(D), Math.sqrt(D), method, Act.TANH,
                shared, 8);
        Model net = network(ref, method, shared, graph);
        double[][] x = Arrays2.gaussian(11, N, D_IN);
        double[][] y = Arrays2.gaussian(12, N, D_OUT);
        double[][] probe = java.util.Arrays.copyOf(x, 4);

        // The probe API of the layer itself.
        MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(net);
        double[][][] grid = ref.gridStates(probe);
        INDArray states = layer.hiddenStates(Arrays2.nd(grid[0]));
        assertArrayEquals(new long[] {S + 1, 4, D}, states.shape());
        assertTrue(Arrays2.relError(states, grid) < 1e-12, "grid states vs reference: " + Arrays2.relError(states, grid));
        assertArrayEquals(new double[] {0, 1.0 / 3, 2.0 / 3, 1}, layer.stateDepths(), 1e-15);
        double[] depths = layer.unitDepths();
        assertEquals(S * r, depths.length);
        if (method == Method.RK4) {
            assertArrayEquals(new double[] {1.0 / 3, 1.5 / 3, 1.5 / 3, 1.0 / 3}, new double[] {depths[4], depths[5], depths[6],
                depths[3]}, 1e-15, "(n + c_i)/S with c = 0, 1/2, 1/2, 1");
        }
        INDArray u = layer.unitsU();
        for (int n = 0; n < S; n++) {
            for (int i = 0; i < r; i++) {
                assertEquals(0.0, Arrays2.relError(u.tensorAlongDimension(n * r + i, 1, 2), ref.u[n][i]),
                        "group " + (n * r + i) + " = step " + n + ", stage " + i);
            }
        }

        StatsStorage storage = new InMemoryStatsStorage();
        net.setListeners(FeatureMovementListener.builder(storage).sessionId("lim").workerId("w").frequency(2).probeSize(4)
                .prediction((l, m, d, a) -> 1.0, "must not apply to the limit").build());
        double[][][][] u0 = copy(ref.u);
        double[][][][] v0 = copy(ref.v);
        double[][][] h0 = ref.gridStates(probe);
        DataSet ds = new DataSet(Arrays2.nd(x), Arrays2.nd(y));
        List<double[]> expected = new ArrayList<>();
        for (int k = 0; k < K; k++) {
            double loss = ref.step(x, y, ETA);
            if (net instanceof ComputationGraph g) {
                g.fit(ds);
            } else {
                ((MultiLayerNetwork) net).fit(ds);
            }
            if (k % 2 == 0) {
                double[][][] h = ref.gridStates(probe);
                double[] e = new double[1 + 2 * S * r + S + 1];
                e[0] = loss;
                for (int n = 0; n < S; n++) {
                    for (int i = 0; i < r; i++) {
                        e[1 + n * r + i] = rel(ref.u[n][i], u0[n][i]);
                        e[1 + S * r + n * r + i] = rel(ref.v[n][i], v0[n][i]);
                    }
                }
                for (int n = 0; n <= S; n++) {
                    e[1 + 2 * S * r + n] = n == 0 ? 0.0 : rel(h[n], h0[n]);
                }
                expected.add(e);
            }
        }
        List<MovementUpdate> got = FeatureMovementListenerTest.updates(storage, "lim");
        assertEquals(expected.size(), got.size());
        for (int q = 0; q < got.size(); q++) {
            MovementUpdate m = got.get(q);
            double[] e = expected.get(q);
            assertEquals(e[0], m.getLoss(), TOL * e[0], "loss, record " + q);
            for (int g = 0; g < S * r; g++) {
                assertEquals(e[1 + g], m.getUMovement()[g], TOL * e[1 + g], "u movement of group " + g + ", record " + q);
                assertEquals(e[1 + S * r + g], m.getVMovement()[g], TOL * e[1 + S * r + g], "v movement of group " + g);
            }
            for (int n = 0; n <= S; n++) {
                double want = e[1 + 2 * S * r + n];
                assertEquals(want, m.getHiddenMovement()[n], TOL * want, "h movement at s = " + n + "/S, record " + q);
            }
        }
        assertTrue(got.get(1).getUMovement()[0] > got.get(0).getUMovement()[0] * (1 + 1e-6), "units keep moving");
        MovementStaticInfo info = (MovementStaticInfo) storage.getStaticInfo("lim", FeatureMovementListener.TYPE_ID, "w");
        assertEquals(MovementStaticInfo.LIMIT, info.getKind());
        assertEquals(S, info.getDepth());
        assertEquals(P, info.getWidth());
        assertArrayEquals(layer.unitDepths(), info.getUnitDepths(), 0.0);
        assertArrayEquals(layer.stateDepths(), info.getStateDepths(), 0.0);
        assertTrue(Double.isNaN(info.getPredictedDistance()), "no predicted distance for the limit itself");
        assertTrue(info.getLayers()[0].contains("MeanOdeLayer, " + method.name()), info.getLayers()[0]);
        assertEquals("COMPLETE", info.getRegime());
    }
}
