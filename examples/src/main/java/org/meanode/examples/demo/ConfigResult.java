package org.meanode.examples.demo;

/**
 * The measurements of one (L, M) of the grid, over its S networks.
 *
 * @param depth             L
 * @param width             M
 * @param spread            RMS pairwise distance of the S outputs after K steps (the sampling term)
 * @param logSpreadStdError jackknife standard error of log(spread) (NaN when S &lt; 3)
 * @param distanceToLimit   RMS distance of each output to the mean output of the reference
 *                          (largest L·M) networks; NaN for the reference itself
 * @param lossInit          mean MSE before training
 * @param lossFinal         mean MSE after K steps
 * @param seconds           wall time to build and train the S networks
 */
public record ConfigResult(int depth, int width, double spread, double logSpreadStdError, double distanceToLimit,
                           double lossInit, double lossFinal, double seconds) {

    /** @return L·M, the effective width of MODEL.md */
    public long depthTimesWidth() {
        return (long) depth * width;
    }
}
