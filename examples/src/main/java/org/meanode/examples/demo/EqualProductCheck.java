package org.meanode.examples.demo;

import java.util.Comparator;
import java.util.List;

/**
 * Whether networks with the same L·M but different (L, M) have the same spread, as MODEL.md
 * predicts for the sampling term (depth and width trade one for one). The largest and smallest
 * spreads of the group are compared on the log scale against the seed noise: they agree when
 * |log(max/min)| ≤ {@value #Z} · √2 · se, where se is the jackknife standard error of one
 * log-spread pooled over all (L, M) of the run (one config's own jackknife error rests on only
 * S networks and is too noisy to judge by).
 *
 * @param depthTimesWidth the common L·M
 * @param configs         the (L, M) pairs of the group, at least two
 * @param ratio           largest spread / smallest spread
 * @param tolerance       the largest ratio still counted as agreement; NaN without a noise estimate
 * @param agree           ratio ≤ tolerance (false when tolerance is NaN)
 */
public record EqualProductCheck(long depthTimesWidth, List<ConfigResult> configs, double ratio, double tolerance,
                                boolean agree) {
    /** Number of standard errors allowed. */
    public static final double Z = 2.0;

    /**
     * @param group          configs sharing one L·M
     * @param pooledLogSpreadStdError pooled standard error of log(spread) (NaN if unknown)
     * @return the check
     */
    public static EqualProductCheck of(List<ConfigResult> group, double pooledLogSpreadStdError) {
        if (group.size() < 2) {
            throw new IllegalArgumentException("an equal-L·M check needs at least 2 configs, got " + group.size());
        }
        ConfigResult max = group.stream().max(Comparator.comparingDouble(ConfigResult::spread)).orElseThrow();
        ConfigResult min = group.stream().min(Comparator.comparingDouble(ConfigResult::spread)).orElseThrow();
        double ratio = max.spread() / min.spread();
        double tolerance = Math.exp(Z * Math.sqrt(2) * pooledLogSpreadStdError);
        return new EqualProductCheck(max.depthTimesWidth(), List.copyOf(group), ratio, tolerance, ratio <= tolerance);
    }

    /**
     * @param configs all configs of a run
     * @return sqrt of the mean squared jackknife standard error of log(spread), NaN if none is known
     */
    public static double pooledLogSpreadStdError(List<ConfigResult> configs) {
        double sum = 0;
        int n = 0;
        for (ConfigResult c : configs) {
            if (Double.isFinite(c.logSpreadStdError())) {
                sum += c.logSpreadStdError() * c.logSpreadStdError();
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }
}
