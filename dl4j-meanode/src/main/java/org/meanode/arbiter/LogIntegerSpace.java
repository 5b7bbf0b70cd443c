package org.meanode.arbiter;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

/**
 * An integer hyperparameter on a logarithmic scale: the unit value x ∈ [0, 1] maps to
 * round(min · (max/min)^x). Random search thus samples log-uniformly and grid search spaces its
 * points evenly in log (L ∈ [2, 256] with 8 grid points gives 2, 4, …, 256).
 *
 * <pre>{@code
 * ParameterSpace<Integer> depth = new LogIntegerSpace(2, 256);
 * }</pre>
 */
public final class LogIntegerSpace implements ParameterSpace<Integer> {
    private int min;
    private int max;
    private int index = -1;

    /** For JSON. */
    private LogIntegerSpace() {
    }

    /**
     * @param min smallest value, ≥ 1
     * @param max largest value, ≥ min
     * @throws IllegalArgumentException if min &lt; 1 or max &lt; min
     */
    public LogIntegerSpace(int min, int max) {
        SpaceChecks.logRange("LogIntegerSpace", "range", min, max, "pass 1 ≤ min ≤ max");
        this.min = min;
        this.max = max;
    }

    /** @return the smallest value */
    public int getMin() {
        return min;
    }

    /** @return the largest value */
    public int getMax() {
        return max;
    }

    @Override
    public Integer getValue(double[] values) {
        double x = SpaceChecks.unitValue(this, values, index);
        long v = Math.round(Math.exp(Math.log(min) + x * (Math.log(max) - Math.log(min))));
        return (int) Math.max(min, Math.min(max, v));
    }

    @Override
    public int numParameters() {
        return 1;
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        return Collections.singletonList(this);
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return Collections.emptyMap();
    }

    @Override
    public boolean isLeaf() {
        return true;
    }

    @Override
    public void setIndices(int... indices) {
        this.index = SpaceChecks.singleIndex(this, indices);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogIntegerSpace s && s.min == min && s.max == max;
    }

    @Override
    public int hashCode() {
        return Objects.hash(min, max);
    }

    @Override
    public String toString() {
        return "LogIntegerSpace(" + min + ", " + max + ")";
    }
}
