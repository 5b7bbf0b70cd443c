package org.meanode.arbiter;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.meanode.conf.ConfigChecks;

/**
 * The setters of depth L and width M shared by the builders of the finite networks' spaces
 * ({@link BaseScaledResidualSpace} and {@link MeanOdeResNetSpace}): fixed values and log-scale
 * ranges ({@link LogIntegerSpace}), each checked at once; the builder stores the leaf spaces.
 *
 * @param <T> the concrete builder
 */
interface ShapeSetters<T extends ShapeSetters<T>> extends ScaleSetters<T> {
    /** @param s a space of L (in a MultiLayerSpace, share it with the number of blocks) @return this */
    T depth(ParameterSpace<Integer> s);

    /** @param s a space of M @return this */
    T width(ParameterSpace<Integer> s);

    /** @param l fixed L @return this */
    default T depth(int l) {
        ConfigChecks.positive(SpaceChecks.builderName(this), "depth", l, "call .depth(L) with L ≥ 1");
        return depth(new FixedValue<>(l));
    }

    /** @param min smallest L (≥ 1) @param max largest L @return this, L log-uniform in [min, max] */
    default T depth(int min, int max) {
        SpaceChecks.intRange(SpaceChecks.builderName(this), "depth", "L", min, max);
        return depth(new LogIntegerSpace(min, max));
    }

    /** @param m fixed M @return this */
    default T width(int m) {
        ConfigChecks.positive(SpaceChecks.builderName(this), "width", m, "call .width(M) with M ≥ 1");
        return width(new FixedValue<>(m));
    }

    /** @param min smallest M (≥ 1) @param max largest M @return this, M log-uniform in [min, max] */
    default T width(int min, int max) {
        SpaceChecks.intRange(SpaceChecks.builderName(this), "width", "M", min, max);
        return width(new LogIntegerSpace(min, max));
    }
}
