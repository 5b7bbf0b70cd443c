package org.meanode.arbiter;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.meanode.conf.ConfigChecks;
import org.meanode.scaling.Regime;

/**
 * The setters of the {@link ScaleLeaves} (D, α, σ_u, σ_v, regime) shared by the builders of this
 * package's spaces, which extend different Arbiter builders: each builder stores the leaf spaces
 * (the abstract setters); the fixed-value and range setters here check their argument at once,
 * naming the field, and wrap it (a {@link FixedValue}, a log-scale {@link LogUniformSpace}, an
 * {@link EnumSpace} of regimes). A new leaf shared by the spaces gets its setters here.
 *
 * @param <T> the concrete builder
 */
interface ScaleSetters<T extends ScaleSetters<T>> {
    /** @param s a space of D @return this */
    T embeddingDim(ParameterSpace<Integer> s);

    /** @param s a space of α (null: the regime's) @return this */
    T alpha(ParameterSpace<Double> s);

    /** @param s a space of σ_u (null: the regime's) @return this */
    T sigmaU(ParameterSpace<Double> s);

    /** @param s a space of σ_v (null: the regime's) @return this */
    T sigmaV(ParameterSpace<Double> s);

    /** @param s a space of regime presets (an {@link EnumSpace} or FixedValue: JSON-safe) @return this */
    T regime(ParameterSpace<Regime> s);

    /** @param d fixed D @return this */
    default T embeddingDim(int d) {
        ConfigChecks.positive(SpaceChecks.builderName(this), "embeddingDim", d, "call .embeddingDim(D) with D ≥ 1");
        return embeddingDim(new FixedValue<>(d));
    }

    /** @param a fixed α (overrides the regime's) @return this */
    default T alpha(double a) {
        ConfigChecks.positiveFinite(SpaceChecks.builderName(this), "alpha", a, "call .alpha(a) with a finite a > 0");
        return alpha(new FixedValue<>(a));
    }

    /** @param min smallest α @param max largest α @return this, α log-uniform in [min, max] */
    default T alpha(double min, double max) {
        SpaceChecks.realRange(SpaceChecks.builderName(this), "alpha", "α", min, max);
        return alpha(new LogUniformSpace(min, max));
    }

    /** @param v fixed σ_v (overrides the regime's) @return this */
    default T sigmaV(double v) {
        ConfigChecks.positiveFinite(SpaceChecks.builderName(this), "sigmaV", v, "call .sigmaV(s) with a finite s > 0");
        return sigmaV(new FixedValue<>(v));
    }

    /** @param min smallest σ_v @param max largest σ_v @return this, σ_v log-uniform in [min, max] */
    default T sigmaV(double min, double max) {
        SpaceChecks.realRange(SpaceChecks.builderName(this), "sigmaV", "σ_v", min, max);
        return sigmaV(new LogUniformSpace(min, max));
    }

    /** @param r fixed regime preset @return this */
    default T regime(Regime r) {
        ConfigChecks.notNull(SpaceChecks.builderName(this), "regime", r, "pass Regime.COMPLETE, SEMI_COMPLETE or LAZY");
        return regime(new FixedValue<>(r));
    }

    /** @param r regime presets to choose among @return this */
    default T regimes(Regime... r) {
        if (r.length == 0) {
            throw new IllegalArgumentException(SpaceChecks.builderName(this) + ".regime: no regime given; pass at least one Regime");
        }
        return regime(new EnumSpace<>(r));
    }
}
