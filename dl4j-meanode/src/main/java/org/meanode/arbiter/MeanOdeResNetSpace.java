package org.meanode.arbiter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.arbiter.BaseNetworkSpace;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.meanode.conf.ConfigChecks;
import org.meanode.network.MeanOdeResNet;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

/**
 * Arbiter search space over whole networks of MODEL.md: embedding width D, depth L, width M,
 * residual scale α, base learning rate η and regime preset (σ_u, σ_v; α too where no α space
 * is set). Each candidate is built by {@link MeanOdeResNet}, so the per-parameter learning
 * rates of the α/(L·M) rule (η·L·M·D/(2α²) for U and V under Sgd) follow the sampled L, M, D
 * and α: the search samples η, never a raw per-layer rate.
 *
 * <p>A candidate is a {@link MeanOdeConfiguration}, a {@link DL4JConfiguration}, so Arbiter's
 * standard {@code MultiLayerNetworkTaskCreator} trains it; {@link MeanOdeTaskCreator} does the
 * same and also records diverging candidates as failed.
 *
 * <pre>{@code
 * MeanOdeResNetSpace space = MeanOdeResNetSpace.builder()
 *         .nIn(4).nOut(1).embeddingDim(16)
 *         .depth(2, 256)            // log scale
 *         .width(1, 64)             // log scale
 *         .alpha(0.1, 10)           // log scale
 *         .learningRate(0.05, 5)    // log scale
 *         .numEpochs(100).seed(7).build();
 * CandidateGenerator g = new RandomSearchGenerator(space, null);
 * }</pre>
 *
 * <p>It is a {@link BaseNetworkSpace} (with no layer spaces and none of the inherited global
 * settings: the network is fixed by MODEL.md) only so that Arbiter's UI, which casts every
 * space to that class, can show its hyperparameters.
 *
 * <p>Every space is validated when built and when read from JSON: empty or non-positive ranges,
 * M &lt; 1 and the like fail with an {@link IllegalArgumentException} naming the field, before
 * any candidate is generated. Unit values map to hyperparameters leaf by leaf; the leaves with
 * no free parameter ({@link FixedValue}) take no unit coordinate.
 */
public final class MeanOdeResNetSpace extends BaseNetworkSpace<DL4JConfiguration> {
    private static final String OWNER = "MeanOdeResNetSpace";

    private long nIn;
    private long nOut;
    @JsonUnwrapped
    private ScaleLeaves scales = new ScaleLeaves();
    private ParameterSpace<Integer> depth;
    private ParameterSpace<Integer> width;
    private ParameterSpace<Double> learningRate;
    private ParameterSpace<IActivation> activation;
    private boolean fused;
    private DataType dataType;
    private IActivation outputActivation;
    private ILossFunction lossFunction;
    // Written only when true, so that spaces without them write the same JSON as before they existed.
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    private boolean trainableEmbedding;
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    private boolean trainableReadout;

    /** For JSON. */
    private MeanOdeResNetSpace() {
        this.layerSpaces = new ArrayList<>();
    }

    private MeanOdeResNetSpace(Builder b) {
        this.nIn = b.nIn;
        this.nOut = b.nOut;
        this.scales = b.scales.copy();
        this.depth = b.depth;
        this.width = b.width;
        this.learningRate = b.learningRate;
        this.activation = b.activation;
        this.seed = b.seed;
        this.numEpochs = b.numEpochs;
        this.layerSpaces = new ArrayList<>();
        this.fused = b.fused;
        this.dataType = b.dataType;
        this.outputActivation = b.outputActivation;
        this.lossFunction = b.lossFunction;
        this.trainableEmbedding = b.trainableEmbedding;
        this.trainableReadout = b.trainableReadout;
        validate();
    }

    /** @return a new builder (defaults: regime COMPLETE, tanh, 1 epoch, seed 0, fused, FLOAT) */
    public static Builder builder() {
        return new Builder();
    }

    private void validate() {
        ConfigChecks.required(OWNER, "nIn", nIn, "call .nIn(d_in) with d_in ≥ 1");
        ConfigChecks.required(OWNER, "nOut", nOut, "call .nOut(d_out) with d_out ≥ 1");
        SpaceChecks.required(OWNER, "embeddingDim", scales.embeddingDim, ".embeddingDim(D), .embeddingDims(D...) or"
                + " .embeddingDim(ParameterSpace)");
        SpaceChecks.required(OWNER, "depth", depth, ".depth(L), .depth(min, max) or .depth(ParameterSpace)");
        SpaceChecks.required(OWNER, "width", width, ".width(M), .width(min, max) or .width(ParameterSpace)");
        SpaceChecks.required(OWNER, "learningRate", learningRate,
                ".learningRate(η), .learningRate(min, max) or .learningRate(ParameterSpace)");
        SpaceChecks.required(OWNER, "regime", scales.regime, ".regime(Regime) or .regimes(Regime...)");
        SpaceChecks.values(OWNER, "depth", depth, v -> v >= 1, "L must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.values(OWNER, "width", width, v -> v >= 1, "M must be ≥ 1", "use a range within [1, ∞)");
        scales.validate(OWNER);
        SpaceChecks.values(OWNER, "learningRate", learningRate, SpaceChecks::positiveFinite,
                "η must be finite and > 0", "use e.g. .learningRate(0.05, 5)");
        SpaceChecks.nonNull(OWNER, "activation", activation, "use activation values only");
        ConfigChecks.positive(OWNER, "numEpochs", numEpochs, "call .numEpochs(n) with n ≥ 1");
        ConfigChecks.notNull(OWNER, "dataType", dataType, "call .dataType(DataType.FLOAT) or DOUBLE");
        ConfigChecks.notNull(OWNER, "seed", seed, "call .seed(s)");
    }

    /**
     * Builds the network specification for a point of the unit hypercube.
     *
     * @param values unit values, indexed as numbered by the candidate generator
     * @return the specification (a MultiLayerConfiguration or ComputationGraph can be built from it)
     */
    public MeanOdeResNet spec(double[] values) {
        ScaleLeaves.Scales s = scales.at(values);
        MeanOdeResNet.Builder b = MeanOdeResNet.builder().nIn(nIn).nOut(nOut)
                .embeddingDim(s.embeddingDim())
                .depth(depth.getValue(values))
                .width(width.getValue(values))
                .regime(s.regime())
                .learningRate(learningRate.getValue(values))
                .seed(seed).fused(fused).dataType(dataType)
                .trainableEmbedding(trainableEmbedding).trainableReadout(trainableReadout);
        if (outputActivation != null) {
            b.output(outputActivation, lossFunction);
        }
        // Unset scales are left to the network's builder, which takes them from the regime.
        if (scales.alpha != null) {
            b.alpha(s.alpha());
        }
        if (scales.sigmaU != null) {
            b.sigmaU(s.sigmaU());
        }
        if (scales.sigmaV != null) {
            b.sigmaV(s.sigmaV());
        }
        if (activation != null) {
            b.activation(activation.getValue(values));
        }
        return b.build();
    }

    /** @return the candidate for these unit values: the MultiLayerConfiguration and the sampled values */
    @Override
    public MeanOdeConfiguration getValue(double[] values) {
        return new MeanOdeConfiguration(spec(values), numEpochs);
    }

    @Override
    public int numParameters() {
        return LeafUtils.countUniqueParameters(collectLeaves());
    }

    /** @return the leaves with a free parameter (FixedValues take none and are left out) */
    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> out = new ArrayList<>();
        for (ParameterSpace<?> s : getNestedSpaces().values()) {
            out.addAll(s.collectLeaves());
        }
        return out;
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        ScaleLeaves.put(m, "embeddingDim", scales.embeddingDim);
        ScaleLeaves.put(m, "depth", depth);
        ScaleLeaves.put(m, "width", width);
        ScaleLeaves.put(m, "alpha", scales.alpha);
        ScaleLeaves.put(m, "learningRate", learningRate);
        ScaleLeaves.put(m, "sigmaU", scales.sigmaU);
        ScaleLeaves.put(m, "sigmaV", scales.sigmaV);
        ScaleLeaves.put(m, "regime", scales.regime);
        ScaleLeaves.put(m, "activation", activation);
        return m;
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException(OWNER + " is not a leaf: the candidate generator numbers its leaves");
    }

    /** @return this space as JSON (Arbiter's JsonMapper) */
    public String toJson() {
        return SpaceChecks.toJson(this);
    }

    /**
     * @param json a space written by {@link #toJson()}
     * @return the space, validated like a built one
     */
    public static MeanOdeResNetSpace fromJson(String json) {
        MeanOdeResNetSpace s = SpaceChecks.readJson(json, MeanOdeResNetSpace.class);
        s.validate();
        return s;
    }

    /** @return fixed settings: d_in, d_out, seed, epochs, fused, data type */
    public long getNIn() {
        return nIn;
    }

    public long getNOut() {
        return nOut;
    }

    @Override
    public Long getSeed() {
        return seed;
    }

    public int getNumEpochs() {
        return numEpochs;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof MeanOdeResNetSpace;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MeanOdeResNetSpace s)) {
            return false;
        }
        return nIn == s.nIn && nOut == s.nOut && Objects.equals(seed, s.seed) && numEpochs == s.numEpochs && fused == s.fused
                && dataType == s.dataType && getNestedSpaces().equals(s.getNestedSpaces())
                && Objects.equals(outputActivation, s.outputActivation) && Objects.equals(lossFunction, s.lossFunction)
                && trainableEmbedding == s.trainableEmbedding && trainableReadout == s.trainableReadout;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nIn, nOut, seed, numEpochs, fused, dataType, getNestedSpaces(), outputActivation, lossFunction,
                trainableEmbedding, trainableReadout);
    }

    @Override
    public String toString() {
        return OWNER + "(nIn=" + nIn + ", nOut=" + nOut + ", " + getNestedSpaces() + ", seed=" + seed + ", numEpochs="
                + numEpochs + ", fused=" + fused + ", dataType=" + dataType
                + (outputActivation == null ? "" : ", output=" + outputActivation + "/" + lossFunction)
                + (trainableEmbedding ? ", trainableEmbedding" : "") + (trainableReadout ? ", trainableReadout" : "") + ")";
    }

    /**
     * Builder. Range setters (min, max) use log scale; each setter checks its range at once. The
     * setters of D, α, σ_u, σ_v and the regime are those of every space of this package
     * ({@link ScaleSetters}), those of L and M those of the block spaces ({@link ShapeSetters}).
     */
    public static final class Builder implements ShapeSetters<Builder> {
        private long nIn = ConfigChecks.UNSET;
        private long nOut = ConfigChecks.UNSET;
        private IActivation outputActivation;
        private ILossFunction lossFunction;
        private boolean trainableEmbedding;
        private boolean trainableReadout;
        private final ScaleLeaves scales = new ScaleLeaves(new FixedValue<>(Regime.COMPLETE));
        private ParameterSpace<Integer> depth;
        private ParameterSpace<Integer> width;
        private ParameterSpace<Double> learningRate;
        private ParameterSpace<IActivation> activation;
        private long seed;
        private int numEpochs = 1;
        private boolean fused = true;
        private DataType dataType = DataType.FLOAT;

        private Builder() {
        }

        /** @param v d_in @return this */
        public Builder nIn(long v) {
            this.nIn = ConfigChecks.positive(OWNER, "nIn", v, "call .nIn(d_in) with d_in ≥ 1");
            return this;
        }

        /** @param v d_out @return this */
        public Builder nOut(long v) {
            this.nOut = ConfigChecks.positive(OWNER, "nOut", v, "call .nOut(d_out) with d_out ≥ 1");
            return this;
        }

        /** @param d values of D to choose among @return this */
        public Builder embeddingDims(Integer... d) {
            for (Integer v : d) {
                ConfigChecks.positive(OWNER, "embeddingDim", v, "pass values D ≥ 1");
            }
            return embeddingDim(new DiscreteParameterSpace<>(d));
        }

        @Override
        public Builder embeddingDim(ParameterSpace<Integer> s) {
            scales.embeddingDim = s;
            return this;
        }

        @Override
        public Builder depth(ParameterSpace<Integer> s) {
            this.depth = s;
            return this;
        }

        @Override
        public Builder width(ParameterSpace<Integer> s) {
            this.width = s;
            return this;
        }

        @Override
        public Builder alpha(ParameterSpace<Double> s) {
            scales.alpha = s;
            return this;
        }

        /** @param eta fixed base rate η @return this */
        public Builder learningRate(double eta) {
            ConfigChecks.positiveFinite(OWNER, "learningRate", eta, "call .learningRate(η) with a finite η > 0");
            return learningRate(new FixedValue<>(eta));
        }

        /** @param min smallest η @param max largest η @return this, η log-uniform in [min, max] */
        public Builder learningRate(double min, double max) {
            SpaceChecks.realRange(OWNER, "learningRate", "η", min, max);
            return learningRate(new LogUniformSpace(min, max));
        }

        /** @param s a space of η @return this */
        public Builder learningRate(ParameterSpace<Double> s) {
            this.learningRate = s;
            return this;
        }

        @Override
        public Builder sigmaU(ParameterSpace<Double> s) {
            scales.sigmaU = s;
            return this;
        }

        @Override
        public Builder sigmaV(ParameterSpace<Double> s) {
            scales.sigmaV = s;
            return this;
        }

        @Override
        public Builder regime(ParameterSpace<Regime> s) {
            scales.regime = s;
            return this;
        }

        /** @param a fixed activation σ (default tanh) @return this */
        public Builder activation(Activation a) {
            ConfigChecks.notNull(OWNER, "activation", a, "pass e.g. Activation.TANH");
            return activation(new FixedValue<>(a.getActivationFunction()));
        }

        /** @param s a space of activations @return this */
        public Builder activation(ParameterSpace<IActivation> s) {
            this.activation = s;
            return this;
        }

        /** @param s seed of every candidate's weights (the same for all: candidates differ only by hyperparameters) @return this */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @param n epochs each candidate trains (with one full batch per epoch: GD steps) @return this */
        public Builder numEpochs(int n) {
            this.numEpochs = (int) ConfigChecks.positive(OWNER, "numEpochs", n, "call .numEpochs(n) with n ≥ 1");
            return this;
        }

        /**
         * The output of every candidate, as {@link MeanOdeResNet.Builder#output(IActivation, ILossFunction)}
         * (default identity + MSE).
         *
         * @param activation output activation, e.g. softmax
         * @param loss       loss function, e.g. {@code new LossMCXENT()}
         * @return this
         */
        public Builder output(IActivation activation, ILossFunction loss) {
            this.outputActivation = ConfigChecks.notNull(OWNER, "output.activation", activation, "pass e.g. new ActivationSoftmax()");
            this.lossFunction = ConfigChecks.notNull(OWNER, "output.loss", loss, "pass e.g. new LossMCXENT()");
            return this;
        }

        /** @param t train W_E (default false), as {@link MeanOdeResNet.Builder#trainableEmbedding} @return this */
        public Builder trainableEmbedding(boolean t) {
            this.trainableEmbedding = t;
            return this;
        }

        /** @param t train W_U (default false), as {@link MeanOdeResNet.Builder#trainableReadout} @return this */
        public Builder trainableReadout(boolean t) {
            this.trainableReadout = t;
            return this;
        }

        /** @param f one fused stack (default) or L separate blocks @return this */
        public Builder fused(boolean f) {
            this.fused = f;
            return this;
        }

        /** @param dt parameter data type (default FLOAT) @return this */
        public Builder dataType(DataType dt) {
            this.dataType = ConfigChecks.notNull(OWNER, "dataType", dt, "pass DataType.FLOAT or DOUBLE");
            return this;
        }

        /** @return the validated space */
        public MeanOdeResNetSpace build() {
            return new MeanOdeResNetSpace(this);
        }
    }
}
