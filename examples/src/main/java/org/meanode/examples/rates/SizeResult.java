package org.meanode.examples.rates;

/**
 * The distance of the S networks of one size to the limit of their D.
 *
 * @param size       (L, M, D)
 * @param distances  RMS distance of each network's output to the reference after K steps
 * @param distance   their root mean square: the measured RMS distance to the limit
 * @param stdError   standard error of {@code distance} over networks (delta method on the mean of squares)
 * @param meanToLimit RMS distance of the networks' mean output to the reference (the common,
 *                   deterministic part: the 1/L term, plus sampling noise / √S)
 * @param lossInit   mean MSE before training
 * @param lossFinal  mean MSE after K steps
 * @param seconds    wall time to build and train the S networks
 */
public record SizeResult(Size size, double[] distances, double distance, double stdError, double meanToLimit,
                         double lossInit, double lossFinal, double seconds) {

    /**
     * @param size     (L, M, D)
     * @param distances per-network distances, at least 2
     * @param meanToLimit distance of the mean output
     * @param lossInit mean initial loss
     * @param lossFinal mean final loss
     * @param seconds  wall time
     * @return the result with the RMS distance and its standard error
     */
    public static SizeResult of(Size size, double[] distances, double meanToLimit, double lossInit, double lossFinal,
                                double seconds) {
        int s = distances.length;
        double m2 = 0;
        for (double d : distances) {
            m2 += d * d / s;
        }
        double var = 0;
        for (double d : distances) {
            var += (d * d - m2) * (d * d - m2) / (s - 1);
        }
        double rms = Math.sqrt(m2);
        double se = Math.sqrt(var / s) / (2 * rms);
        return new SizeResult(size, distances.clone(), rms, se, meanToLimit, lossInit, lossFinal, seconds);
    }
}
