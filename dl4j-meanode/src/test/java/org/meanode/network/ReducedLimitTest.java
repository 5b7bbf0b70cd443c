package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.params.MeanOdeParams;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.ReducedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * {@link ReducedLimit}, the limit computed in span(W_E, W_U):
 * <ul>
 *   <li>15 fit() steps (Sgd, double, full batch, trainable W_E and W_U) equal an independent
 *   plain-Java Euler implementation of the reduced equations (states in R^k, 1/D inside σ, the
 *   rates of width D) to 1e-9;</li>
 *   <li>the full-space limit layer (width D) whose nodes lie in S (u = Q u_S, v = Q v_S) trains
 *   exactly like the reduced network for 15 RK4 steps, for the 2LP, bias and gated units: every
 *   constant of width D is kept;</li>
 *   <li>gradient checks, ModelSerializer round trip (MLN and CG), JSON, refusals.</li>
 * </ul>
 * That the two limits agree for generic (random) nodes, as P grows, is a statistical statement:
 * the {@code accuracy} example measures it (docs/reduced-limit.md).
 */
class ReducedLimitTest {
    private static final double TOL = 1e-9;

    private static MeanOdeResNet spec(UnitFunction unit, int d, boolean trainable, double eta) {
        MeanOdeResNet.Builder b = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(d)
                .limit(5, 3, OdeSolver.RK4, NodeScheme.IID).trainableEmbedding(trainable).trainableReadout(trainable)
                .learningRate(eta).dataType(DataType.DOUBLE).seed(7);
        if (unit != null) {
            b.unit(unit);
        }
        return b.build();
    }

    @Test
    void fifteenFitStepsEqualPlainJavaReducedEquations() {
        int d = 40;
        int p = 6;
        int s = 3;
        double eta = 0.3;
        MeanOdeResNet spec = spec(null, d, true, eta);
        ReducedLimit r = ReducedLimit.of(spec, p, s, OdeSolver.EULER, NodeScheme.IID);
        assertEquals(5, r.subspaceDim());
        MultiLayerNetwork net = r.multiLayerNetwork();
        double[][] x = Arrays2.gaussian(1, 8, 3);
        double[][] y = Arrays2.gaussian(2, 8, 2);
        DataSet ds = new DataSet(Arrays2.nd(x), Arrays2.nd(y));
        EmbeddingReadoutWeights w = EmbeddingReadoutWeights.readFrom(net);
        MeanOdeLayerRuntime layer = EmbeddingReadoutWeights.limitLayer(net);
        Reference ref = new Reference(w.getEmbedding().toDoubleMatrix(), w.getReadout().toDoubleMatrix(),
                layer.getU(0), layer.getV(0), d, 1.0);
        assertTrue(Arrays2.relError(net.output(ds.getFeatures()), ref.forward(x)) < TOL, "initial outputs");
        for (int k = 0; k < 15; k++) {
            double loss = ref.step(x, y, eta);
            net.fit(ds);
            assertEquals(loss, net.score(), TOL * loss, "loss before step " + k);
        }
        assertTrue(Arrays2.relError(net.output(ds.getFeatures()), ref.forward(x)) < TOL, "outputs after 15 steps");
        EmbeddingReadoutWeights w15 = EmbeddingReadoutWeights.readFrom(net);
        assertTrue(Arrays2.relError(w15.getEmbedding(), ref.wE) < TOL, "W_E^S after 15 steps");
        assertTrue(Arrays2.relError(w15.getReadout(), ref.wU) < TOL, "W_U^S after 15 steps");
        for (int l = 0; l < s; l++) {
            INDArray u = layer.getU(0);
            for (int a = 0; a < ref.k; a++) {
                for (int j = 0; j < p; j++) {
                    assertEquals(ref.u[l][a][j], u.getDouble(a, j, l), TOL * 10 * Math.sqrt(d), "u");
                }
            }
        }
    }

    @Test
    void weightsAreTheCoordinatesOfWeAndWuInAnOrthonormalBasis() {
        MeanOdeResNet spec = spec(null, 30, false, 0.1);
        EmbeddingReadoutWeights full = new EmbeddingReadoutWeights(Arrays2.nd(Arrays2.gaussian(3, 30, 3)),
                Arrays2.nd(Arrays2.gaussian(4, 30, 2)));
        ReducedLimit r = ReducedLimit.of(spec, full, 8, 2, OdeSolver.RK4, NodeScheme.SOBOL);
        INDArray q = r.basis();
        assertTrue(Arrays2.relError(q.transpose().mmul(q), Nd4j.eye(5).toDoubleMatrix()) < 1e-12, "QᵀQ = I");
        EmbeddingReadoutWeights lifted = r.liftedWeights(r.multiLayerNetwork());
        assertTrue(Arrays2.relError(lifted.getEmbedding(), full.getEmbedding()) < 1e-12, "Q W_E^S = W_E");
        assertTrue(Arrays2.relError(lifted.getReadout(), full.getReadout()) < 1e-12, "Q W_U^S = W_U");
        assertEquals(12.0 * 2 * 4 * 8 * 5 * 10, r.flopsPerStep(10), 1e-9);
    }

    /** Nodes of the full-space layer placed in S: the full layer is then exactly the reduced one, through training. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2LP", "bias", "gated"})
    void fullSpaceLayerWithNodesInSpanTrainsExactlyLikeReducedLayer(String kind) {
        UnitFunction unit = switch (kind) {
            case "bias" -> new TwoLayerBiasUnit();
            case "gated" -> new GatedUnit();
            default -> null;
        };
        int d = 24;
        double eta = 0.2;
        MeanOdeResNet spec = spec(unit, d, true, eta);
        MultiLayerNetwork full = spec.multiLayerNetwork();
        ReducedLimit r = ReducedLimit.of(spec, EmbeddingReadoutWeights.readFrom(full), 5, 3, OdeSolver.RK4, NodeScheme.IID);
        ComputationGraph red = r.computationGraph();
        placeNodesInSpan(r, red.getLayer(MeanOdeResNet.LIMIT), full.getLayer(1));
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(5, 6, 3)), Arrays2.nd(Arrays2.gaussian(6, 6, 2)));
        INDArray y0 = full.output(ds.getFeatures());
        assertTrue(Arrays2.relError(red.outputSingle(ds.getFeatures()), y0) < TOL, "outputs at init");
        for (int k = 0; k < 15; k++) {
            full.fit(ds);
            red.fit(ds);
            assertEquals(full.score(), red.score(), TOL * full.score(), "loss before step " + k);
        }
        INDArray y15 = full.output(ds.getFeatures());
        assertTrue(Arrays2.relError(y15, y0) > 1e-3, "the outputs moved in training");
        assertTrue(Arrays2.relError(red.outputSingle(ds.getFeatures()), y15) < TOL, "outputs after 15 steps");
        EmbeddingReadoutWeights lifted = r.liftedWeights(red);
        EmbeddingReadoutWeights fw = EmbeddingReadoutWeights.readFrom(full);
        assertTrue(Arrays2.relError(lifted.getEmbedding(), fw.getEmbedding()) < TOL, "trained W_E stays in S");
        assertTrue(Arrays2.relError(lifted.getReadout(), fw.getReadout()) < TOL, "trained W_U stays in S");
    }

    /** Sets the full layer's blocks: D-row blocks to Q·(reduced block), others copied. */
    static void placeNodesInSpan(ReducedLimit r, org.deeplearning4j.nn.api.Layer reduced,
                                 org.deeplearning4j.nn.api.Layer full) {
        INDArray q = r.basis();
        MeanOdeLayer conf = (MeanOdeLayer) ((MeanOdeLayerRuntime) full).layerConf();
        for (int i = 0; i < conf.stages(); i++) {
            for (UnitParam up : conf.unitParams()) {
                String key = MeanOdeParams.key(up.key(), i);
                INDArray zr = reduced.getParam(key);
                INDArray zf = full.getParam(key);
                for (int s = 0; s < zf.size(0); s++) {
                    INDArray src = zr.slice(s);
                    zf.slice(s).assign(up.rows() == conf.getEmbeddingDim() ? q.mmul(src) : src);
                }
            }
        }
    }

    @Test
    void gradientChecksPass() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            checkGradients();
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    private static void checkGradients() {
        INDArray x = Arrays2.nd(Arrays2.gaussian(31, 4, 2));
        INDArray y = Arrays2.nd(Arrays2.gaussian(32, 4, 2));
        for (UnitFunction u : List.of(new TwoLayerUnit(), new GatedUnit())) {
            MeanOdeResNet spec = MeanOdeResNet.builder().nIn(2).nOut(2).embeddingDim(9).unit(u).depth(2).width(2)
                    .trainableEmbedding(true).trainableReadout(true).updater(new NoOp()).dataType(DataType.DOUBLE)
                    .seed(12).build();
            ReducedLimit r = ReducedLimit.of(spec, 2, 2, OdeSolver.RK4, NodeScheme.IID);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(r.multiLayerNetwork())
                    .input(x).labels(y).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false).excludeParams(Set.of())),
                    u + " MLN");
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(r.computationGraph())
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).epsilon(1e-6).maxRelError(1e-5)
                    .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)
                    .excludeParams(Set.of())), u + " CG");
        }
    }

    @Test
    void modelSerializerAndJsonRoundTrip() throws Exception {
        ReducedLimit r = ReducedLimit.of(spec(new TwoLayerBiasUnit(), 32, true, 0.2), 16, 2, OdeSolver.RK4,
                NodeScheme.SOBOL);
        MultiLayerConfiguration mc = r.multiLayerConfiguration();
        assertEquals(mc, MultiLayerConfiguration.fromJson(mc.toJson()));
        ComputationGraphConfiguration gc = r.graphConfiguration();
        assertEquals(gc, ComputationGraphConfiguration.fromJson(gc.toJson()));
        INDArray x = Arrays2.nd(Arrays2.gaussian(9, 5, 3));
        DataSet ds = new DataSet(x, Arrays2.nd(Arrays2.gaussian(10, 5, 2)));
        MultiLayerNetwork net = r.multiLayerNetwork();
        net.fit(ds);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations());
        assertEquals(net.output(x), back.output(x));
        net.fit(ds);
        back.fit(ds);
        assertEquals(net.params(), back.params());
        ComputationGraph g = r.computationGraph();
        g.fit(ds);
        bytes.reset();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph gb = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(g.outputSingle(x), gb.outputSingle(x));
    }

    /** A unit that is not known to reduce. */
    static final class Opaque implements UnitFunction {
        private static final long serialVersionUID = 1L;
        private final TwoLayerUnit inner = new TwoLayerUnit();

        @Override
        public List<UnitParam> params(long d) {
            return inner.params(d);
        }

        @Override
        public long[] storedColumns(long d, int m, org.meanode.units.UnitOps ops) {
            return inner.storedColumns(d, m, ops);
        }

        @Override
        public long[] scratchColumns(long d, int m, org.meanode.units.UnitOps ops) {
            return inner.scratchColumns(d, m, ops);
        }

        @Override
        public void forward(org.meanode.units.UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out,
                            INDArray[] stored, INDArray[] scratch, boolean training) {
            inner.forward(ops, h, z, scale, out, stored, scratch, training);
        }

        @Override
        public void backward(org.meanode.units.UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut,
                             INDArray[] stored, INDArray[] scratch, INDArray dH, INDArray[] dZ) {
            inner.backward(ops, h, z, scale, dOut, stored, scratch, dH, dZ);
        }

        @Override
        public double forwardFlopsPerUnit(long d) {
            return inner.forwardFlopsPerUnit(d);
        }
    }

    @Test
    void refusesUnitsThatDoNotReduceAndAdaptiveUpdaters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReducedUnit(new Opaque(), 10));
        assertTrue(e.getMessage().contains("SpanReducible"), e.getMessage());
        MeanOdeResNet adam = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(16).depth(2).width(2)
                .updater(new Adam(1e-3)).seed(1).build();
        e = assertThrows(IllegalArgumentException.class, () -> ReducedLimit.of(adam, 8, 2, OdeSolver.RK4, NodeScheme.SOBOL));
        assertTrue(e.getMessage().contains("Sgd or Nesterovs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReducedUnit(new TwoLayerUnit(), 8).params(9));
    }

    /**
     * Independent plain-Java reference of the reduced equations, forward Euler with S steps, each
     * step with its own copy of the P nodes, full-batch Sgd with trainable W_E^S and W_U^S:
     * <pre>
     *   z_0 = W_E^S x,  z_{l+1} = z_l + α/(S·P) Σ_p v_p tanh(u_pᵀz_l/D),  y = (W_U^S)ᵀ z_S / D
     *   B_S = W_U^S (y − Y)/(N·d_out),  B_l = B_{l+1} + α/(S·P) Σ_p u_p tanh'(·)(v_pᵀB_{l+1}/D)
     *   u ← u − (η/α) Σ_n z_n tanh'(·)(vᵀB_{l+1,n}/D),  v ← v − (η/α) Σ_n B_{l+1,n} tanh(·)
     *   W_E^S ← W_E^S − (η/d_in) Σ_n B_{0,n} x_nᵀ,   W_U^S ← W_U^S − (η/N) Σ_n z_{S,n} (y_n − Y_n)ᵀ
     * </pre>
     * (the last two are Sgd with MODEL.md's multipliers D/(2·d_in) and D·d_out/2 at width D).
     */
    static final class Reference {
        final int k;
        final int dIn;
        final int dOut;
        final int steps;
        final int nodes;
        final double d;
        final double alpha;
        final double[][] wE;
        final double[][] wU;
        final double[][][] u;
        final double[][][] v;

        /** @param u0 the network's u's as [k, P, S] */
        Reference(double[][] wE, double[][] wU, INDArray u0, INDArray v0, int d, double alpha) {
            this.wE = wE;
            this.wU = wU;
            this.k = wE.length;
            this.dIn = wE[0].length;
            this.dOut = wU[0].length;
            this.nodes = (int) u0.size(1);
            this.steps = (int) u0.size(2);
            this.d = d;
            this.alpha = alpha;
            u = new double[steps][k][nodes];
            v = new double[steps][k][nodes];
            for (int l = 0; l < steps; l++) {
                for (int a = 0; a < k; a++) {
                    for (int j = 0; j < nodes; j++) {
                        u[l][a][j] = u0.getDouble(a, j, l);
                        v[l][a][j] = v0.getDouble(a, j, l);
                    }
                }
            }
        }

        private double[][][] states(double[][] x) {
            int n = x.length;
            double[][][] z = new double[steps + 1][n][k];
            double c = alpha / (steps * nodes);
            for (int e = 0; e < n; e++) {
                for (int a = 0; a < k; a++) {
                    for (int i = 0; i < dIn; i++) {
                        z[0][e][a] += wE[a][i] * x[e][i];
                    }
                }
                for (int l = 0; l < steps; l++) {
                    z[l + 1][e] = z[l][e].clone();
                    for (int j = 0; j < nodes; j++) {
                        double pre = 0;
                        for (int a = 0; a < k; a++) {
                            pre += u[l][a][j] * z[l][e][a];
                        }
                        double act = Math.tanh(pre / d);
                        for (int a = 0; a < k; a++) {
                            z[l + 1][e][a] += c * v[l][a][j] * act;
                        }
                    }
                }
            }
            return z;
        }

        private double[][] readout(double[][] zs) {
            double[][] y = new double[zs.length][dOut];
            for (int e = 0; e < zs.length; e++) {
                for (int o = 0; o < dOut; o++) {
                    for (int a = 0; a < k; a++) {
                        y[e][o] += wU[a][o] * zs[e][a] / d;
                    }
                }
            }
            return y;
        }

        double[][] forward(double[][] x) {
            return readout(states(x)[steps]);
        }

        /** One GD step; @return the loss before it */
        double step(double[][] x, double[][] yt, double eta) {
            int n = x.length;
            double[][][] z = states(x);
            double[][] y = readout(z[steps]);
            double loss = 0;
            double[][] b = new double[n][k];
            for (int e = 0; e < n; e++) {
                for (int o = 0; o < dOut; o++) {
                    double r = y[e][o] - yt[e][o];
                    loss += r * r / (n * dOut);
                    for (int a = 0; a < k; a++) {
                        b[e][a] += wU[a][o] * r / (n * dOut);
                    }
                }
            }
            double[][] gU = new double[k][dOut];
            for (int e = 0; e < n; e++) {
                for (int a = 0; a < k; a++) {
                    for (int o = 0; o < dOut; o++) {
                        gU[a][o] += z[steps][e][a] * (y[e][o] - yt[e][o]) / n;
                    }
                }
            }
            double c = alpha / (steps * nodes);
            double[][][] du = new double[steps][k][nodes];
            double[][][] dv = new double[steps][k][nodes];
            for (int l = steps - 1; l >= 0; l--) {
                double[][] bn = new double[n][];
                for (int e = 0; e < n; e++) {
                    bn[e] = b[e].clone();
                }
                for (int j = 0; j < nodes; j++) {
                    for (int e = 0; e < n; e++) {
                        double pre = 0;
                        double vb = 0;
                        for (int a = 0; a < k; a++) {
                            pre += u[l][a][j] * z[l][e][a];
                            vb += v[l][a][j] * b[e][a];
                        }
                        double act = Math.tanh(pre / d);
                        double sg = (1 - act * act) * vb / d;
                        for (int a = 0; a < k; a++) {
                            bn[e][a] += c * u[l][a][j] * sg;
                            du[l][a][j] += z[l][e][a] * sg;
                            dv[l][a][j] += b[e][a] * act;
                        }
                    }
                }
                b = bn;
            }
            for (int a = 0; a < k; a++) {
                for (int i = 0; i < dIn; i++) {
                    double g = 0;
                    for (int e = 0; e < n; e++) {
                        g += b[e][a] * x[e][i];
                    }
                    wE[a][i] -= eta / dIn * g;
                }
                for (int o = 0; o < dOut; o++) {
                    wU[a][o] -= eta * gU[a][o];
                }
                for (int l = 0; l < steps; l++) {
                    for (int j = 0; j < nodes; j++) {
                        u[l][a][j] -= eta / alpha * du[l][a][j];
                        v[l][a][j] -= eta / alpha * dv[l][a][j];
                    }
                }
            }
            return loss;
        }
    }
}
