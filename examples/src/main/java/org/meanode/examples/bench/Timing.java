package org.meanode.examples.bench;

import java.util.Arrays;

/**
 * Timed iterations of one operation.
 *
 * @param iterations    number of timed iterations
 * @param medianSeconds median time of one iteration
 * @param minSeconds    fastest iteration
 */
public record Timing(int iterations, double medianSeconds, double minSeconds) {

    /**
     * @param seconds the time of each iteration
     * @return their summary
     */
    public static Timing of(double[] seconds) {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("no timed iteration");
        }
        double[] s = seconds.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        return new Timing(n, median, s[0]);
    }

    /**
     * @param flops work of one iteration
     * @return GFLOP/s at the median time
     */
    public double gflopsMedian(double flops) {
        return flops / medianSeconds / 1e9;
    }

    /**
     * @param flops work of one iteration
     * @return GFLOP/s at the fastest time
     */
    public double gflopsBest(double flops) {
        return flops / minSeconds / 1e9;
    }
}
