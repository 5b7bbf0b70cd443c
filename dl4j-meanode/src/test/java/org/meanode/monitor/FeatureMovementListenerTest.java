package org.meanode.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceResNet;
import org.meanode.testutil.ReferenceResNet.Act;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FeatureMovementListener} against the independent plain-Java {@link ReferenceResNet}:
 * the recorded loss and the relative movements of U, V (per block) and h (per depth, on the
 * probe batch) after each recorded GD step equal those computed from the reference's own
 * weights and hidden states (tolerance 1e-9 relative, double precision; a negative control
 * shows that consecutive records differ by far more). Also: the static record comes first and
 * describes the run; the listener leaves training bitwise unchanged; records survive a
 * FileStatsStorage round trip; bad settings fail with a message naming the fix.
 */
class FeatureMovementListenerTest {
    private static final int D_IN = 3;
    private static final int D_OUT = 2;
    private static final int D = 6;
    private static final int L = 5;
    private static final int M = 4;
    private static final int N = 8;
    private static final int PROBE = 5;
    private static final int K = 7;
    private static final int FREQ = 2;
    private static final double ETA = 0.5;
    private static final double TOL = 1e-9;

    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of(true, false), Arguments.of(false, false), Arguments.of(true, true),
                Arguments.of(false, true));
    }

    private static ReferenceResNet reference() {
        return new ReferenceResNet(D_IN, D_OUT, D, L, M, 1.0, Math.sqrt(D), Math.sqrt(D), Act.TANH, 21);
    }

    private static Model network(boolean fused, boolean graph, ReferenceResNet ref, WorkspaceMode ws) {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(D).depth(L).width(M)
                .activation(Activation.TANH).learningRate(ETA).fused(fused).dataType(DataType.DOUBLE).workspaceMode(ws)
                .seed(4).build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        new ResNetWeights(Arrays2.nd(ref.wE), Arrays2.nd(ref.uDml()), Arrays2.nd(ref.vDml()), Arrays2.nd(ref.wU)).writeTo(net);
        return net;
    }

    private static void fit(Model net, DataSet ds) {
        if (net instanceof ComputationGraph g) {
            g.fit(ds);
        } else {
            ((MultiLayerNetwork) net).fit(ds);
        }
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
        return Math.sqrt(num) / Math.sqrt(den);
    }

    private static double[][][] copy(double[][][] w) {
        double[][][] c = new double[w.length][][];
        for (int l = 0; l < w.length; l++) {
            c[l] = new double[w[l].length][];
            for (int i = 0; i < w[l].length; i++) {
                c[l][i] = w[l][i].clone();
            }
        }
        return c;
    }

    static List<MovementUpdate> updates(StatsStorage s, String session) {
        List<MovementUpdate> out = new ArrayList<>();
        for (Persistable p : s.getAllUpdatesAfter(session, FeatureMovementListener.TYPE_ID, 0)) {
            out.add((MovementUpdate) p);
        }
        out.sort(Comparator.comparingLong(MovementUpdate::getTimeStamp));
        return out;
    }

    @ParameterizedTest(name = "fused={0} graph={1}")
    @MethodSource("layouts")
    void recordsMatchTheReference(boolean fused, boolean graph) {
        ReferenceResNet ref = reference();
        double[][] x = Arrays2.gaussian(31, N, D_IN);
        double[][] y = Arrays2.gaussian(32, N, D_OUT);
        double[][] probe = java.util.Arrays.copyOf(x, PROBE);
        Model net = network(fused, graph, ref, WorkspaceMode.ENABLED);
        StatsStorage storage = new InMemoryStatsStorage();
        FeatureMovementListener listener = FeatureMovementListener.builder(storage).frequency(FREQ).probeSize(PROBE)
                .sessionId("s1").workerId("w1").build();
        net.setListeners(listener);
        DataSet ds = new DataSet(Arrays2.nd(x), Arrays2.nd(y));

        double[][][] u0 = copy(ref.u);
        double[][][] v0 = copy(ref.v);
        ref.forward(probe);
        double[][][] h0 = ref.hiddenStates();
        List<double[]> expected = new ArrayList<>(); // loss, U movement per block, V per block, h per state
        for (int k = 0; k < K; k++) {
            double loss = ref.step(x, y, ETA);
            fit(net, ds);
            if (k % FREQ == 0) {
                ref.forward(probe);
                double[][][] h = ref.hiddenStates();
                double[] e = new double[1 + 2 * L + L + 1];
                e[0] = loss;
                for (int l = 0; l < L; l++) {
                    e[1 + l] = rel(ref.u[l], u0[l]);
                    e[1 + L + l] = rel(ref.v[l], v0[l]);
                }
                for (int l = 0; l <= L; l++) {
                    e[1 + 2 * L + l] = l == 0 ? 0.0 : rel(h[l], h0[l]);
                }
                expected.add(e);
            }
        }

        List<MovementUpdate> got = updates(storage, "s1");
        assertEquals(expected.size(), got.size(), "records at iterations 0, 2, 4, 6");
        assertEquals(listener.getRecordCount(), got.size());
        for (int r = 0; r < got.size(); r++) {
            MovementUpdate u = got.get(r);
            double[] e = expected.get(r);
            assertEquals((long) r * FREQ, u.getIteration());
            assertEquals(e[0], u.getLoss(), TOL * e[0], "loss of iteration " + u.getIteration());
            for (int l = 0; l < L; l++) {
                assertEquals(e[1 + l], u.getUMovement()[l], TOL * e[1 + l], "U movement, block " + l + ", record " + r);
                assertEquals(e[1 + L + l], u.getVMovement()[l], TOL * e[1 + L + l], "V movement, block " + l + ", record " + r);
            }
            assertEquals(0.0, u.getHiddenMovement()[0], "h(0) = W_E x with a frozen embedding does not move");
            for (int l = 1; l <= L; l++) {
                double want = e[1 + 2 * L + l];
                assertEquals(want, u.getHiddenMovement()[l], TOL * want, "h movement at s = " + l + "/L, record " + r);
            }
            assertTrue(u.getListenerMillis() >= 0);
        }
        // Negative control: consecutive records differ by far more than the tolerance.
        double[] a = got.get(1).getUMovement();
        double[] b = got.get(2).getUMovement();
        assertTrue(Math.abs(a[0] - b[0]) > 1e-4 * b[0], "records 1 and 2 must differ: " + a[0] + " vs " + b[0]);

        MovementStaticInfo info = (MovementStaticInfo) storage.getStaticInfo("s1", FeatureMovementListener.TYPE_ID, "w1");
        assertTrue(info.getTimeStamp() < got.get(0).getTimeStamp(), "static info before the first update");
        for (int r = 1; r < got.size(); r++) {
            assertTrue(got.get(r).getTimeStamp() > got.get(r - 1).getTimeStamp(), "unique, increasing time stamps");
        }
        assertEquals(graph ? "ComputationGraph" : "MultiLayerNetwork", info.getModelClass());
        assertEquals(L, info.getDepth());
        assertEquals(M, info.getWidth());
        assertEquals(D, info.getEmbeddingDim());
        assertEquals(1.0, info.getAlpha());
        assertEquals("COMPLETE", info.getRegime());
        assertEquals(PROBE, info.getProbeSize());
        assertEquals(FREQ, info.getFrequency());
        assertEquals(0, info.getBaselineIteration());
        assertEquals(fused ? 1 : L, info.getLayers().length);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8}, info.getUnitDepths(), 1e-15);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, info.getStateDepths(), 1e-15);
        assertTrue(Double.isNaN(info.getPredictedDistance()));
        assertEquals("", info.getPredictionNote());
        assertEquals("DOUBLE", info.getDataType());
    }

    @ParameterizedTest(name = "fused={0} graph={1}")
    @MethodSource("layouts")
    void trainingIsUnchangedByTheListener(boolean fused, boolean graph) {
        for (WorkspaceMode ws : new WorkspaceMode[] {WorkspaceMode.ENABLED, WorkspaceMode.NONE}) {
            ReferenceResNet ref = reference();
            Model plain = network(fused, graph, ref, ws);
            Model watched = network(fused, graph, ref, ws);
            watched.setListeners(FeatureMovementListener.builder(new InMemoryStatsStorage()).frequency(1).build());
            DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(41, N, D_IN)), Arrays2.nd(Arrays2.gaussian(42, N, D_OUT)));
            for (int k = 0; k < 4; k++) {
                fit(plain, ds);
                fit(watched, ds);
            }
            assertEquals(plain.params(), watched.params(), "parameters after 4 steps, workspaces " + ws);
            assertEquals(plain.score(), watched.score(), "score, workspaces " + ws);
        }
    }

    @Test
    void recordsSurviveFileStorage(@TempDir Path dir) throws Exception {
        File file = dir.resolve("stats.dl4j").toFile();
        StatsStorage mem = new InMemoryStatsStorage();
        FileStatsStorage disk = new FileStatsStorage(file);
        Model net = network(true, false, reference(), WorkspaceMode.ENABLED);
        FeatureMovementListener a = FeatureMovementListener.builder(mem).sessionId("s").workerId("w").frequency(1).build();
        net.setListeners(a);
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(51, N, D_IN)), Arrays2.nd(Arrays2.gaussian(52, N, D_OUT)));
        for (int k = 0; k < 3; k++) {
            fit(net, ds);
        }
        // Copy the in-memory records to the file, close it, reopen it.
        disk.putStaticInfo(mem.getStaticInfo("s", FeatureMovementListener.TYPE_ID, "w"));
        for (MovementUpdate u : updates(mem, "s")) {
            disk.putUpdate(u);
        }
        disk.close();
        FileStatsStorage reopened = new FileStatsStorage(file);
        try {
            assertEquals(mem.getStaticInfo("s", FeatureMovementListener.TYPE_ID, "w"),
                    reopened.getStaticInfo("s", FeatureMovementListener.TYPE_ID, "w"));
            assertEquals(updates(mem, "s"), updates(reopened, "s"));
            assertEquals(3, updates(reopened, "s").size());
        } finally {
            reopened.close();
        }
    }

    @Test
    void predictionIsEvaluatedOnTheRunShape() {
        StatsStorage storage = new InMemoryStatsStorage();
        Model net = network(true, true, reference(), WorkspaceMode.ENABLED);
        net.setListeners(FeatureMovementListener.builder(storage).sessionId("p").workerId("w")
                .prediction((l, m, d, alpha) -> 1.0 / l + alpha * Math.sqrt(d) / Math.sqrt((double) l * m), "1/L + α√D/√(LM)")
                .build());
        fit(net, new DataSet(Arrays2.nd(Arrays2.gaussian(1, N, D_IN)), Arrays2.nd(Arrays2.gaussian(2, N, D_OUT))));
        MovementStaticInfo info = (MovementStaticInfo) storage.getStaticInfo("p", FeatureMovementListener.TYPE_ID, "w");
        assertEquals(1.0 / 5 + Math.sqrt(6) / Math.sqrt(20), info.getPredictedDistance(), 1e-15);
        assertEquals("1/L + α√D/√(LM)", info.getPredictionNote());
    }

    @Test
    void distancePredictorIsRecordedWithItsSource() {
        StatsStorage storage = new InMemoryStatsStorage();
        Model net = network(true, true, reference(), WorkspaceMode.ENABLED);
        org.meanode.predict.DistancePredictor p = org.meanode.predict.DistancePredictor.of(
                org.meanode.predict.BlockModel.TWO_LAYER_PERCEPTRON, 0.03, 0.2, "test constants");
        net.setListeners(FeatureMovementListener.builder(storage).sessionId("d").workerId("w").prediction(p).build());
        fit(net, new DataSet(Arrays2.nd(Arrays2.gaussian(1, N, D_IN)), Arrays2.nd(Arrays2.gaussian(2, N, D_OUT))));
        MovementStaticInfo info = (MovementStaticInfo) storage.getStaticInfo("d", FeatureMovementListener.TYPE_ID, "w");
        // c1/L + c2·α·√D/√(L·M) by hand for L = 5, M = 4, D = 6, α = 1
        assertEquals(0.03 / 5 + 0.2 * Math.sqrt(6) / Math.sqrt(20), info.getPredictedDistance(), 1e-15);
        assertEquals("test constants", info.getPredictionNote());
    }

    @Test
    void explicitProbeAndRegimeLabels() {
        StatsStorage storage = new InMemoryStatsStorage();
        ReferenceResNet ref = new ReferenceResNet(D_IN, D_OUT, D, L, M, 20.0, Math.sqrt(D), Math.sqrt(D), Act.TANH, 3);
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(D).depth(L).width(M)
                .regime(org.meanode.scaling.Regime.LAZY).dataType(DataType.DOUBLE).build().multiLayerNetwork();
        new ResNetWeights(Arrays2.nd(ref.wE), Arrays2.nd(ref.uDml()), Arrays2.nd(ref.vDml()), Arrays2.nd(ref.wU)).writeTo(net);
        net.setListeners(FeatureMovementListener.builder(storage).sessionId("q").workerId("w")
                .probe(Arrays2.nd(Arrays2.gaussian(9, 3, D_IN))).build());
        net.fit(new DataSet(Arrays2.nd(Arrays2.gaussian(1, N, D_IN)), Arrays2.nd(Arrays2.gaussian(2, N, D_OUT))));
        MovementStaticInfo info = (MovementStaticInfo) storage.getStaticInfo("q", FeatureMovementListener.TYPE_ID, "w");
        assertEquals("LAZY", info.getRegime());
        assertEquals(3, info.getProbeSize());
        assertEquals("SEMI_COMPLETE", RegimeLabel.of(1.0, Math.sqrt(16), 2.0, 16));
        assertEquals("custom (α = 2.000, σ_u/√D = 1.000, σ_v/√D = 0.5000)", RegimeLabel.of(2.0, 4.0, 2.0, 16));
    }

    @Test
    void badSettingsNameTheFix() {
        StatsStorage s = new InMemoryStatsStorage();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureMovementListener.builder(null));
        assertTrue(e.getMessage().contains("router is null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureMovementListener.builder(s).frequency(0));
        assertTrue(e.getMessage().contains("frequency = 0") && e.getMessage().contains(".frequency(n)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureMovementListener.builder(s).probeSize(-1));
        assertTrue(e.getMessage().contains("probeSize = -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureMovementListener.builder(s).prediction(Double.NaN, "x"));
        assertTrue(e.getMessage().contains("prediction = NaN"), e.getMessage());

        MultiLayerNetwork plain = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(2).activation(Activation.IDENTITY).build())
                .build());
        plain.init();
        plain.setListeners(FeatureMovementListener.builder(s).build());
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(1, 4, 3)), Arrays2.nd(Arrays2.gaussian(2, 4, 2)));
        e = assertThrows(IllegalArgumentException.class, () -> plain.fit(ds));
        assertTrue(e.getMessage().contains("has no dl4j-meanode residual"), e.getMessage());

        FeatureMovementListener one = FeatureMovementListener.builder(s).build();
        Model a = network(true, false, reference(), WorkspaceMode.ENABLED);
        Model b = network(true, false, reference(), WorkspaceMode.ENABLED);
        a.setListeners(one);
        b.setListeners(one);
        DataSet d2 = new DataSet(Arrays2.nd(Arrays2.gaussian(1, N, D_IN)), Arrays2.nd(Arrays2.gaussian(2, N, D_OUT)));
        fit(a, d2);
        IllegalStateException st = assertThrows(IllegalStateException.class, () -> fit(b, d2));
        assertTrue(st.getMessage().contains("one listener per network"), st.getMessage());
        assertInstanceOf(FeatureMovementListener.class, one.clone());
    }
}
