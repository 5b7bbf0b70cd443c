package org.meanode.examples.demo;

/**
 * The measurements of one (L, M) of the grid, over its S networks.
 *
 * @param depth             L
 * @param width             M
 * @param spread            RMS pairwise distance of the S outputs after K steps (the sampling term)
 * @param logSpreadStdError jackknife standard error of log(spread) (NaN when S &lt; 3)
 * @param distanceToLimit   RMS over the S networks of each output's RMS distance to the output of
 *                          the Neural Mean ODE limit (a MeanOdeLayer trained by the same K steps)
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
