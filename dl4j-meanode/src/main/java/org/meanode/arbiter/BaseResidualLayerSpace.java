package org.meanode.arbiter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.arbiter.layers.FeedForwardLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.meanode.scaling.Regime;
import org.nd4j.shade.jackson.annotation.JsonUnwrapped;

/**
 * Shared Arbiter layer space of the plugin's residual layers, which map hidden states [N, D] to
 * [N, D]: the finite blocks and stacks ({@link BaseScaledResidualSpace}, x ← x + (α/(L·M))·Σ_m
 * u_m·σ(v_mᵀx)) and the limit layer ({@link MeanOdeLayerSpace}, dx/ds = α·E[u·σ(vᵀx)]). It holds
 * the leaves they share ({@link ScaleLeaves}: D, α, σ_u, σ_v, regime), the layer's seed and the
 * activation of Arbiter's {@code BaseLayerSpace}; subclasses add their own leaves
 * ({@link #ownLeaves()}) and build the layer.
 *
 * <p>Leaf order (which coordinate of the unit hypercube drives which leaf): Arbiter's own leaves,
 * then D, the subclass's leaves in the order of {@link #ownLeaves()}, then α, σ_u, σ_v, regime;
 * the order every space of this package had before they shared this class, so saved searches keep
 * their meaning. Fixed values take no coordinate: unlike Arbiter's own layer spaces, these leave
 * FixedValue out of {@link #collectLeaves()}, so that grid search (which gives every collected
 * leaf a grid axis) and the leaf numbering of the generators agree.
 *
 * <p>Contributors: a leaf of one layer goes into its subclass's {@link #ownLeaves()} and
 * {@link #validateOwnLeaves(String)}; a leaf every space shares goes into {@link ScaleLeaves}.
 *
 * @param <L> the layer configuration produced
 */
public abstract class BaseResidualLayerSpace<L extends FeedForwardLayer> extends FeedForwardLayerSpace<L> {
    @JsonUnwrapped
    private ScaleLeaves scales = new ScaleLeaves();
    protected Long seed;

    /** For JSON. */
    protected BaseResidualLayerSpace() {
    }

    protected BaseResidualLayerSpace(Builder<?> b) {
        super(b);
        this.scales = b.scales.copy();
        this.seed = b.seed;
    }

    /** Validates the space and counts its free leaves: the last call of a subclass's constructor. */
    protected final void finish() {
        validate();
        this.numParameters = LeafUtils.countUniqueParameters(collectLeaves());
    }

    /**
     * @return the subclass's own leaves by name, in leaf order, null where unset (e.g. "depth",
     *         "width" of a block)
     */
    protected abstract Map<String, ParameterSpace<?>> ownLeaves();

    /**
     * @return settings of the subclass that are not leaves (compared, hashed and printed with the
     *         leaves); none by default
     */
    protected Map<String, Object> ownSettings() {
        return Map.of();
    }

    /**
     * Checks the subclass's own leaves: that the required ones are set and every value they can
     * take is valid.
     *
     * @param owner the space's name, for the messages
     */
    protected abstract void validateOwnLeaves(String owner);

    /** Checks every leaf; called when built and when read from JSON. */
    protected void validate() {
        String owner = getClass().getSimpleName();
        if (!unitImpliesEmbeddingDim()) {
            SpaceChecks.required(owner, "embeddingDim", scales.embeddingDim, SpaceChecks.setters("embeddingDim"));
        }
        validateOwnLeaves(owner);
        scales.validate(owner);
        SpaceChecks.nonNull(owner, "activationFunction", activationFunction, "use activation values only");
    }

    /**
     * @return whether the layer's D comes from a unit leaf (a conv unit's C·H·W) instead of an
     *         embeddingDim leaf; false by default
     */
    protected boolean unitImpliesEmbeddingDim() {
        return false;
    }

    /** @return the shared leaves, for the checks of a subclass */
    ScaleLeaves scales() {
        return scales;
    }

    /**
     * @param values the unit values of a candidate
     * @return D, the regime, α, σ_u and σ_v sampled at these values (the regime's where unset)
     */
    ScaleLeaves.Scales scalesAt(double[] values) {
        return scales.at(values);
    }

    /** @return Arbiter's leaves, then D, the subclass's leaves, α, σ_u, σ_v, regime (set ones only) */
    @Override
    @SuppressWarnings("rawtypes")
    public Map<String, ParameterSpace> getNestedSpaces() {
        Map<String, ParameterSpace<?>> own = ownLeaves();
        Map<String, ParameterSpace> m = super.getNestedSpaces();
        m.keySet().removeAll(own.keySet());
        ScaleLeaves.put(m, "embeddingDim", scales.embeddingDim);
        own.forEach((k, v) -> ScaleLeaves.put(m, k, v));
        scales.putAfterEmbeddingDim(m);
        return m;
    }

    /** @return the leaves with a free parameter (FixedValues take none and are left out) */
    @Override
    @SuppressWarnings("rawtypes")
    public List<ParameterSpace> collectLeaves() {
        return SpaceChecks.freeLeaves(super.collectLeaves());
    }

    /** @return this space as JSON (Arbiter's JsonMapper) */
    public String toJson() {
        return SpaceChecks.toJson(this);
    }

    static <S extends BaseResidualLayerSpace<?>> S fromJson(String json, Class<S> type) {
        S s = SpaceChecks.readJson(json, type);
        s.validate();
        return s;
    }

    public ParameterSpace<Integer> getEmbeddingDim() {
        return scales.embeddingDim;
    }

    public ParameterSpace<Double> getAlpha() {
        return scales.alpha;
    }

    public ParameterSpace<Double> getSigmaU() {
        return scales.sigmaU;
    }

    public ParameterSpace<Double> getSigmaV() {
        return scales.sigmaV;
    }

    public ParameterSpace<Regime> getRegime() {
        return scales.regime;
    }

    public Long getSeed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass() || !super.equals(o)) {
            return false;
        }
        BaseResidualLayerSpace<?> s = (BaseResidualLayerSpace<?>) o;
        return scales.equals(s.scales) && Objects.equals(seed, s.seed) && ownLeaves().equals(s.ownLeaves())
                && ownSettings().equals(s.ownSettings());
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), scales, seed, ownLeaves(), ownSettings());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(D=").append(scales.embeddingDim);
        ownLeaves().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        sb.append(", ").append(scales).append(", activation=").append(activationFunction);
        ownSettings().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        return sb.append(", seed=").append(seed).append(')').toString();
    }

    /**
     * Builder shared by the residual layer spaces: the shared leaves' setters
     * ({@link ScaleSetters}: fixed values, log-scale ranges checked at once, or any Arbiter
     * {@link ParameterSpace}) and the seed.
     *
     * @param <T> the concrete builder
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayerSpace.Builder<T>
            implements ScaleSetters<T> {
        final ScaleLeaves scales = new ScaleLeaves();
        protected Long seed;

        @Override
        public T embeddingDim(ParameterSpace<Integer> s) {
            scales.embeddingDim = s;
            return (T) this;
        }

        @Override
        public T alpha(ParameterSpace<Double> s) {
            scales.alpha = s;
            return (T) this;
        }

        @Override
        public T sigmaU(ParameterSpace<Double> s) {
            scales.sigmaU = s;
            return (T) this;
        }

        @Override
        public T sigmaV(ParameterSpace<Double> s) {
            scales.sigmaV = s;
            return (T) this;
        }

        @Override
        public T regime(ParameterSpace<Regime> s) {
            scales.regime = s;
            return (T) this;
        }

        /** @param s seed of the layer's own init or node stream @return this */
        public T seed(long s) {
            this.seed = s;
            return (T) this;
        }
    }
}
