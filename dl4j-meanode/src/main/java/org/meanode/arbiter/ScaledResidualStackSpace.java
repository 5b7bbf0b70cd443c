package org.meanode.arbiter;

import org.meanode.conf.ScaledResidualStack;

/**
 * Arbiter layer space of {@link ScaledResidualStack}: all L blocks fused in one layer.
 * See {@link BaseScaledResidualSpace} for the leaves and for sharing the depth with the network.
 */
public class ScaledResidualStackSpace extends BaseScaledResidualSpace<ScaledResidualStack> {

    /** For JSON. */
    protected ScaledResidualStackSpace() {
    }

    protected ScaledResidualStackSpace(Builder b) {
        super(b);
    }

    @Override
    public ScaledResidualStack getValue(double[] values) {
        ScaledResidualStack.Builder b = new ScaledResidualStack.Builder();
        setLayerOptionsBuilder(b, values);
        return b.build();
    }

    /**
     * @param json a space written by {@link #toJson()}
     * @return the space, validated like a built one
     */
    public static ScaledResidualStackSpace fromJson(String json) {
        return fromJson(json, ScaledResidualStackSpace.class);
    }

    /** Builder; embeddingDim, depth and width are required. */
    public static class Builder extends BaseScaledResidualSpace.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public ScaledResidualStackSpace build() {
            return new ScaledResidualStackSpace(this);
        }
    }
}
