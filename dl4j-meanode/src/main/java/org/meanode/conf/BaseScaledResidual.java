package org.meanode.conf;

import java.util.Objects;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.meanode.params.ScaledResidualParams;
import org.meanode.scaling.LearningRateRule;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Shared configuration of the α/(L·M)-scaled residual layers ({@link ScaledResidualBlock},
 * {@link ScaledResidualStack}). A layer holds {@link #numBlocks()} two-layer-perceptron blocks
 * of MODEL.md: for each block, with h of shape [minibatch, D],
 * <pre>
 *   h ← h + (α/(L·M)) · σ(h U / D) Vᵀ          U, V : [D, M]
 * </pre>
 * with U entries N(0, σ_u²), V entries N(0, σ_v²). nIn = nOut = D.
 *
 * <p>Defaults (MODEL.md, "complete" regime): α = 1, σ_u = σ_v = √D, activation tanh.
 * DL4J's {@code weightInit} is not used: the init is fixed by σ_u and σ_v.
 * The learning rates of U and V follow {@link LearningRateRule}: one base rate on the
 * network's updater reproduces the paper's gradient step.
 */
public abstract class BaseScaledResidual extends FeedForwardLayer implements ResidualDepth {
    private static final long serialVersionUID = 1L;

    /** L: number of residual blocks of the network this layer belongs to. */
    protected int depth;
    /** M: hidden units per block. */
    protected int width;
    /** α: residual scale. */
    protected double alpha;
    /** σ_u: init std of the entries of U. */
    protected double sigmaU;
    /** σ_v: init std of the entries of V. */
    protected double sigmaV;
    /** Seed of this layer's own init stream, or null for ND4J's global generator. */
    protected Long seed;
    /** How the forward and backward passes are computed (default {@link KernelMode#AUTO}). */
    protected KernelMode kernelMode = KernelMode.AUTO;

    /** For JSON. */
    protected BaseScaledResidual() {
    }

    protected BaseScaledResidual(Builder<?> b) {
        super(b);
        String owner = getClass().getSimpleName();
        if (b.embeddingDim == null) {
            throw new IllegalArgumentException(owner + ".embeddingDim is not set; call .embeddingDim(D) with D ≥ 1"
                    + " (residual layers map [minibatch, D] to [minibatch, D])");
        }
        long d = ConfigChecks.positive(owner, "embeddingDim", b.embeddingDim, "call .embeddingDim(D) with D ≥ 1");
        if (b.declaredNIn() > 0 && b.declaredNIn() != d || b.declaredNOut() > 0 && b.declaredNOut() != d) {
            throw new IllegalArgumentException(owner + ": nIn = " + b.declaredNIn() + ", nOut = " + b.declaredNOut()
                    + " differ from embeddingDim = " + d + "; a residual layer has nIn = nOut = D: set only .embeddingDim(D)");
        }
        this.nIn = d;
        this.nOut = d;
        this.depth = (int) ConfigChecks.required(owner, "depth", b.depth, "call .depth(L) with L ≥ 1, the number of blocks of the network");
        this.width = (int) ConfigChecks.required(owner, "width", b.width, "call .width(M) with M ≥ 1");
        this.alpha = ConfigChecks.positiveFinite(owner, "alpha", b.alpha, "call .alpha(a) with a finite a > 0 (default 1)");
        this.sigmaU = ConfigChecks.positiveFinite(owner, "sigmaU", b.sigmaU == null ? Math.sqrt(d) : b.sigmaU,
                "call .sigmaU(s) with a finite s > 0 (default √D)");
        this.sigmaV = ConfigChecks.positiveFinite(owner, "sigmaV", b.sigmaV == null ? Math.sqrt(d) : b.sigmaV,
                "call .sigmaV(s) with a finite s > 0 (default √D)");
        this.seed = b.seed;
        this.kernelMode = b.kernelMode;
        if (this.activationFn == null) {
            this.activationFn = new ActivationTanH();
        }
        initializeConstraints(b);
    }

    /** @return the number of blocks this layer computes (1 for a block, L for a stack) */
    @Override
    public abstract int numBlocks();

    /** @return D, the embedding width (= nIn = nOut) */
    public long getEmbeddingDim() {
        return nIn;
    }

    /**
     * @return the checkpoint interval k of the layer's backward pass: 0 keeps every block's
     *         forward arrays; k ≥ 1 keeps every k-th hidden state and recomputes the rest
     *         (only the stack checkpoints: {@link ScaledResidualStack#getCheckpointInterval()})
     */
    public int checkpointInterval() {
        return 0;
    }

    /** @return the residual multiplier α/(L·M) applied to each block's output */
    public double residualMultiplier() {
        return alpha / ((double) depth * width);
    }

    @Override
    public ScaledResidualParams initializer() {
        return ScaledResidualParams.getInstance();
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
     * U and V get the base updater with the multiplier of {@link LearningRateRule}:
     * L·M·D/(2α²) for Sgd/Nesterovs, σ/α for adaptive updaters.
     */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        double sigma = ScaledResidualParams.U_KEY.equals(paramName) ? sigmaU : sigmaV;
        return LearningRateRule.scale(iUpdater, LearningRateRule.residualSgd(depth, width, nIn, alpha),
                LearningRateRule.adaptive(sigma, alpha));
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        long updaterState = iUpdater == null ? 0 : iUpdater.stateSize(params);
        int nb = numBlocks();
        int k = checkpointInterval() == 0 ? nb : Math.min(checkpointInterval(), nb);
        long segments = (nb + k - 1L) / k;
        // Per example (upper bound: pre-activations are only kept for activations other than
        // tanh and identity): kept hidden states (segments + 1 + k − 1)·D, activations and
        // pre-activations 2·k·M, backward scratch D + 2·M.
        long perExample = (segments + k) * nIn + 2L * k * width + nIn + 2L * width;
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, InputType.feedForward(nIn))
                .standardMemory(params, updaterState)
                .workingMemory(0, perExample, 0, perExample)
                .cacheMemory(0, 0)
                .build();
    }

    /** @return the activation σ (default tanh); must be differentiable (C² for the theory) */
    public IActivation getActivation() {
        return activationFn;
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

    public double getSigmaU() {
        return sigmaU;
    }

    public void setSigmaU(double sigmaU) {
        this.sigmaU = sigmaU;
    }

    public double getSigmaV() {
        return sigmaV;
    }

    public void setSigmaV(double sigmaV) {
        this.sigmaV = sigmaV;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    /** @return how the passes are computed ({@link KernelMode}) */
    public KernelMode getKernelMode() {
        return kernelMode;
    }

    /** @param kernelMode how the passes are computed (for JSON; use the builder) */
    public void setKernelMode(KernelMode kernelMode) {
        this.kernelMode = kernelMode;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BaseScaledResidual) || !super.equals(o)) {
            return false;
        }
        BaseScaledResidual t = (BaseScaledResidual) o;
        return depth == t.depth && width == t.width && Double.compare(alpha, t.alpha) == 0
                && Double.compare(sigmaU, t.sigmaU) == 0 && Double.compare(sigmaV, t.sigmaV) == 0
                && Objects.equals(seed, t.seed) && kernelMode == t.kernelMode;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), depth, width, alpha, sigmaU, sigmaV, seed, kernelMode);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + layerName + ", D=" + nIn + ", L=" + depth + ", M=" + width
                + ", alpha=" + alpha + ", sigmaU=" + sigmaU + ", sigmaV=" + sigmaV + ", activation=" + activationFn
                + ", seed=" + seed + ", kernelMode=" + kernelMode + ")";
    }

    /**
     * Builder shared by the block and the stack. Each setter validates its argument at once.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        protected Long embeddingDim;
        protected int depth = -1;
        protected int width = -1;
        protected double alpha = 1.0;
        protected Double sigmaU;
        protected Double sigmaV;
        protected Long seed;
        protected KernelMode kernelMode = KernelMode.AUTO;

        /** @return nIn as set on this builder (0 if unset) */
        protected long declaredNIn() {
            return nIn;
        }

        /** @return nOut as set on this builder (0 if unset) */
        protected long declaredNOut() {
            return nOut;
        }

        protected Builder() {
            this.activationFn = new ActivationTanH();
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
         * @param m M, hidden units per block (required)
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T width(int m) {
            this.width = (int) ConfigChecks.positive(owner(), "width", m, "call .width(M) with M ≥ 1");
            return (T) this;
        }

        /**
         * @param a α, the residual scale (default 1; large α is the lazy regime)
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T alpha(double a) {
            this.alpha = ConfigChecks.positiveFinite(owner(), "alpha", a, "call .alpha(a) with a finite a > 0 (default 1)");
            return (T) this;
        }

        /**
         * @param s σ_u, init std of the entries of U (default √D)
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T sigmaU(double s) {
            this.sigmaU = ConfigChecks.positiveFinite(owner(), "sigmaU", s, "call .sigmaU(s) with a finite s > 0 (default √D)");
            return (T) this;
        }

        /**
         * @param s σ_v, init std of the entries of V (default √D)
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T sigmaV(double s) {
            this.sigmaV = ConfigChecks.positiveFinite(owner(), "sigmaV", s, "call .sigmaV(s) with a finite s > 0 (default √D)");
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
         * @param mode how the forward and backward passes are computed (default
         *             {@link KernelMode#AUTO}: direct BLAS on ND4J's CPU backend, ND4J operations
         *             elsewhere); every mode computes the same function and gradient
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T kernelMode(KernelMode mode) {
            this.kernelMode = ConfigChecks.notNull(owner(), "kernelMode", mode,
                    "pass KernelMode.AUTO (default), DIRECT_BLAS or ND4J_OPS");
            return (T) this;
        }
    }
}
