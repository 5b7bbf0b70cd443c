package org.meanode.conf;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.meanode.params.GenericResidualParams;
import org.meanode.scaling.LearningRateRule;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Shared configuration of the generic residual layers ({@link GenericResidualBlock},
 * {@link GenericResidualStack}): {@link #numBlocks()} blocks of the paper's Theorem 1 (MODEL.md,
 * "Generic blocks"), for h of shape [minibatch, D],
 * <pre>
 *   h ← h + (α/(L·M)) Σ_{j=1..M} φ(h, Z_j)
 * </pre>
 * with the unit function φ and the parameter blocks of Z given by a {@link UnitFunction}
 * ({@code unit}). nIn = nOut = D. Each parameter block k of the unit is a DL4J parameter under
 * the unit's key, of shape [rows_k, M] in a block and [L, rows_k, M] in a stack; its entries are
 * i.i.d. N(0, initStd_k²) ({@link UnitParam}).
 *
 * <p>Defaults: α = 1. σ and the init scales belong to the unit: the layer's own DL4J activation
 * is the identity and setting one on the builder is an error. Learning rates follow
 * {@link LearningRateRule} per parameter block: Sgd/Nesterovs L·M·D/(2α²) × the block's
 * {@link UnitParam#sgdFactor()}, adaptive updaters initStd/α. With the 2LP unit
 * ({@link org.meanode.units.TwoLayerUnit}) the layers compute exactly what
 * {@link ScaledResidualBlock}/{@link ScaledResidualStack} compute.
 */
public abstract class BaseGenericResidual extends FeedForwardLayer implements ResidualDepth {
    private static final long serialVersionUID = 1L;

    /** L: number of residual blocks of the network this layer belongs to. */
    protected int depth;
    /** M: units per block. */
    protected int width;
    /** α: residual scale. */
    protected double alpha;
    /** Seed of this layer's own init stream, or null for ND4J's global generator. */
    protected Long seed;
    /** φ: the unit function. */
    protected UnitFunction unit;

    /** For JSON. */
    protected BaseGenericResidual() {
    }

    protected BaseGenericResidual(Builder<?> b) {
        super(b);
        String owner = getClass().getSimpleName();
        if (b.embeddingDim == null) {
            throw new IllegalArgumentException(owner + ".embeddingDim is not set; call .embeddingDim(D) with D ≥ 1"
                    + " (residual layers map [minibatch, D] to [minibatch, D])");
        }
        long d = b.embeddingDim;
        if (b.declaredNIn() > 0 && b.declaredNIn() != d || b.declaredNOut() > 0 && b.declaredNOut() != d) {
            throw new IllegalArgumentException(owner + ": nIn = " + b.declaredNIn() + ", nOut = " + b.declaredNOut()
                    + " differ from embeddingDim = " + d + "; a residual layer has nIn = nOut = D: set only .embeddingDim(D)");
        }
        if (b.declaredActivation() != null) {
            throw new IllegalArgumentException(owner + ".activation = " + b.declaredActivation() + " is not used: σ belongs"
                    + " to the unit function; remove .activation(...) and pass it to the unit, e.g."
                    + " .unit(new TwoLayerUnit(Activation.TANH))");
        }
        this.nIn = d;
        this.nOut = d;
        this.depth = (int) ConfigChecks.required(owner, "depth", b.depth, "call .depth(L) with L ≥ 1, the number of blocks of the network");
        this.width = (int) ConfigChecks.required(owner, "width", b.width, "call .width(M) with M ≥ 1");
        this.alpha = ConfigChecks.positiveFinite(owner, "alpha", b.alpha, "call .alpha(a) with a finite a > 0 (default 1)");
        this.seed = b.seed;
        if (b.unit == null) {
            throw new IllegalArgumentException(owner + ".unit is not set; call .unit(φ), e.g. .unit(new TwoLayerUnit())"
                    + " for MODEL.md's 2LP block");
        }
        UnitFunction.checkedParams(owner, b.unit, d);
        this.unit = b.unit;
        this.activationFn = new ActivationIdentity();
        initializeConstraints(b);
    }

    /** @return D, the embedding width (= nIn = nOut) */
    public long getEmbeddingDim() {
        return nIn;
    }

    /** @return the residual multiplier α/(L·M) applied to each block's sum over units */
    public double residualMultiplier() {
        return alpha / ((double) depth * width);
    }

    /** @return the unit's parameter blocks for this layer's D, in flattening order */
    public List<UnitParam> unitParams() {
        return unit.params(nIn);
    }

    /**
     * @param key a parameter key of the unit
     * @return its declaration
     * @throws IllegalArgumentException if the unit has no such key
     */
    public UnitParam unitParam(String key) {
        for (UnitParam p : unitParams()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException(getClass().getSimpleName() + " '" + layerName + "': unknown parameter '" + key
                + "'; the unit " + unit + " has " + unitParams().stream().map(UnitParam::key).toList());
    }

    @Override
    public GenericResidualParams initializer() {
        return GenericResidualParams.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        checkInputType(layerIndex, inputType);
        return InputType.feedForward(nIn);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        checkInputType(-1, inputType);
    }

    private void checkInputType(int layerIndex, InputType inputType) {
        if (inputType == null || inputType.getType() != InputType.Type.FF) {
            throw new DL4JInvalidConfigException(getClass().getSimpleName() + " (layer '" + layerName + "', index "
                    + layerIndex + ") needs feed-forward input of size D = " + nIn + ", got input type " + inputType);
        }
        long size = ((InputType.InputTypeFeedForward) inputType).getSize();
        if (size != nIn) {
            throw new DL4JInvalidConfigException(getClass().getSimpleName() + " (layer '" + layerName + "', index "
                    + layerIndex + "): input size " + size + " differs from embeddingDim D = " + nIn
                    + "; put a MeanOdeEmbedding (nIn -> D) before it or set .embeddingDim(" + size + ")");
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    /**
     * Each parameter block gets the network's updater (its {@code biasUpdater} for a bias block,
     * if set) with the multiplier of {@link LearningRateRule}: L·M·D/(2α²) × sgdFactor for
     * Sgd/Nesterovs, initStd/α for adaptive updaters.
     */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        UnitParam p = unitParam(paramName);
        IUpdater base = p.bias() && biasUpdater != null ? biasUpdater : iUpdater;
        return LearningRateRule.scale(base, LearningRateRule.residualSgd(depth, width, nIn, alpha) * p.sgdFactor(),
                LearningRateRule.adaptive(p.initStd(), alpha));
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        long updaterState = iUpdater == null ? 0 : iUpdater.stateSize(params);
        int nb = numBlocks();
        long stored = 0;
        for (long c : unit.storedColumns(nIn, width)) {
            stored += c;
        }
        long scratch = 0;
        for (long c : unit.scratchColumns(nIn, width)) {
            scratch += c;
        }
        // Per example: hidden states (nb+1)·D and the unit's stored arrays per block; backward
        // scratch D plus the unit's scratch.
        long perExample = (nb + 1L) * nIn + nb * stored + nIn + scratch;
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, InputType.feedForward(nIn))
                .standardMemory(params, updaterState)
                .workingMemory(0, perExample, 0, perExample)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public int getDepth() {
        return depth;
    }

    public void setDepth(int depth) {
        this.depth = depth;
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }

    public double getAlpha() {
        return alpha;
    }

    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    /** @return φ, the unit function */
    public UnitFunction getUnit() {
        return unit;
    }

    /** @param unit φ (for JSON; builders validate) */
    public void setUnit(UnitFunction unit) {
        this.unit = unit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BaseGenericResidual) || !super.equals(o)) {
            return false;
        }
        BaseGenericResidual t = (BaseGenericResidual) o;
        return depth == t.depth && width == t.width && Double.compare(alpha, t.alpha) == 0
                && Objects.equals(seed, t.seed) && Objects.equals(unit, t.unit);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), depth, width, alpha, seed, unit);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + layerName + ", D=" + nIn + ", L=" + depth + ", M=" + width
                + ", alpha=" + alpha + ", unit=" + unit + ", seed=" + seed + ")";
    }

    /**
     * Builder shared by the generic block and stack. Each setter validates its argument at once.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        protected Long embeddingDim;
        protected int depth = -1;
        protected int width = -1;
        protected double alpha = 1.0;
        protected Long seed;
        protected UnitFunction unit;

        /** @return nIn as set on this builder (0 if unset) */
        protected long declaredNIn() {
            return nIn;
        }

        /** @return nOut as set on this builder (0 if unset) */
        protected long declaredNOut() {
            return nOut;
        }

        /** @return the DL4J activation set on this builder, or null (it must stay null) */
        protected Object declaredActivation() {
            return activationFn;
        }

        private String owner() {
            String n = getClass().getName();
            return n.substring(n.lastIndexOf('.') + 1).replace('$', '.');
        }

        /**
         * @param d D, the width of the residual stream (nIn = nOut = D); required
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T embeddingDim(long d) {
            this.embeddingDim = ConfigChecks.positive(owner(), "embeddingDim", d, "call .embeddingDim(D) with D ≥ 1");
            return (T) this;
        }

        /**
         * @param l L, the number of residual blocks of the network (required)
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T depth(int l) {
            this.depth = (int) ConfigChecks.positive(owner(), "depth", l, "call .depth(L) with L ≥ 1, the number of blocks of the network");
            return (T) this;
        }

        /**
         * @param m M, units per block (required)
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T width(int m) {
            this.width = (int) ConfigChecks.positive(owner(), "width", m, "call .width(M) with M ≥ 1");
            return (T) this;
        }

        /**
         * @param a α, the residual scale (default 1)
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T alpha(double a) {
            this.alpha = ConfigChecks.positiveFinite(owner(), "alpha", a, "call .alpha(a) with a finite a > 0 (default 1)");
            return (T) this;
        }

        /**
         * @param s seed of this layer's own init stream; unset, the network's seed governs
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T seed(long s) {
            this.seed = s;
            return (T) this;
        }

        /**
         * @param u φ, the unit function (required), e.g. {@code new TwoLayerUnit()}
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T unit(UnitFunction u) {
            this.unit = ConfigChecks.notNull(owner(), "unit", u, "pass a unit function, e.g. new TwoLayerUnit()");
            return (T) this;
        }
    }
}
