package org.meanode.examples.rates;

import java.util.Comparator;
import java.util.List;

/**
 * Sizes with the same L·M and D but different depths. MODEL.md: depth and width trade one for
 * one in the sampling term √D/√(L·M), and only depth reduces the 1/L term, so moving hidden
 * units from width into depth should never make the distance to the limit worse.
 *
 * @param depthTimesWidth L·M
 * @param embeddingDim    D
 * @param members         the sizes, by increasing L
 * @param worstRatio      the largest distance(deeper)/distance(shallower) over all pairs: above 1
 *                        means some trade of width for depth raised the error
 */
public record EqualProductGroup(long depthTimesWidth, int embeddingDim, List<SizeResult> members, double worstRatio) {

    /**
     * @param members at least 2 results with equal L·M and D and distinct L
     * @return the group
     */
    public static EqualProductGroup of(List<SizeResult> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an equal-L·M group needs at least 2 sizes, got " + members.size());
        }
        List<SizeResult> sorted = members.stream().sorted(Comparator.comparingInt(r -> r.size().depth())).toList();
        double worst = 0;
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                worst = Math.max(worst, sorted.get(j).distance() / sorted.get(i).distance());
            }
        }
        Size first = sorted.get(0).size();
        return new EqualProductGroup(first.depthTimesWidth(), first.embeddingDim(), sorted, worst);
    }
}
