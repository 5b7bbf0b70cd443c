package org.meanode.arbiter;

import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.meanode.scaling.Regime;
import org.nd4j.shade.jackson.annotation.JsonInclude;

/**
 * The leaves every space of this package shares: the embedding width D, the residual scale α of
 * the blocks x ← x + (α/(L·M))·Σ_m φ(x; θ_m) (or of the limit dx/ds = α·E[φ(x; θ)]), the init
 * scales σ_u, σ_v of the 2LP unit φ(x; u, v) = u·σ(vᵀx) and the regime preset that supplies α,
 * σ_u and σ_v where no space is set (MODEL.md, "Regimes"). One implementation of their checks,
 * their sampled values and their equality, held by {@link BaseResidualLayerSpace} and
 * {@link MeanOdeResNetSpace}; the builders set them through {@link ScaleSetters}.
 *
 * <p>Its JSON form is unwrapped into the owning space ({@code @JsonUnwrapped}): the properties
 * "embeddingDim", "alpha", "sigmaU", "sigmaV" and "regime" stand in the space's object as they
 * did when each space held them; unset leaves are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class ScaleLeaves {
    ParameterSpace<Integer> embeddingDim;
    ParameterSpace<Double> alpha;
    ParameterSpace<Double> sigmaU;
    ParameterSpace<Double> sigmaV;
    ParameterSpace<Regime> regime;

    /** The scales sampled for one point: D, the regime, and α, σ_u, σ_v (the regime's where unset). */
    record Scales(long embeddingDim, Regime regime, double alpha, double sigmaU, double sigmaV) {
    }

    ScaleLeaves() {
    }

    ScaleLeaves(ParameterSpace<Regime> regime) {
        this.regime = regime;
    }

    /** @return a copy holding the same leaves (a built space does not share its builder's state) */
    ScaleLeaves copy() {
        ScaleLeaves c = new ScaleLeaves(regime);
        c.embeddingDim = embeddingDim;
        c.alpha = alpha;
        c.sigmaU = sigmaU;
        c.sigmaV = sigmaV;
        return c;
    }

    /**
     * Checks every value each set leaf can take (D ≥ 1; α, σ_u, σ_v finite and &gt; 0; regimes
     * that stay Regime constants after a JSON round trip).
     *
     * @param owner the space, for the messages
     */
    void validate(String owner) {
        SpaceChecks.values(owner, "embeddingDim", embeddingDim, v -> v >= 1, "D must be ≥ 1", "use values ≥ 1");
        SpaceChecks.values(owner, "alpha", alpha, SpaceChecks::positiveFinite, "α must be finite and > 0",
                "use e.g. .alpha(0.1, 10)");
        SpaceChecks.values(owner, "sigmaU", sigmaU, SpaceChecks::positiveFinite, "σ_u must be finite and > 0",
                "use positive values or leave σ_u to the regime");
        SpaceChecks.values(owner, "sigmaV", sigmaV, SpaceChecks::positiveFinite, "σ_v must be finite and > 0",
                "use positive values or leave σ_v to the regime");
        SpaceChecks.enumValues(owner, "regime", regime, Regime.class);
    }

    /**
     * @param values the unit values of a candidate (the leaves numbered by the generator)
     * @return D, the regime (COMPLETE if unset), and α, σ_u, σ_v: sampled, or the regime's at D
     */
    Scales at(double[] values) {
        long d = embeddingDim.getValue(values);
        Regime r = regime == null ? Regime.COMPLETE : regime.getValue(values);
        return new Scales(d, r, alpha == null ? r.alpha() : alpha.getValue(values),
                sigmaU == null ? r.sigmaU(d) : sigmaU.getValue(values),
                sigmaV == null ? r.sigmaV(d) : sigmaV.getValue(values));
    }

    /**
     * @param values the unit values of a candidate
     * @return α: sampled, or the regime's (COMPLETE if unset)
     */
    double alphaAt(double[] values) {
        return alpha != null ? alpha.getValue(values) : regime == null ? Regime.COMPLETE.alpha() : regime.getValue(values).alpha();
    }

    /**
     * Adds the set leaves that follow D (α, σ_u, σ_v, regime) to a space's nested spaces, in
     * that order.
     *
     * @param m the owning space's nested spaces, in leaf order
     */
    void putAfterEmbeddingDim(Map<String, ParameterSpace> m) {
        put(m, "alpha", alpha);
        put(m, "sigmaU", sigmaU);
        put(m, "sigmaV", sigmaV);
        put(m, "regime", regime);
    }

    static void put(Map<String, ParameterSpace> m, String name, ParameterSpace<?> leaf) {
        if (leaf != null) {
            m.put(name, leaf);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleLeaves s && Objects.equals(embeddingDim, s.embeddingDim) && Objects.equals(alpha, s.alpha)
                && Objects.equals(sigmaU, s.sigmaU) && Objects.equals(sigmaV, s.sigmaV) && Objects.equals(regime, s.regime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(embeddingDim, alpha, sigmaU, sigmaV, regime);
    }

    /** @return "alpha=…, sigmaU=…, sigmaV=…, regime=…" (D is written by the owner, first) */
    @Override
    public String toString() {
        return "alpha=" + alpha + ", sigmaU=" + sigmaU + ", sigmaV=" + sigmaV + ", regime=" + regime;
    }
}
