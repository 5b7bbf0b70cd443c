package org.meanode.monitor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The run's description, written once per session and worker by {@link FeatureMovementListener}
 * before its first {@link MovementUpdate}: the network's (L, M, D, α, σ_u, σ_v), its regime, the
 * monitored layers, the depth-times of the unit groups and hidden states the updates refer to,
 * the recording frequency and probe size, and the predicted distance to the Neural Mean ODE
 * limit when a bound was supplied (NaN otherwise).
 */
public final class MovementStaticInfo extends MovementRecord {
    private static final long serialVersionUID = 1L;
    private static final int MAGIC = 0x4D4F4453; // "MODS"
    private static final int VERSION = 1;

    /** {@link #getKind()} of a network of residual blocks (ScaledResidualBlock, ScaledResidualStack). */
    public static final String FINITE = "FINITE";
    /** {@link #getKind()} of a network whose residual part is a MeanOdeLayer (the L → ∞ limit). */
    public static final String LIMIT = "LIMIT";

    private String modelClass = "";
    private String kind = "";
    private int depth;
    private int width;
    private long embeddingDim;
    private double alpha;
    private double sigmaU;
    private double sigmaV;
    private String activation = "";
    private String regime = "";
    private double predictedDistance = Double.NaN;
    private String predictionNote = "";
    private int frequency;
    private int probeSize;
    private String[] layers = new String[0];
    private double[] unitDepths = new double[0];
    private double[] stateDepths = new double[0];
    private long baselineIteration;
    private String dataType = "";

    /** For decoding (DL4J's storage instantiates records reflectively). */
    public MovementStaticInfo() {
    }

    private MovementStaticInfo(Builder b) {
        super(b.sessionId, FeatureMovementListener.TYPE_ID, b.workerId, b.timeStamp);
        this.modelClass = Objects.requireNonNull(b.modelClass, "modelClass");
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.depth = b.depth;
        this.width = b.width;
        this.embeddingDim = b.embeddingDim;
        this.alpha = b.alpha;
        this.sigmaU = b.sigmaU;
        this.sigmaV = b.sigmaV;
        this.activation = Objects.requireNonNull(b.activation, "activation");
        this.regime = Objects.requireNonNull(b.regime, "regime");
        this.predictedDistance = b.predictedDistance;
        this.predictionNote = Objects.requireNonNull(b.predictionNote, "predictionNote");
        this.frequency = b.frequency;
        this.probeSize = b.probeSize;
        this.layers = b.layers.clone();
        this.unitDepths = b.unitDepths.clone();
        this.stateDepths = b.stateDepths.clone();
        this.baselineIteration = b.baselineIteration;
        this.dataType = Objects.requireNonNull(b.dataType, "dataType");
    }

    @Override
    protected int magic() {
        return MAGIC;
    }

    @Override
    protected int version() {
        return VERSION;
    }

    @Override
    protected void writeBody(DataOutputStream out) throws IOException {
        writeString(out, modelClass);
        writeString(out, kind);
        out.writeInt(depth);
        out.writeInt(width);
        out.writeLong(embeddingDim);
        out.writeDouble(alpha);
        out.writeDouble(sigmaU);
        out.writeDouble(sigmaV);
        writeString(out, activation);
        writeString(out, regime);
        out.writeDouble(predictedDistance);
        writeString(out, predictionNote);
        out.writeInt(frequency);
        out.writeInt(probeSize);
        writeStrings(out, layers);
        writeDoubles(out, unitDepths);
        writeDoubles(out, stateDepths);
        out.writeLong(baselineIteration);
        writeString(out, dataType);
    }

    @Override
    protected void readBody(DataInputStream in, int version) throws IOException {
        modelClass = readString(in);
        kind = readString(in);
        depth = in.readInt();
        width = in.readInt();
        embeddingDim = in.readLong();
        alpha = in.readDouble();
        sigmaU = in.readDouble();
        sigmaV = in.readDouble();
        activation = readString(in);
        regime = readString(in);
        predictedDistance = in.readDouble();
        predictionNote = readString(in);
        frequency = in.readInt();
        probeSize = in.readInt();
        layers = readStrings(in);
        unitDepths = readDoubles(in);
        stateDepths = readDoubles(in);
        baselineIteration = in.readLong();
        dataType = readString(in);
    }

    /** @return the simple class name of the monitored model (MultiLayerNetwork, ComputationGraph) */
    public String getModelClass() {
        return modelClass;
    }

    /**
     * @return {@value #FINITE} for residual blocks or a stack, {@value #LIMIT} for a MeanOdeLayer
     *         (then {@link #getDepth()} is its solver steps S and {@link #getWidth()} its nodes P)
     */
    public String getKind() {
        return kind;
    }

    /** @return L, the number of residual blocks of the network; S, the solver steps, for {@value #LIMIT} */
    public int getDepth() {
        return depth;
    }

    /** @return M, hidden units per block; P, the quadrature nodes per stage, for {@value #LIMIT} */
    public int getWidth() {
        return width;
    }

    /** @return D, the embedding width */
    public long getEmbeddingDim() {
        return embeddingDim;
    }

    /** @return α, the residual scale */
    public double getAlpha() {
        return alpha;
    }

    /** @return σ_u, init std of U */
    public double getSigmaU() {
        return sigmaU;
    }

    /** @return σ_v, init std of V */
    public double getSigmaV() {
        return sigmaV;
    }

    /** @return the activation σ, as DL4J names it */
    public String getActivation() {
        return activation;
    }

    /** @return the regime: a preset name of {@link org.meanode.scaling.Regime} or a description */
    public String getRegime() {
        return regime;
    }

    /** @return the predicted distance to the Neural Mean ODE limit, NaN when no bound was supplied */
    public double getPredictedDistance() {
        return predictedDistance;
    }

    /** @return what the predicted distance is (its formula or source); empty when none */
    public String getPredictionNote() {
        return predictionNote;
    }

    /** @return the listener records every {@code frequency} iterations */
    public int getFrequency() {
        return frequency;
    }

    /** @return number of examples in the probe batch of the hidden-state movement */
    public int getProbeSize() {
        return probeSize;
    }

    /** @return one description per monitored layer, in network order */
    public String[] getLayers() {
        return layers.clone();
    }

    /** @return depth-time s of each unit group (block), the order of {@link MovementUpdate#getUMovement()} */
    public double[] getUnitDepths() {
        return unitDepths.clone();
    }

    /** @return depth-time s of each hidden state, the order of {@link MovementUpdate#getHiddenMovement()} */
    public double[] getStateDepths() {
        return stateDepths.clone();
    }

    /** @return DL4J's iteration count when the baseline (U_0, V_0, h_0) was taken (0 for a fresh network) */
    public long getBaselineIteration() {
        return baselineIteration;
    }

    /** @return the network's parameter data type */
    public String getDataType() {
        return dataType;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MovementStaticInfo t) || !sameKeys(t)) {
            return false;
        }
        return modelClass.equals(t.modelClass) && kind.equals(t.kind) && depth == t.depth && width == t.width && embeddingDim == t.embeddingDim
                && Double.compare(alpha, t.alpha) == 0 && Double.compare(sigmaU, t.sigmaU) == 0
                && Double.compare(sigmaV, t.sigmaV) == 0 && activation.equals(t.activation) && regime.equals(t.regime)
                && Double.compare(predictedDistance, t.predictedDistance) == 0 && predictionNote.equals(t.predictionNote)
                && frequency == t.frequency && probeSize == t.probeSize && Arrays.equals(layers, t.layers)
                && Arrays.equals(unitDepths, t.unitDepths) && Arrays.equals(stateDepths, t.stateDepths)
                && baselineIteration == t.baselineIteration && dataType.equals(t.dataType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keysHash(), modelClass, depth, width, embeddingDim, alpha, regime, Arrays.hashCode(unitDepths),
                Arrays.hashCode(stateDepths));
    }

    @Override
    public String toString() {
        return "MovementStaticInfo(session=" + getSessionID() + ", worker=" + getWorkerID() + ", " + modelClass + ", " + kind
                + ", L=" + depth
                + ", M=" + width + ", D=" + embeddingDim + ", alpha=" + alpha + ", sigmaU=" + sigmaU + ", sigmaV=" + sigmaV
                + ", " + activation + ", regime=" + regime + ", predicted=" + predictedDistance + ", every " + frequency
                + " it, probe " + probeSize + ", layers=" + Arrays.toString(layers) + ")";
    }

    /** Builder used by the listener (and by tests); every field has to be set explicitly. */
    public static final class Builder {
        private String sessionId;
        private String workerId;
        private long timeStamp;
        private String modelClass;
        private String kind = FINITE;
        private int depth;
        private int width;
        private long embeddingDim;
        private double alpha;
        private double sigmaU;
        private double sigmaV;
        private String activation;
        private String regime;
        private double predictedDistance = Double.NaN;
        private String predictionNote = "";
        private int frequency;
        private int probeSize;
        private String[] layers = new String[0];
        private double[] unitDepths = new double[0];
        private double[] stateDepths = new double[0];
        private long baselineIteration;
        private String dataType;

        /**
         * @param sessionId session key
         * @param workerId  worker key
         * @param timeStamp ms since the epoch
         * @return this builder
         */
        public Builder keys(String sessionId, String workerId, long timeStamp) {
            this.sessionId = sessionId;
            this.workerId = workerId;
            this.timeStamp = timeStamp;
            return this;
        }

        /**
         * @param modelClass   simple class name of the model
         * @param depth        L
         * @param width        M
         * @param embeddingDim D
         * @param dataType     parameter data type
         * @return this builder
         */
        public Builder network(String modelClass, int depth, int width, long embeddingDim, String dataType) {
            this.modelClass = modelClass;
            this.depth = depth;
            this.width = width;
            this.embeddingDim = embeddingDim;
            this.dataType = dataType;
            return this;
        }

        /**
         * @param kind {@link #FINITE} (default) or {@link #LIMIT}
         * @return this builder
         */
        public Builder kind(String kind) {
            if (!FINITE.equals(kind) && !LIMIT.equals(kind)) {
                throw new IllegalArgumentException("MovementStaticInfo.kind = " + kind + "; use FINITE or LIMIT");
            }
            this.kind = kind;
            return this;
        }

        /**
         * @param alpha      α
         * @param sigmaU     σ_u
         * @param sigmaV     σ_v
         * @param activation σ
         * @param regime     regime label
         * @return this builder
         */
        public Builder scaling(double alpha, double sigmaU, double sigmaV, String activation, String regime) {
            this.alpha = alpha;
            this.sigmaU = sigmaU;
            this.sigmaV = sigmaV;
            this.activation = activation;
            this.regime = regime;
            return this;
        }

        /**
         * @param value predicted distance to the limit (NaN: none)
         * @param note  what the value is
         * @return this builder
         */
        public Builder prediction(double value, String note) {
            this.predictedDistance = value;
            this.predictionNote = note;
            return this;
        }

        /**
         * @param frequency         iterations between records
         * @param probeSize         probe batch size
         * @param baselineIteration DL4J iteration count at the baseline
         * @return this builder
         */
        public Builder recording(int frequency, int probeSize, long baselineIteration) {
            this.frequency = frequency;
            this.probeSize = probeSize;
            this.baselineIteration = baselineIteration;
            return this;
        }

        /**
         * @param layers      layer descriptions
         * @param unitDepths  depth-time of each unit group
         * @param stateDepths depth-time of each hidden state
         * @return this builder
         */
        public Builder layout(String[] layers, double[] unitDepths, double[] stateDepths) {
            this.layers = layers.clone();
            this.unitDepths = unitDepths.clone();
            this.stateDepths = stateDepths.clone();
            return this;
        }

        /** @return the record */
        public MovementStaticInfo build() {
            return new MovementStaticInfo(this);
        }
    }
}
