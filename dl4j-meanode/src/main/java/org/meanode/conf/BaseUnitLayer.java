package org.meanode.conf;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.meanode.units.SpatialUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.shade.jackson.annotation.JsonInclude;

/**
 * Shared configuration of every residual layer of the plugin, [minibatch, D] → [minibatch, D],
 * that adds up units of a unit function φ (MODEL.md, "Generic blocks"):
 * <pre>
 *   h ← h + (α/(L·M)) Σ_{j=1..M} φ(h, Z_j)                 (finite blocks: {@link BaseScaledResidual})
 *   dh/ds = α · E_Z[φ(h, Z)],  s ∈ [0, 1]                  (the limit: {@link MeanOdeLayer})
 * </pre>
 * It holds D (= nIn = nOut), α, the seed and φ. Without {@code .unit(φ)}, φ is MODEL.md's 2LP
 * unit v σ(uᵀh/D) with this layer's activation σ (default tanh) and init stds σ_u, σ_v (default
 * √D): {@link #effectiveUnit()}. With a unit, σ and the init scales belong to the unit and must
 * not be set on the layer.
 */
public abstract class BaseUnitLayer extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    /** α: residual scale. */
    protected double alpha;
    /** σ_u: init std of u (2LP unit only). */
    protected double sigmaU;
    /** σ_v: init std of v (2LP unit only). */
    protected double sigmaV;
    /** Seed of this layer's own init stream, or null for ND4J's global generator. */
    protected Long seed;
    /** φ, or null for MODEL.md's 2LP unit with this layer's σ, σ_u, σ_v. */
    protected UnitFunction unit;

    /** For JSON. */
    protected BaseUnitLayer() {
    }

    protected BaseUnitLayer(Builder<?> b) {
        super(b);
        String owner = getClass().getSimpleName();
        Long dim = b.embeddingDim == null && b.unit instanceof SpatialUnit su ? Long.valueOf(su.stateSize()) // D = C·H·W
                : b.embeddingDim;
        if (dim == null) {
            throw new IllegalArgumentException(owner + ".embeddingDim is not set; call .embeddingDim(D) with D ≥ 1"
                    + " (residual layers map [minibatch, D] to [minibatch, D])");
        }
        long d = dim;
        if (b.declaredNIn() > 0 && b.declaredNIn() != d || b.declaredNOut() > 0 && b.declaredNOut() != d) {
            throw new IllegalArgumentException(owner + ": nIn = " + b.declaredNIn() + ", nOut = " + b.declaredNOut() + " differ from"
                    + " embeddingDim = " + d + "; a residual layer has nIn = nOut = D: set only .embeddingDim(D)");
        }
        this.nIn = d;
        this.nOut = d;
        this.alpha = ConfigChecks.positiveFinite(owner, "alpha", b.alpha, "call .alpha(a) with a finite a > 0 (default 1)");
        this.sigmaU = ConfigChecks.positiveFinite(owner, "sigmaU", b.sigmaU == null ? Math.sqrt(d) : b.sigmaU,
                "call .sigmaU(s) with a finite s > 0 (default √D)");
        this.sigmaV = ConfigChecks.positiveFinite(owner, "sigmaV", b.sigmaV == null ? Math.sqrt(d) : b.sigmaV,
                "call .sigmaV(s) with a finite s > 0 (default √D)");
        this.seed = b.seed;
        if (this.activationFn == null) {
            this.activationFn = new ActivationTanH();
        }
        if (b.unit != null) {
            if (b.activationSet || b.sigmaU != null || b.sigmaV != null) {
                throw new IllegalArgumentException(owner + (b.activationSet ? ".activation = " + activationFn
                        : ".sigmaU/sigmaV = " + b.sigmaU + "/" + b.sigmaV) + " is not used: .unit(" + b.unit + ") is set"
                        + " together with " + (b.activationSet ? ".activation(" + activationFn + ") " : "")
                        + (b.sigmaU != null ? ".sigmaU(" + b.sigmaU + ") " : "") + (b.sigmaV != null ? ".sigmaV(" + b.sigmaV
                        + ") " : "") + "but σ belongs to the unit function, as do its init scales; remove them here and"
                        + " set them on the unit, e.g. .unit(new TwoLayerUnit(Activation.TANH)) or"
                        + " new TwoLayerUnit(activation, sigmaU, sigmaV)");
            }
            UnitFunction.checkedParams(owner, b.unit, d);
            this.unit = b.unit;
        }
    }

    /** @return D, the embedding width (= nIn = nOut) */
    public long getEmbeddingDim() {
        return nIn;
    }

    /**
     * @return the unit function the layer computes: {@link #getUnit()}, or MODEL.md's 2LP unit
     *         with this layer's activation, σ_u and σ_v when none is set
     */
    public UnitFunction effectiveUnit() {
        return unit != null ? unit : new TwoLayerUnit(activationFn, sigmaU, sigmaV);
    }

    /** @return the parameter blocks of one unit of {@link #effectiveUnit()} for this layer's D, in order */
    public List<UnitParam> unitParams() {
        return effectiveUnit().params(nIn);
    }

    /**
     * @return the input type: feed-forward of size D, or for a {@link SpatialUnit} (such as
     *         {@link org.meanode.units.ConvUnit}) convolutional C×H×W in NCHW
     */
    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (unit instanceof SpatialUnit su) {
            return SpatialInputs.check(this, su, layerIndex, inputType);
        }
        ResidualConfigs.checkInputType(this, layerIndex, inputType);
        return InputType.feedForward(nIn);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        getOutputType(-1, inputType);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    /** @return the activation σ of the default 2LP unit (default tanh; C² for the theory) */
    public IActivation getActivation() {
        return activationFn;
    }

    /** @return α */
    public double getAlpha() {
        return alpha;
    }

    /** @param alpha α (for JSON; use the builder) */
    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    /** @return σ_u of the default 2LP unit */
    public double getSigmaU() {
        return sigmaU;
    }

    /** @param sigmaU σ_u (for JSON; use the builder) */
    public void setSigmaU(double sigmaU) {
        this.sigmaU = sigmaU;
    }

    /** @return σ_v of the default 2LP unit */
    public double getSigmaV() {
        return sigmaV;
    }

    /** @param sigmaV σ_v (for JSON; use the builder) */
    public void setSigmaV(double sigmaV) {
        this.sigmaV = sigmaV;
    }

    /** @return the seed of the layer's own init stream, or null */
    public Long getSeed() {
        return seed;
    }

    /** @param seed the layer's seed (for JSON; use the builder) */
    public void setSeed(Long seed) {
        this.seed = seed;
    }

    /** @return φ as set with {@code .unit(φ)}, or null for the default 2LP unit ({@link #effectiveUnit()}) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public UnitFunction getUnit() {
        return unit;
    }

    /** @param unit φ, or null for the 2LP unit (for JSON; builders validate) */
    public void setUnit(UnitFunction unit) {
        this.unit = unit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BaseUnitLayer t) || !super.equals(o)) {
            return false;
        }
        return Double.compare(alpha, t.alpha) == 0 && Double.compare(sigmaU, t.sigmaU) == 0
                && Double.compare(sigmaV, t.sigmaV) == 0 && Objects.equals(seed, t.seed) && Objects.equals(unit, t.unit);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), alpha, sigmaU, sigmaV, seed, unit);
    }

    /** @return "alpha=…, " followed by the unit (or σ_u, σ_v, σ) and the seed, for toString */
    protected String unitString() {
        String u = unit != null ? "unit=" + unit : "sigmaU=" + sigmaU + ", sigmaV=" + sigmaV + ", activation=" + activationFn;
        return "alpha=" + alpha + ", " + u + ", seed=" + seed;
    }

    /**
     * Builder shared by the residual layers. Each setter validates its argument at once.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        protected Long embeddingDim;
        protected double alpha = 1.0;
        protected Double sigmaU;
        protected Double sigmaV;
        protected Long seed;
        protected UnitFunction unit;
        protected boolean activationSet;

        protected Builder() {
            this.activationFn = new ActivationTanH();
        }

        /** @return nIn as set on this builder (0 if unset) */
        protected long declaredNIn() {
            return nIn;
        }

        /** @return nOut as set on this builder (0 if unset) */
        protected long declaredNOut() {
            return nOut;
        }

        /** @return "ClassName.Builder", for messages */
        protected String owner() {
            String n = getClass().getName();
            return n.substring(n.lastIndexOf('.') + 1).replace('$', '.');
        }

        @SuppressWarnings("unchecked")
        private T self() {
            return (T) this;
        }

        /**
         * @param d D, the width of the residual stream (nIn = nOut = D); required
         * @return this builder
         */
        public T embeddingDim(long d) {
            this.embeddingDim = ConfigChecks.positive(owner(), "embeddingDim", d, "call .embeddingDim(D) with D ≥ 1");
            return self();
        }

        /**
         * @param a α, the residual scale (default 1; large α is the lazy regime)
         * @return this builder
         */
        public T alpha(double a) {
            this.alpha = ConfigChecks.positiveFinite(owner(), "alpha", a, "call .alpha(a) with a finite a > 0 (default 1)");
            return self();
        }

        /**
         * @param s σ_u, init std of the entries of u (default √D; 2LP unit only)
         * @return this builder
         */
        public T sigmaU(double s) {
            this.sigmaU = ConfigChecks.positiveFinite(owner(), "sigmaU", s, "call .sigmaU(s) with a finite s > 0 (default √D)");
            return self();
        }

        /**
         * @param s σ_v, init std of the entries of v (default √D; 2LP unit only)
         * @return this builder
         */
        public T sigmaV(double s) {
            this.sigmaV = ConfigChecks.positiveFinite(owner(), "sigmaV", s, "call .sigmaV(s) with a finite s > 0 (default √D)");
            return self();
        }

        /**
         * @param s seed of this layer's own init stream; unset, the network's seed governs
         * @return this builder
         */
        public T seed(long s) {
            this.seed = s;
            return self();
        }

        /**
         * @param u φ, the unit function (default: MODEL.md's 2LP unit with this builder's activation,
         *          σ_u and σ_v; with a unit those three must not be set), e.g. {@code new GatedUnit()}
         * @return this builder
         */
        public T unit(UnitFunction u) {
            this.unit = ConfigChecks.notNull(owner(), "unit", u, "pass a unit function, e.g. new TwoLayerUnit()");
            return self();
        }

        @Override
        public T activation(IActivation activationFunction) {
            ConfigChecks.notNull(owner(), "activation", activationFunction, ConfigValidation.ACTIVATION_FIX);
            this.activationSet = true;
            return super.activation(activationFunction);
        }

        @Override
        public T activation(Activation activation) {
            ConfigChecks.notNull(owner(), "activation", activation, ConfigValidation.ACTIVATION_FIX);
            this.activationSet = true;
            return super.activation(activation);
        }
    }
}
