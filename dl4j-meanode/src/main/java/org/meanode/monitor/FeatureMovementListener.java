package org.meanode.monitor;

import java.util.Objects;
import java.util.UUID;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.core.storage.listener.RoutingIterationListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.meanode.layers.HiddenStateProbe;
import org.meanode.predict.DistancePredictor;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Records, every {@code frequency} iterations, the loss and the feature movement of MODEL.md
 * ("Regimes") of a network holding dl4j-meanode layers, through a DL4J
 * {@link StatsStorageRouter} (InMemoryStatsStorage, FileStatsStorage, RemoteUIStatsStorageRouter):
 * <ul>
 *   <li>per block l: ‖U_k − U_0‖_F/‖U_0‖_F and ‖V_k − V_0‖_F/‖V_0‖_F (for the fused stack, per
 *       slice l of its [L, D, M] parameters);</li>
 *   <li>per depth s: ‖h_k(s) − h_0(s)‖/‖h_0(s)‖ on a fixed probe batch;</li>
 *   <li>once, before the first update record: (L, M, D, α, σ_u, σ_v), the regime and a predicted
 *       distance to the Neural Mean ODE limit when one is supplied ({@link MovementStaticInfo}).</li>
 * </ul>
 * The baseline (U_0, V_0, h_0) is taken when the listener first sees the network, normally just
 * before the first parameter update ({@code onGradientCalculation} of the first iteration): that
 * is the initialisation for a fresh network. The probe batch is, unless set with
 * {@link Builder#probe}, the first {@code probeSize} examples of the first minibatch.
 *
 * <pre>{@code
 * StatsStorage storage = new InMemoryStatsStorage();
 * net.setListeners(new StatsListener(storage),
 *         FeatureMovementListener.builder(storage).frequency(10).build());
 * }</pre>
 *
 * <p>Works with MultiLayerNetwork and ComputationGraph, for every layer implementing
 * {@link HiddenStateProbe}: ScaledResidualBlock, ScaledResidualStack, and MeanOdeLayer (the limit:
 * its units per solver step and stage at depth (n + c_i)/S, its hidden states at the S+1 grid
 * points; no predicted distance, the limit being what the bound measures the distance to). Cost of a record:
 * one probe forward pass through the residual layers (4·L·M·D·probeSize flops) and two passes
 * over U and V; the {@code bench} command of the examples measures the overhead.
 * One listener per network.
 */
public class FeatureMovementListener extends BaseTrainingListener implements RoutingIterationListener {
    private static final long serialVersionUID = 1L;

    /** Type ID of the records in the stats storage. */
    public static final String TYPE_ID = "MeanOdeMovement";
    /** Default number of iterations between records. */
    public static final int DEFAULT_FREQUENCY = 10;
    /** Default number of examples of the probe batch. */
    public static final int DEFAULT_PROBE_SIZE = 32;

    private transient StatsStorageRouter router;
    private String sessionId;
    private String workerId;
    private final int frequency;
    private final int probeSize;
    private final transient INDArray[] explicitProbe;
    private final transient DistanceBound bound;
    private final double fixedPrediction;
    private final String predictionNote;

    private transient Model model;
    private transient MovementTracker tracker;
    private transient long lastTimeStamp;
    private transient int records;

    private FeatureMovementListener(Builder b) {
        this.router = b.router;
        this.sessionId = b.sessionId;
        this.workerId = b.workerId;
        this.frequency = b.frequency;
        this.probeSize = b.probeSize;
        this.explicitProbe = b.probe;
        this.bound = b.bound;
        this.fixedPrediction = b.fixedPrediction;
        this.predictionNote = b.predictionNote;
    }

    /**
     * @param router where the records go (a StatsStorage or a RemoteUIStatsStorageRouter)
     * @return a builder with the defaults: every {@value #DEFAULT_FREQUENCY} iterations, probe of
     *         {@value #DEFAULT_PROBE_SIZE} examples, a random session ID, no prediction
     */
    public static Builder builder(StatsStorageRouter router) {
        if (router == null) {
            throw new IllegalArgumentException("FeatureMovementListener.builder(router): router is null; pass a StatsStorage"
                    + " (InMemoryStatsStorage, FileStatsStorage) or a RemoteUIStatsStorageRouter (for Spark training:"
                    + " builderForSpark())");
        }
        return new Builder(router);
    }

    /**
     * A listener for DL4J's Spark training, whose router is set on every worker by DL4J's stats
     * routing, as for DL4J's own {@code new StatsListener(null)}: pass it with the driver's storage to
     * {@code SparkDl4jMultiLayer.setListeners(storage, listeners)} (or SparkComputationGraph's), and
     * the workers' records reach that storage (one worker ID per Spark partition). On Spark the
     * baseline (U_0, V_0, h_0) is the network a worker receives at the start of each averaging
     * round (workers rebuild the network every round), not the initialisation.
     *
     * @return a builder with the defaults of {@link #builder(StatsStorageRouter)} and no router
     */
    public static Builder builderForSpark() {
        return new Builder(null);
    }

    @Override
    public void onEpochStart(Model model) {
        ensureBaseline(model, false);
    }

    @Override
    public void onGradientCalculation(Model model) {
        ensureBaseline(model, false);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        ensureBaseline(model, true);
        if (iteration % frequency != 0) {
            return;
        }
        long t0 = System.nanoTime();
        double[][] m = tracker.measure();
        double millis = (System.nanoTime() - t0) / 1e6;
        router.putUpdate(new MovementUpdate(sessionId, workerId(), nextTimeStamp(), iteration, epoch, model.score(),
                m[0], m[1], m[2], millis));
        records++;
    }

    /** @return the number of update records written so far */
    public int getRecordCount() {
        return records;
    }

    /** @return the iterations between records */
    public int getFrequency() {
        return frequency;
    }

    private void ensureBaseline(Model m, boolean afterUpdate) {
        if (tracker != null) {
            if (m != model) {
                throw new IllegalStateException("this FeatureMovementListener already monitors another network (session "
                        + sessionId + "); build one listener per network");
            }
            return;
        }
        if (router == null) {
            throw new IllegalStateException("FeatureMovementListener (session " + sessionId + ") has no router: it was built"
                    + " with builderForSpark() but is used outside DL4J's Spark training; use builder(storage) instead");
        }
        MonitoredNetwork net = MonitoredNetwork.of(m);
        MovementTracker t = new MovementTracker(net, explicitProbe != null ? explicitProbe : defaultProbe(net));
        RunShape shape = RunShape.of(net.layers().get(0));
        double predicted = shape.limit() ? Double.NaN // the limit layer is what the bound measures the distance to
                : bound != null ? bound.predict(shape.depth(), shape.width(), (int) shape.samplingDim(), shape.alpha())
                : fixedPrediction;
        String[] layers = net.layers().stream().map(MonitoredLayer::describe).toArray(String[]::new);
        long iterations = iterationCount(m);
        MovementStaticInfo info = new MovementStaticInfo.Builder()
                .keys(sessionId, workerId(), nextTimeStamp())
                .network(net.modelClass(), shape.depth(), shape.width(), shape.embeddingDim(), dataType(m))
                .kind(shape.limit() ? MovementStaticInfo.LIMIT : MovementStaticInfo.FINITE)
                .scaling(shape.alpha(), shape.sigmaU(), shape.sigmaV(), shape.activation(),
                        shape.regime())
                .prediction(predicted, Double.isNaN(predicted) ? "" : predictionNote)
                .recording(frequency, (int) t.probeSize(), afterUpdate ? iterations + 1 : iterations)
                .layout(layers, t.unitDepths(), t.stateDepths())
                .build();
        router.putStaticInfo(info);
        this.model = m;
        this.tracker = t;
    }

    private INDArray[] defaultProbe(MonitoredNetwork net) {
        INDArray[] in = net.currentInputs();
        if (in == null) {
            throw new IllegalStateException("FeatureMovementListener: the " + net.modelClass() + " has no input set when the"
                    + " listener first sees it, so no default probe batch; pass one with .probe(features)");
        }
        INDArray[] p = new INDArray[in.length];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int i = 0; i < in.length; i++) {
                long n = Math.min(probeSize, in[i].size(0));
                INDArray rows = in[i].rank() == 2 ? in[i].get(NDArrayIndex.interval(0, n), NDArrayIndex.all())
                        : in[i].get(NDArrayIndex.interval(0, n));
                p[i] = rows.dup();
            }
        }
        return p;
    }

    private static long iterationCount(Model m) {
        if (m instanceof MultiLayerNetwork n) {
            return n.getIterationCount();
        }
        return ((ComputationGraph) m).getIterationCount();
    }

    private static String dataType(Model m) {
        INDArray p = m.params();
        return p == null ? "?" : p.dataType().toString();
    }

    private long nextTimeStamp() {
        lastTimeStamp = Math.max(System.currentTimeMillis(), lastTimeStamp + 1);
        return lastTimeStamp;
    }

    private String workerId() {
        if (workerId == null) {
            workerId = "pid" + ProcessHandle.current().pid() + "_thread" + Thread.currentThread().getId();
        }
        return workerId;
    }

    @Override
    public void setStorageRouter(StatsStorageRouter router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    @Override
    public StatsStorageRouter getStorageRouter() {
        return router;
    }

    @Override
    public void setWorkerID(String workerID) {
        this.workerId = workerID;
    }

    @Override
    public String getWorkerID() {
        return workerId();
    }

    @Override
    public void setSessionID(String sessionID) {
        if (tracker != null) {
            throw new IllegalStateException("setSessionID after the first record: the session " + sessionId + " is already written");
        }
        this.sessionId = Objects.requireNonNull(sessionID, "sessionID");
    }

    @Override
    public String getSessionID() {
        return sessionId;
    }

    /** @return a listener with the same settings and router that has not seen a network yet */
    @Override
    public FeatureMovementListener clone() {
        Builder b = new Builder(router).frequency(frequency).probeSize(probeSize).sessionId(sessionId);
        if (workerId != null) {
            b.workerId(workerId);
        }
        b.probe = explicitProbe;
        b.bound = bound;
        b.fixedPrediction = fixedPrediction;
        b.predictionNote = predictionNote;
        return b.build();
    }

    @Override
    public String toString() {
        return "FeatureMovementListener(session=" + sessionId + ", every " + frequency + " iterations, probe " + probeSize + ")";
    }

    /** Builder of {@link FeatureMovementListener}; each setter validates its argument. */
    public static final class Builder {
        private final StatsStorageRouter router;
        private String sessionId = UUID.randomUUID().toString();
        private String workerId;
        private int frequency = DEFAULT_FREQUENCY;
        private int probeSize = DEFAULT_PROBE_SIZE;
        private INDArray[] probe;
        private DistanceBound bound;
        private double fixedPrediction = Double.NaN;
        private String predictionNote = "";

        private Builder(StatsStorageRouter router) {
            this.router = router;
        }

        /**
         * @param n record every n iterations (default {@value #DEFAULT_FREQUENCY}); iteration 0 is always recorded
         * @return this builder
         */
        public Builder frequency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("FeatureMovementListener.frequency = " + n + " is invalid; call .frequency(n)"
                        + " with n ≥ 1 (iterations between records)");
            }
            this.frequency = n;
            return this;
        }

        /**
         * @param n examples of the default probe batch, taken from the first minibatch
         *          (default {@value #DEFAULT_PROBE_SIZE}; fewer when that minibatch is smaller)
         * @return this builder
         */
        public Builder probeSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("FeatureMovementListener.probeSize = " + n + " is invalid; call .probeSize(n)"
                        + " with n ≥ 1 (examples of the probe batch)");
            }
            this.probeSize = n;
            return this;
        }

        /**
         * @param features the probe batch, one array per network input ([N, d_in] for the plugin's
         *                 networks); copied
         * @return this builder
         */
        public Builder probe(INDArray... features) {
            if (features == null || features.length == 0) {
                throw new IllegalArgumentException("FeatureMovementListener.probe: no array given; pass one [N, d_in] array"
                        + " per network input");
            }
            INDArray[] p = new INDArray[features.length];
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                for (int i = 0; i < p.length; i++) {
                    if (features[i] == null || features[i].size(0) < 1) {
                        throw new IllegalArgumentException("FeatureMovementListener.probe[" + i + "] is "
                                + (features[i] == null ? "null" : "empty") + "; pass a non-empty [N, d_in] array");
                    }
                    p[i] = features[i].dup();
                }
            }
            this.probe = p;
            this.probeSize = (int) p[0].size(0);
            return this;
        }

        /**
         * @param id session ID of the records (default: random); give the StatsListener's session ID
         *           to see both under one session in the UI
         * @return this builder
         */
        public Builder sessionId(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("FeatureMovementListener.sessionId is empty; pass a non-blank ID or leave the"
                        + " random default");
            }
            this.sessionId = id;
            return this;
        }

        /**
         * @param id worker ID of the records (default: process and thread)
         * @return this builder
         */
        public Builder workerId(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("FeatureMovementListener.workerId is empty; pass a non-blank ID or leave the"
                        + " default");
            }
            this.workerId = id;
            return this;
        }

        /**
         * @param value predicted distance to the Neural Mean ODE limit (finite, ≥ 0)
         * @param note  what it is, e.g. "C1/L + C2·√D/√(L·M), constants fitted on ..."
         * @return this builder
         */
        public Builder prediction(double value, String note) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("FeatureMovementListener.prediction = " + value + " is invalid; pass a finite"
                        + " distance ≥ 0 (or no prediction)");
            }
            this.fixedPrediction = value;
            this.bound = null;
            this.predictionNote = Objects.requireNonNull(note, "note");
            return this;
        }

        /**
         * @param fn   the bound as a function of (L, M, D, α), evaluated when the listener first sees the network;
         *             D is the bound's dimension, {@link org.meanode.units.UnitFunction#samplingDimension}
         *             of the monitored layer's unit (the embedding width, but C for a conv stack)
         * @param note what it is
         * @return this builder
         */
        public Builder prediction(DistanceBound fn, String note) {
            this.bound = Objects.requireNonNull(fn, "fn");
            this.fixedPrediction = Double.NaN;
            this.predictionNote = Objects.requireNonNull(note, "note");
            return this;
        }

        /**
         * Records the distance to the limit predicted by a fitted {@link DistancePredictor} (for instance
         * {@link DistancePredictor#defaults()}, the constants of the examples' default {@code rates} run:
         * complete regime, K = 15 steps, η = 1) for the monitored network's (L, M, D, α), D being the
         * unit's {@link org.meanode.units.UnitFunction#samplingDimension} (C for a conv stack, not C·H·W).
         *
         * @param predictor the fitted bound
         * @return this builder
         */
        public Builder prediction(DistancePredictor predictor) {
            Objects.requireNonNull(predictor, "predictor");
            return prediction(predictor::predict, predictor.source());
        }

        /** @return the listener */
        public FeatureMovementListener build() {
            return new FeatureMovementListener(this);
        }
    }
}
