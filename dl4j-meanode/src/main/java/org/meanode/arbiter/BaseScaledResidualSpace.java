package org.meanode.arbiter;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.arbiter.layers.FeedForwardLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.ConfigChecks;
import org.meanode.scaling.Regime;

/**
 * Shared Arbiter layer space of the α/(L·M)-scaled residual layers. Leaves: embedding width D,
 * depth L, width M, α, σ_u, σ_v, regime preset (supplies α, σ_u, σ_v where no space is set),
 * and the activation of {@code BaseLayerSpace}. Each leaf is a fixed value or any Arbiter
 * {@link ParameterSpace}; range setters are log scale.
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
 * <p>Fixed values take no coordinate: unlike Arbiter's own layer spaces, these leave FixedValue
 * out of {@link #collectLeaves()}, so that grid search (which gives every collected leaf a grid
 * axis) and the leaf numbering of the generators agree.
 *
 * @param <L> the layer configuration produced
 */
public abstract class BaseScaledResidualSpace<L extends BaseScaledResidual> extends FeedForwardLayerSpace<L> {
    protected ParameterSpace<Integer> embeddingDim;
    protected ParameterSpace<Integer> depth;
    protected ParameterSpace<Integer> width;
    protected ParameterSpace<Double> alpha;
    protected ParameterSpace<Double> sigmaU;
    protected ParameterSpace<Double> sigmaV;
    protected ParameterSpace<Regime> regime;
    protected Long seed;

    /** For JSON. */
    protected BaseScaledResidualSpace() {
    }

    protected BaseScaledResidualSpace(Builder<?> b) {
        super(b);
        this.embeddingDim = b.embeddingDim;
        this.depth = b.depth;
        this.width = b.width;
        this.alpha = b.alpha;
        this.sigmaU = b.sigmaU;
        this.sigmaV = b.sigmaV;
        this.regime = b.regime;
        this.seed = b.seed;
        validate();
        this.numParameters = LeafUtils.countUniqueParameters(collectLeaves());
    }

    /** Checks every leaf; called when built and when read from JSON. */
    protected void validate() {
        String owner = getClass().getSimpleName();
        if (embeddingDim == null || depth == null || width == null) {
            String f = embeddingDim == null ? "embeddingDim" : depth == null ? "depth" : "width";
            throw new IllegalArgumentException(owner + "." + f + " is not set; call ." + f + "(value), ." + f
                    + "(min, max) or ." + f + "(ParameterSpace)");
        }
        SpaceChecks.values(owner, "embeddingDim", embeddingDim, v -> v >= 1, "D must be ≥ 1", "use values ≥ 1");
        SpaceChecks.values(owner, "depth", depth, v -> v >= 1, "L must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.values(owner, "width", width, v -> v >= 1, "M must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.values(owner, "alpha", alpha, SpaceChecks::positiveFinite, "α must be finite and > 0",
                "use e.g. .alpha(0.1, 10)");
        SpaceChecks.values(owner, "sigmaU", sigmaU, SpaceChecks::positiveFinite, "σ_u must be finite and > 0",
                "use positive values or leave σ_u to the regime");
        SpaceChecks.values(owner, "sigmaV", sigmaV, SpaceChecks::positiveFinite, "σ_v must be finite and > 0",
                "use positive values or leave σ_v to the regime");
        SpaceChecks.enumValues(owner, "regime", regime, Regime.class);
        SpaceChecks.nonNull(owner, "activationFunction", activationFunction, "use activation values only");
    }

    /**
     * Sets the sampled values on a layer builder.
     *
     * @param b      the builder of the concrete layer
     * @param values unit values
     */
    protected void setLayerOptionsBuilder(BaseScaledResidual.Builder<?> b, double[] values) {
        super.setLayerOptionsBuilder(b, values);
        long d = embeddingDim.getValue(values);
        Regime r = regime == null ? Regime.COMPLETE : regime.getValue(values);
        b.embeddingDim(d).depth(depth.getValue(values)).width(width.getValue(values))
                .alpha(alpha == null ? r.alpha() : alpha.getValue(values))
                .sigmaU(sigmaU == null ? r.sigmaU(d) : sigmaU.getValue(values))
                .sigmaV(sigmaV == null ? r.sigmaV(d) : sigmaV.getValue(values));
        if (seed != null) {
            b.seed(seed);
        }
    }

    /** @return the leaves with a free parameter (FixedValues take none and are left out) */
    @Override
    public List<ParameterSpace> collectLeaves() {
        return SpaceChecks.freeLeaves(super.collectLeaves());
    }

    /** @return this space as JSON (Arbiter's JsonMapper) */
    public String toJson() {
        return SpaceChecks.toJson(this);
    }

    static <S extends BaseScaledResidualSpace<?>> S fromJson(String json, Class<S> type) {
        S s = SpaceChecks.readJson(json, type);
        s.validate();
        return s;
    }

    public ParameterSpace<Integer> getEmbeddingDim() {
        return embeddingDim;
    }

    public ParameterSpace<Integer> getDepth() {
        return depth;
    }

    public ParameterSpace<Integer> getWidth() {
        return width;
    }

    public ParameterSpace<Double> getAlpha() {
        return alpha;
    }

    public ParameterSpace<Double> getSigmaU() {
        return sigmaU;
    }

    public ParameterSpace<Double> getSigmaV() {
        return sigmaV;
    }

    public ParameterSpace<Regime> getRegime() {
        return regime;
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
        BaseScaledResidualSpace<?> s = (BaseScaledResidualSpace<?>) o;
        return Objects.equals(embeddingDim, s.embeddingDim) && Objects.equals(depth, s.depth) && Objects.equals(width, s.width)
                && Objects.equals(alpha, s.alpha) && Objects.equals(sigmaU, s.sigmaU) && Objects.equals(sigmaV, s.sigmaV)
                && Objects.equals(regime, s.regime) && Objects.equals(seed, s.seed);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), embeddingDim, depth, width, alpha, sigmaU, sigmaV, regime, seed);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(D=" + embeddingDim + ", L=" + depth + ", M=" + width + ", alpha=" + alpha
                + ", sigmaU=" + sigmaU + ", sigmaV=" + sigmaV + ", regime=" + regime + ", activation=" + activationFunction
                + ", seed=" + seed + ")";
    }

    /**
     * Builder shared by the block and stack spaces. Range setters (min, max) are log scale and
     * check their range at once, naming the field.
     *
     * @param <T> the concrete builder
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayerSpace.Builder<T> {
        protected ParameterSpace<Integer> embeddingDim;
        protected ParameterSpace<Integer> depth;
        protected ParameterSpace<Integer> width;
        protected ParameterSpace<Double> alpha;
        protected ParameterSpace<Double> sigmaU;
        protected ParameterSpace<Double> sigmaV;
        protected ParameterSpace<Regime> regime;
        protected Long seed;

        private String owner() {
            String n = getClass().getName();
            return n.substring(n.lastIndexOf('.') + 1).replace('$', '.');
        }

        /** @param d fixed D @return this */
        public T embeddingDim(int d) {
            ConfigChecks.positive(owner(), "embeddingDim", d, "call .embeddingDim(D) with D ≥ 1");
            return embeddingDim(new FixedValue<>(d));
        }

        /** @param s a space of D @return this */
        public T embeddingDim(ParameterSpace<Integer> s) {
            this.embeddingDim = s;
            return (T) this;
        }

        /** @param l fixed L @return this */
        public T depth(int l) {
            ConfigChecks.positive(owner(), "depth", l, "call .depth(L) with L ≥ 1");
            return depth(new FixedValue<>(l));
        }

        /** @param min smallest L @param max largest L @return this, log scale */
        public T depth(int min, int max) {
            SpaceChecks.intRange(owner(), "depth", "L", min, max);
            return depth(new LogIntegerSpace(min, max));
        }

        /** @param s a space of L (share it with the network's number of blocks) @return this */
        public T depth(ParameterSpace<Integer> s) {
            this.depth = s;
            return (T) this;
        }

        /** @param m fixed M @return this */
        public T width(int m) {
            ConfigChecks.positive(owner(), "width", m, "call .width(M) with M ≥ 1");
            return width(new FixedValue<>(m));
        }

        /** @param min smallest M @param max largest M @return this, log scale */
        public T width(int min, int max) {
            SpaceChecks.intRange(owner(), "width", "M", min, max);
            return width(new LogIntegerSpace(min, max));
        }

        /** @param s a space of M @return this */
        public T width(ParameterSpace<Integer> s) {
            this.width = s;
            return (T) this;
        }

        /** @param a fixed α @return this */
        public T alpha(double a) {
            ConfigChecks.positiveFinite(owner(), "alpha", a, "call .alpha(a) with a finite a > 0");
            return alpha(new FixedValue<>(a));
        }

        /** @param min smallest α @param max largest α @return this, log scale */
        public T alpha(double min, double max) {
            SpaceChecks.realRange(owner(), "alpha", "α", min, max);
            return alpha(new LogUniformSpace(min, max));
        }

        /** @param s a space of α (null: the regime's) @return this */
        public T alpha(ParameterSpace<Double> s) {
            this.alpha = s;
            return (T) this;
        }

        /** @param s a space of σ_u (null: the regime's) @return this */
        public T sigmaU(ParameterSpace<Double> s) {
            this.sigmaU = s;
            return (T) this;
        }

        /** @param v fixed σ_v @return this */
        public T sigmaV(double v) {
            ConfigChecks.positiveFinite(owner(), "sigmaV", v, "call .sigmaV(s) with a finite s > 0");
            return sigmaV(new FixedValue<>(v));
        }

        /** @param min smallest σ_v @param max largest σ_v @return this, log scale */
        public T sigmaV(double min, double max) {
            SpaceChecks.realRange(owner(), "sigmaV", "σ_v", min, max);
            return sigmaV(new LogUniformSpace(min, max));
        }

        /** @param s a space of σ_v (null: the regime's) @return this */
        public T sigmaV(ParameterSpace<Double> s) {
            this.sigmaV = s;
            return (T) this;
        }

        /** @param r fixed regime preset (default COMPLETE) @return this */
        public T regime(Regime r) {
            ConfigChecks.notNull(owner(), "regime", r, "pass Regime.COMPLETE, SEMI_COMPLETE or LAZY");
            return regime(new FixedValue<>(r));
        }

        /** @param r regime presets to choose among @return this */
        public T regimes(Regime... r) {
            if (r.length == 0) {
                throw new IllegalArgumentException(owner() + ".regime: no regime given; pass at least one Regime");
            }
            return regime(new EnumSpace<>(r));
        }

        /** @param s a space of regime presets (an {@link EnumSpace} or FixedValue: JSON-safe) @return this */
        public T regime(ParameterSpace<Regime> s) {
            this.regime = s;
            return (T) this;
        }

        /** @param s seed of the layer's own init stream @return this */
        public T seed(long s) {
            this.seed = s;
            return (T) this;
        }
    }
}
