package org.meanode.arbiter;

import org.meanode.conf.ScaledResidualBlock;

/**
 * Arbiter layer space of {@link ScaledResidualBlock}: one residual block per sampled layer.
 * See {@link BaseScaledResidualSpace} for the leaves and for sharing the depth with the network.
 */
public class ScaledResidualBlockSpace extends BaseScaledResidualSpace<ScaledResidualBlock> {

    /** For JSON. */
    protected ScaledResidualBlockSpace() {
    }

    protected ScaledResidualBlockSpace(Builder b) {
        super(b);
    }

    @Override
    public ScaledResidualBlock getValue(double[] values) {
        ScaledResidualBlock.Builder b = new ScaledResidualBlock.Builder();
        setLayerOptionsBuilder(b, values);
        return b.build();
    }

    /**
     * @param json a space written by {@link #toJson()}
     * @return the space, validated like a built one
     */
    public static ScaledResidualBlockSpace fromJson(String json) {
        return fromJson(json, ScaledResidualBlockSpace.class);
    }

    /** Builder; embeddingDim, depth and width are required. */
    public static class Builder extends BaseScaledResidualSpace.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public ScaledResidualBlockSpace build() {
            return new ScaledResidualBlockSpace(this);
        }
    }
}
