package org.meanode.examples.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meanode.examples.rates.ReferenceResult;

/**
 * All measurements of a demo run.
 *
 * @param settings       what was run
 * @param configs        one entry per (L, M), in grid order
 * @param networks       one entry per trained network
 * @param reference      the Neural Mean ODE limit after K steps (mean of the replicates) with its own
 *                       error: replicate disagreement, P/4-nodes and 2S-steps checks
 * @param fit            least-squares fit of log(spread) against log(L·M) over all configs
 * @param limitFit       least-squares fit of log(distance to the limit) against log(L·M)
 */
public record ConvergenceResult(DemoSettings settings, List<ConfigResult> configs, List<NetworkRun> networks,
                                ReferenceResult reference, LogLogFit fit, LogLogFit limitFit) {

    /** The predicted exponent of the spread in L·M: the sampling term √D/√(L·M) of MODEL.md. */
    public static final double PREDICTED_SLOPE = -0.5;

    /** @return output of the limit after K steps (mean of the replicates), [N, d_out] flattened */
    public double[] limit() {
        return reference.output();
    }

    /** @return random error of {@link #limit()}: RMS pairwise distance of the replicates / √(2R) */
    public double limitError() {
        return reference.errorOfMean();
    }

    /** @return how the limit was computed */
    public String limitDescription() {
        return reference.description();
    }

    /** @return wall time of the limit's replicates (without the P/4 and 2S checks) */
    public double limitSeconds() {
        return reference.replicateSeconds();
    }

    /** @return the configs sorted by L·M, then L */
    public List<ConfigResult> byDepthTimesWidth() {
        List<ConfigResult> out = new ArrayList<>(configs);
        out.sort(Comparator.comparingLong(ConfigResult::depthTimesWidth).thenComparingInt(ConfigResult::depth));
        return out;
    }

    /** @return configs grouped by L·M, only groups with at least two (L, M) pairs */
    public Map<Long, List<ConfigResult>> equalProductGroups() {
        Map<Long, List<ConfigResult>> groups = new TreeMap<>();
        for (ConfigResult c : byDepthTimesWidth()) {
            groups.computeIfAbsent(c.depthTimesWidth(), k -> new ArrayList<>()).add(c);
        }
        groups.values().removeIf(g -> g.size() < 2);
        return groups;
    }
}
