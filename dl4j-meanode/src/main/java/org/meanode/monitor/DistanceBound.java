package org.meanode.monitor;

/**
 * A predicted distance of the finite ResNet to its Neural Mean ODE limit as a function of the
 * run's shape, e.g. a bound O(1/L + √D/√(L·M)) of MODEL.md with fitted constants. Given to
 * {@link FeatureMovementListener.Builder#prediction(DistanceBound, String)}; evaluated once,
 * when the listener first sees the network. Return NaN when no bound applies.
 */
@FunctionalInterface
public interface DistanceBound {
    /**
     * @param depth        L
     * @param width        M
     * @param embeddingDim D of the bound: the unit's
     *                     {@link org.meanode.units.UnitFunction#samplingDimension} (the embedding
     *                     width for dense units, the channels C for a conv stack)
     * @param alpha        α
     * @return the predicted distance, or NaN when unavailable
     */
    double predict(int depth, int width, int embeddingDim, double alpha);
}
