package org.meanode.arbiter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.meanode.conf.BaseScaledResidual;

/**
 * Shared Arbiter layer space of the α/(L·M)-scaled residual layers, x ← x + (α/(L·M))·Σ_{m=1..M}
 * u_m·σ(v_mᵀx) on hidden states [N, D]. Leaves: embedding width D, depth L, width M, α, σ_u,
 * σ_v, regime preset (supplies α, σ_u, σ_v where no space is set), and the activation of
 * {@code BaseLayerSpace}; the shared ones are held by {@link BaseResidualLayerSpace}. Each leaf is
 * a fixed value or any Arbiter {@link ParameterSpace}; range setters are log scale.
 *
 * <p>Depth is shared between a layer and its network: in a {@code MultiLayerSpace} of blocks,
 * pass the same depth space instance to the block space and as the number of layers, so that
 * every sampled network has L blocks each built with depth L:
 * <pre>{@code
 * ParameterSpace<Integer> depth = new LogIntegerSpace(2, 64);
 * ScaledResidualBlockSpace block = new ScaledResidualBlockSpace.Builder()
 *         .embeddingDim(16).depth(depth).width(1, 64).alpha(0.1, 10).build();
 * new MultiLayerSpace.Builder()...addLayer(block, depth)...
 * }</pre>
 * Arbiter gives one coordinate to each distinct leaf object, so both uses take the same value.
 *
 * @param <L> the layer configuration produced
 */
public abstract class BaseScaledResidualSpace<L extends BaseScaledResidual> extends BaseResidualLayerSpace<L> {
    protected ParameterSpace<Integer> depth;
    protected ParameterSpace<Integer> width;

    /** For JSON. */
    protected BaseScaledResidualSpace() {
    }

    protected BaseScaledResidualSpace(Builder<?> b) {
        super(b);
        this.depth = b.depth;
        this.width = b.width;
        finish();
    }

    /** @return "depth", "width" */
    @Override
    protected Map<String, ParameterSpace<?>> ownLeaves() {
        Map<String, ParameterSpace<?>> m = new LinkedHashMap<>();
        m.put("depth", depth);
        m.put("width", width);
        return m;
    }

    @Override
    protected void validateOwnLeaves(String owner) {
        SpaceChecks.required(owner, "depth", depth, SpaceChecks.setters("depth"));
        SpaceChecks.required(owner, "width", width, SpaceChecks.setters("width"));
        SpaceChecks.values(owner, "depth", depth, v -> v >= 1, "L must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.values(owner, "width", width, v -> v >= 1, "M must be ≥ 1", "use a range within [1, ∞)");
    }

    /**
     * Sets the sampled values on a layer builder.
     *
     * @param b      the builder of the concrete layer
     * @param values unit values
     */
    protected void setLayerOptionsBuilder(BaseScaledResidual.Builder<?> b, double[] values) {
        super.setLayerOptionsBuilder(b, values);
        ScaleLeaves.Scales s = scalesAt(values);
        b.embeddingDim(s.embeddingDim()).depth(depth.getValue(values)).width(width.getValue(values))
                .alpha(s.alpha()).sigmaU(s.sigmaU()).sigmaV(s.sigmaV());
        if (seed != null) {
            b.seed(seed);
        }
    }

    public ParameterSpace<Integer> getDepth() {
        return depth;
    }

    public ParameterSpace<Integer> getWidth() {
        return width;
    }

    /**
     * Builder shared by the block and stack spaces. Range setters (min, max) are log scale and
     * check their range at once, naming the field.
     *
     * @param <T> the concrete builder
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends BaseResidualLayerSpace.Builder<T>
            implements ShapeSetters<T> {
        protected ParameterSpace<Integer> depth;
        protected ParameterSpace<Integer> width;

        /** @param s a space of L (share it with the network's number of blocks) @return this */
        @Override
        public T depth(ParameterSpace<Integer> s) {
            this.depth = s;
            return (T) this;
        }

        /** @param s a space of M @return this */
        @Override
        public T width(ParameterSpace<Integer> s) {
            this.width = s;
            return (T) this;
        }
    }
}
