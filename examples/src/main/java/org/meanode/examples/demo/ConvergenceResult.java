package org.meanode.examples.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All measurements of a demo run.
 *
 * @param settings       what was run
 * @param configs        one entry per (L, M), in grid order
 * @param networks       one entry per trained network
 * @param referenceDepth L of the reference (largest L·M) networks
 * @param referenceWidth M of the reference networks
 * @param limitProxy     mean output of the reference networks, [N, d_out] flattened
 * @param fit            least-squares fit of log(spread) against log(L·M) over all configs
 */
public record ConvergenceResult(DemoSettings settings, List<ConfigResult> configs, List<NetworkRun> networks,
                                int referenceDepth, int referenceWidth, double[] limitProxy, LogLogFit fit) {

    /** The predicted exponent of the spread in L·M: the sampling term √D/√(L·M) of MODEL.md. */
    public static final double PREDICTED_SLOPE = -0.5;

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
