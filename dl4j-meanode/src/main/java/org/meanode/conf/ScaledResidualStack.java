package org.meanode.conf;

import java.util.Collection;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.meanode.layers.ScaledResidualStackLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L residual blocks of MODEL.md fused in one DL4J layer: for l = 0 … L−1,
 * <pre>
 *   h_{l+1} = h_l + (α/(L·M)) · σ(h_l U_l / D) V_lᵀ      h_l : [minibatch, D],  U_l, V_l : [D, M]
 * </pre>
 * or, with {@code .unit(φ)}, h_{l+1} = h_l + (α/(L·M)) Σ_j φ(h_l, Z_{l,j}) for any
 * {@link org.meanode.units.UnitFunction}. Params "U" and "V" (the unit's blocks) have shape
 * [L, D, M] ([L, rows, M]; block l is the contiguous slice l). Forward and backward are loops of
 * BLAS calls over arrays preallocated once per minibatch size; in double precision the layer
 * computes exactly what L consecutive {@link ScaledResidualBlock}s with the same weights compute.
 *
 * <pre>{@code
 * new ScaledResidualStack.Builder().embeddingDim(20).depth(50).width(20).alpha(1).build()
 * new ScaledResidualStack.Builder().embeddingDim(20).depth(50).width(20).unit(new GatedUnit()).build()
 * }</pre>
 *
 * <p>Memory: between the forward and the backward pass the stack keeps every hidden state
 * (L + 1)·N·D and activation L·N·M (plus L·N·M pre-activations for activations other than tanh
 * and identity). With {@link Builder#checkpointing(boolean) checkpointing} it keeps only every
 * k-th hidden state (k = ⌈√L⌉ by default) and one segment of k blocks, (⌈L/k⌉ + k)·N·D + k·N·M,
 * and recomputes each segment in the backward pass: about one third more arithmetic (two of the
 * six products of every block, except the last segment's). Results are the same.
 *
 * @see BaseScaledResidual for defaults and the learning-rate rule
 */
public class ScaledResidualStack extends BaseScaledResidual {
    private static final long serialVersionUID = 1L;

    /** Checkpoint interval k (0: no checkpointing, keep every block's forward arrays). */
    protected int checkpointInterval;

    /** For JSON. */
    protected ScaledResidualStack() {
    }

    protected ScaledResidualStack(Builder b) {
        super(b);
        this.checkpointInterval = checkpointInterval("ScaledResidualStack", b.checkpointing, b.checkpointInterval, depth);
    }

    /**
     * The checkpoint interval a stack of depth L gets: ⌈√L⌉ with checkpointing on, else the given interval.
     *
     * @param owner         the configuration, for the message
     * @param checkpointing whether ⌈√L⌉ was asked for
     * @param interval      the interval asked for (0: off)
     * @param depth         L
     * @return k, 0 ≤ k ≤ L
     * @throws IllegalArgumentException for k > L, naming the fix
     */
    public static int checkpointInterval(String owner, boolean checkpointing, int interval, int depth) {
        int k = checkpointing ? (int) Math.ceil(Math.sqrt(depth)) : interval;
        if (k > depth) {
            throw new IllegalArgumentException(owner + ".checkpointInterval = " + k + " is invalid: it must be ≤ depth L = "
                    + depth + "; call .checkpointInterval(k) with 1 ≤ k ≤ " + depth + " or .checkpointing(true) for k = ⌈√L⌉");
        }
        return k;
    }

    /** @return the checkpoint interval k (0: off) */
    @Override
    public int checkpointInterval() {
        return checkpointInterval;
    }

    /** @return the checkpoint interval k (0: off) */
    public int getCheckpointInterval() {
        return checkpointInterval;
    }

    /** @param k the checkpoint interval (for JSON; use the builder) */
    public void setCheckpointInterval(int k) {
        this.checkpointInterval = k;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((ScaledResidualStack) o).checkpointInterval == checkpointInterval;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), checkpointInterval);
    }

    @Override
    public String toString() {
        String s = super.toString();
        return s.substring(0, s.length() - 1) + ", checkpointInterval=" + checkpointInterval + ")";
    }

    /** @return L: the stack holds all blocks of the network */
    @Override
    public int numBlocks() {
        return depth;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new ScaledResidualStackLayer(conf, dataType), initializer(), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    /** Builder; {@code embeddingDim}, {@code depth} and {@code width} are required. */
    public static class Builder extends BaseScaledResidual.Builder<Builder> {
        private int checkpointInterval;
        private boolean checkpointing;

        /**
         * Recomputes the forward pass in the backward pass, segment by segment, keeping only
         * every k-th hidden state: memory O((L/k + k)·N·D + k·N·M) instead of O(L·N·(D + M)),
         * for about one third more arithmetic per training step.
         *
         * @param k the segment length, 1 ≤ k ≤ L (⌈√L⌉ minimises memory); 0 turns checkpointing off
         * @return this builder
         */
        public Builder checkpointInterval(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("ScaledResidualStack.Builder.checkpointInterval = " + k + " is invalid:"
                        + " it must be ≥ 0; call .checkpointInterval(k) with 1 ≤ k ≤ L, or 0 for no checkpointing");
            }
            this.checkpointInterval = k;
            this.checkpointing = false;
            return this;
        }

        /**
         * @param on checkpoint every k = ⌈√L⌉ blocks (true) or keep the whole forward pass
         *           (false, default); see {@link #checkpointInterval(int)}
         * @return this builder
         */
        public Builder checkpointing(boolean on) {
            this.checkpointing = on;
            this.checkpointInterval = 0;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ScaledResidualStack build() {
            return new ScaledResidualStack(this);
        }
    }
}
