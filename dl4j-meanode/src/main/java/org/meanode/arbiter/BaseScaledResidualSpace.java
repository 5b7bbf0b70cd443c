package org.meanode.arbiter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.ConfigChecks;
import org.meanode.scaling.Regime;
import org.meanode.units.SpatialUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.shade.jackson.annotation.JsonInclude;

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
 * <p>With a unit leaf ({@link Builder#unit(ParameterSpace)}, e.g. a {@link ConvUnitSpace}) the
 * space builds the layer with {@code .unit(φ)}: D, σ and the init scales belong to the unit (a
 * conv stack takes D = C·H·W, σ_u = √F, σ_v = √C and the conv rate rule from its ConvUnit), so
 * σ_u, σ_v, the activation and (for a ConvUnit) embeddingDim must not be set on the space, and a regime leaf
 * supplies α only (COMPLETE or LAZY; SEMI_COMPLETE's σ_v would be the unit's). Depth, width and α
 * are searched as for the 2LP; the learning rate η is the network's updater (e.g. Arbiter's
 * {@code SgdSpace}). A unit without an image of its own (e.g. a FixedValue of a
 * GatedUnit) takes D from the space's embeddingDim, which is then required. docs/conv.md,
 * "Hyperparameter search (Arbiter)".
 *
 * @param <L> the layer configuration produced
 */
public abstract class BaseScaledResidualSpace<L extends BaseScaledResidual> extends BaseResidualLayerSpace<L> {
    protected ParameterSpace<Integer> depth;
    protected ParameterSpace<Integer> width;
    /** The unit φ of every candidate, or null for the 2LP unit built from D, σ_u, σ_v and the activation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    protected ParameterSpace<UnitFunction> unit;

    /** For JSON. */
    protected BaseScaledResidualSpace() {
    }

    protected BaseScaledResidualSpace(Builder<?> b) {
        super(b);
        this.depth = b.depth;
        this.width = b.width;
        this.unit = b.unit;
        finish();
    }

    /** @return "depth", "width", and "unit" when set */
    @Override
    protected Map<String, ParameterSpace<?>> ownLeaves() {
        Map<String, ParameterSpace<?>> m = new LinkedHashMap<>();
        m.put("depth", depth);
        m.put("width", width);
        if (unit != null) {
            m.put("unit", unit);
        }
        return m;
    }

    /** @return whether the unit leaf yields units with their own image shape (ConvUnit: D = C·H·W) */
    @Override
    protected boolean unitImpliesEmbeddingDim() {
        if (unit == null) {
            return false;
        }
        if (unit instanceof ConvUnitSpace) {
            return true;
        }
        List<Object> values = SpaceChecks.probe(getClass().getSimpleName(), "unit", unit);
        return !values.isEmpty() && values.stream().allMatch(v -> v instanceof SpatialUnit);
    }

    @Override
    protected void validateOwnLeaves(String owner) {
        SpaceChecks.required(owner, "depth", depth, SpaceChecks.setters("depth"));
        SpaceChecks.required(owner, "width", width, SpaceChecks.setters("width"));
        SpaceChecks.values(owner, "depth", depth, v -> v >= 1, "L must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.values(owner, "width", width, v -> v >= 1, "M must be ≥ 1", "use a range within [1, ∞)");
        if (unit != null) {
            validateUnit(owner);
        }
    }

    /** With a unit leaf: the unit's own checks, and no leaf that the unit owns set on the space. */
    private void validateUnit(String owner) {
        ScaleLeaves s = scales();
        String because = " is not used: .unit(" + unit + ") is set, and ";
        if (unitImpliesEmbeddingDim() && s.embeddingDim != null) {
            throw new IllegalArgumentException(owner + ".embeddingDim = " + s.embeddingDim + because + "the unit fixes D"
                    + " (a ConvUnit's C·H·W); remove .embeddingDim(…)");
        }
        if (s.sigmaU != null || s.sigmaV != null) {
            throw new IllegalArgumentException(owner + (s.sigmaU != null ? ".sigmaU = " + s.sigmaU : ".sigmaV = " + s.sigmaV)
                    + because + "the init scales belong to the unit (a ConvUnit's σ_u = √F, σ_v = √C); remove"
                    + " .sigmaU/.sigmaV");
        }
        if (activationFunction != null) {
            throw new IllegalArgumentException(owner + ".activation = " + activationFunction + because + "σ belongs to"
                    + " the unit; remove .activation(…) and set it on the unit's space, e.g."
                    + " ConvUnitSpace.builder().activation(Activation.TANH)");
        }
        if (s.regime != null) {
            for (Object r : SpaceChecks.probe(owner, "regime", s.regime)) {
                if (r == Regime.SEMI_COMPLETE) {
                    throw new IllegalArgumentException(owner + ".regime = " + s.regime + " can take SEMI_COMPLETE, whose"
                            + " σ_v = D^(1/4) cannot apply: with .unit(…) the init scales are the unit's and a regime"
                            + " supplies α only; use Regime.COMPLETE or LAZY (or search α with .alpha(min, max))");
                }
            }
        }
        if (unit instanceof ConvUnitSpace c) {
            c.validate(owner + ".unit");
        } else {
            SpaceChecks.nonNull(owner, "unit", unit, "use a ConvUnitSpace or a FixedValue of a unit function");
        }
    }

    /**
     * Sets the sampled values on a layer builder.
     *
     * @param b      the builder of the concrete layer
     * @param values unit values
     */
    protected void setLayerOptionsBuilder(BaseScaledResidual.Builder<?> b, double[] values) {
        super.setLayerOptionsBuilder(b, values);
        b.depth(depth.getValue(values)).width(width.getValue(values));
        if (unit != null) {
            b.unit(unit.getValue(values)).alpha(scales().alphaAt(values));
            if (scales().embeddingDim != null) { // a unit without an image of its own: D is the space's
                b.embeddingDim(scales().embeddingDim.getValue(values));
            }
        } else {
            ScaleLeaves.Scales s = scalesAt(values);
            b.embeddingDim(s.embeddingDim()).alpha(s.alpha()).sigmaU(s.sigmaU()).sigmaV(s.sigmaV());
        }
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

    /** @return the unit leaf, or null for the 2LP unit */
    public ParameterSpace<UnitFunction> getUnit() {
        return unit;
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
        protected ParameterSpace<UnitFunction> unit;

        /**
         * @param s a space of unit functions, e.g. a {@link ConvUnitSpace}: every candidate's layer is
         *          built with {@code .unit(φ)}; then σ_u, σ_v and the activation are the unit's and must
         *          not be set here, nor embeddingDim for a unit with its own image (ConvUnit: C·H·W)
         * @return this
         */
        @SuppressWarnings("unchecked")
        public T unit(ParameterSpace<? extends UnitFunction> s) {
            this.unit = (ParameterSpace<UnitFunction>) ConfigChecks.notNull(SpaceChecks.builderName(this), "unit", s,
                    "pass a ConvUnitSpace or a FixedValue of a unit function");
            return (T) this;
        }

        /** @param u a fixed unit function for every candidate @return this */
        public T unit(UnitFunction u) {
            ConfigChecks.notNull(SpaceChecks.builderName(this), "unit", u, "pass a unit function, e.g. new ConvUnit(C, H, W, 3)");
            return unit(new FixedValue<>(u));
        }

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
