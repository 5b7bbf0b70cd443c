package org.meanode.conf;

import java.util.Objects;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.meanode.params.ScaledResidualParams;
import org.meanode.scaling.LearningRateRule;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Shared configuration of the α/(L·M)-scaled residual layers ({@link ScaledResidualBlock},
 * {@link ScaledResidualStack}). A layer holds {@link #numBlocks()} blocks of M units of a unit
 * function φ (MODEL.md, "Generic blocks"; Theorem 1 of the paper): for each block, with h of
 * shape [minibatch, D],
 * <pre>
 *   h ← h + (α/(L·M)) Σ_{j=1..M} φ(h, Z_j)
 * </pre>
 * By default φ is MODEL.md's two-layer perceptron, φ(h, (u, v)) = v σ(uᵀh/D), i.e.
 * h ← h + (α/(L·M)) · σ(h U / D) Vᵀ with U, V : [D, M], U entries N(0, σ_u²), V entries
 * N(0, σ_v²). With {@code .unit(φ)} any {@link org.meanode.units.UnitFunction} (e.g.
 * {@link org.meanode.units.TwoLayerBiasUnit}, {@link org.meanode.units.GatedUnit}); each
 * parameter block k of the unit is a DL4J parameter under the unit's key, [rows_k, M] in a block
 * and [L, rows_k, M] in a stack ({@link ScaledResidualParams}). nIn = nOut = D.
 *
 * <p>Defaults (MODEL.md, "complete" regime): α = 1, σ_u = σ_v = √D, activation tanh
 * ({@link BaseUnitLayer}). DL4J's {@code weightInit} is not used: the init is fixed by the unit's
 * init stds. The learning rates follow {@link LearningRateRule} per parameter block: one base
 * rate on the network's updater reproduces the paper's gradient step.
 */
public abstract class BaseScaledResidual extends BaseUnitLayer implements ResidualDepth {
    private static final long serialVersionUID = 1L;

    /** L: number of residual blocks of the network this layer belongs to. */
    protected int depth;
    /** M: units per block. */
    protected int width;
    /** How the forward and backward passes are computed (default {@link KernelMode#AUTO}). */
    protected KernelMode kernelMode = KernelMode.AUTO;

    /** For JSON. */
    protected BaseScaledResidual() {
    }

    protected BaseScaledResidual(Builder<?> b) {
        super(b);
        String owner = getClass().getSimpleName();
        this.depth = (int) ConfigChecks.required(owner, "depth", b.depth, "call .depth(L) with L ≥ 1, the number of blocks of the network");
        this.width = (int) ConfigChecks.required(owner, "width", b.width, "call .width(M) with M ≥ 1");
        this.kernelMode = b.kernelMode;
        initializeConstraints(b);
    }

    /** @return the number of blocks this layer computes (1 for a block, L for a stack) */
    @Override
    public abstract int numBlocks();

    /**
     * @return the checkpoint interval k of the layer's backward pass: 0 keeps every block's
     *         forward arrays; k ≥ 1 keeps every k-th hidden state and recomputes the rest
     *         (only the stack checkpoints: {@link ScaledResidualStack#getCheckpointInterval()})
     */
    public int checkpointInterval() {
        return 0;
    }

    /** @return the residual multiplier α/(L·M) applied to each block's sum over units */
    public double residualMultiplier() {
        return alpha / ((double) depth * width);
    }

    /**
     * @param key a parameter key of the unit
     * @return its declaration
     * @throws IllegalArgumentException if the unit has no such key
     */
    public UnitParam unitParam(String key) {
        return ResidualConfigs.unitParam(getClass().getSimpleName() + " '" + layerName + "'", unitParams(),
                effectiveUnit(), key);
    }

    @Override
    public ScaledResidualParams initializer() {
        return ScaledResidualParams.getInstance();
    }

    /**
     * Each parameter block of the unit (2LP: U and V) gets the network's updater (its
     * {@code biasUpdater} for a bias block, if set) with the multiplier of
     * {@link LearningRateRule}: L·M·D/(2α²) × the block's sgdFactor for Sgd/Nesterovs,
     * initStd/α (2LP: σ_u/α, σ_v/α) for adaptive updaters.
     */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return ResidualConfigs.updater(this, unitParam(paramName), LearningRateRule.residualSgd(depth, width, nIn, alpha),
                alpha);
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return ResidualConfigs.memoryReport(this, inputType, initializer().numParams(this), effectiveUnit(), numBlocks(),
                checkpointInterval(), 1, width);
    }

    @Override
    public int getDepth() {
        return depth;
    }

    /** @param depth L (for JSON; use the builder) */
    public void setDepth(int depth) {
        this.depth = depth;
    }

    /** @return M, units per block */
    public int getWidth() {
        return width;
    }

    /** @param width M (for JSON; use the builder) */
    public void setWidth(int width) {
        this.width = width;
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
        return super.equals(o) && o instanceof BaseScaledResidual t && depth == t.depth && width == t.width
                && kernelMode == t.kernelMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), depth, width, kernelMode);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + layerName + ", D=" + nIn + ", L=" + depth + ", M=" + width
                + ", " + unitString() + ", kernelMode=" + kernelMode + ")";
    }

    /**
     * Builder shared by the block and the stack. Each setter validates its argument at once.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends BaseUnitLayer.Builder<T> {
        protected int depth = -1;
        protected int width = -1;
        protected KernelMode kernelMode = KernelMode.AUTO;

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
