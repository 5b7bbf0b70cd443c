package org.meanode.predict;

/**
 * One measured distance between finite networks of one size and their limit.
 *
 * @param depth        L ≥ 1
 * @param width        M ≥ 1
 * @param embeddingDim D ≥ 1 of the bound: the unit's
 *                     {@link org.meanode.units.UnitFunction#samplingDimension} (the embedding width
 *                     for dense units, the channels C for a conv stack)
 * @param alpha        residual scale α &gt; 0
 * @param distance     RMS distance of the outputs to the limit's output after K training steps,
 *                     finite and &gt; 0 (the scale of DL4J's MSE: root of the mean over examples
 *                     and outputs, averaged in square over networks)
 */
public record DistanceSample(int depth, int width, int embeddingDim, double alpha, double distance) {

    /**
     * Validates the sample.
     *
     * @param depth        L ≥ 1
     * @param width        M ≥ 1
     * @param embeddingDim D ≥ 1
     * @param alpha        α &gt; 0, finite
     * @param distance     &gt; 0, finite
     */
    public DistanceSample {
        checkSize(depth, width, embeddingDim, alpha);
        if (!(distance > 0) || Double.isInfinite(distance)) {
            throw new IllegalArgumentException("DistanceSample.distance = " + distance + " (at L = " + depth + ", M = " + width
                    + ", D = " + embeddingDim + ") must be finite and > 0: the fit works on relative errors");
        }
    }

    static void checkSize(int depth, int width, int embeddingDim, double alpha) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth L = " + depth + " must be ≥ 1");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width M = " + width + " must be ≥ 1");
        }
        if (embeddingDim < 1) {
            throw new IllegalArgumentException("embeddingDim D = " + embeddingDim + " must be ≥ 1");
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha = " + alpha + " must be finite and > 0 (1 in the complete regime)");
        }
    }
}
