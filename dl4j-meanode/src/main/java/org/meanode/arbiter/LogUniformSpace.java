package org.meanode.arbiter;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

/**
 * A positive real hyperparameter on a logarithmic scale: the unit value x ∈ [0, 1] maps to
 * min · (max/min)^x (log-uniform under random search, geometric grid under grid search).
 *
 * <pre>{@code
 * ParameterSpace<Double> alpha = new LogUniformSpace(0.1, 10);
 * }</pre>
 */
public final class LogUniformSpace implements ParameterSpace<Double> {
    private double min;
    private double max;
    private int index = -1;

    /** For JSON. */
    private LogUniformSpace() {
    }

    /**
     * @param min smallest value, finite and &gt; 0
     * @param max largest value, finite and ≥ min
     * @throws IllegalArgumentException otherwise
     */
    public LogUniformSpace(double min, double max) {
        SpaceChecks.logRange("LogUniformSpace", "range", min, max, "pass finite 0 < min ≤ max");
        this.min = min;
        this.max = max;
    }

    /** @return the smallest value */
    public double getMin() {
        return min;
    }

    /** @return the largest value */
    public double getMax() {
        return max;
    }

    @Override
    public Double getValue(double[] values) {
        double x = SpaceChecks.unitValue(this, values, index);
        if (x == 0) {
            return min;
        }
        if (x == 1) {
            return max;
        }
        return Math.exp(Math.log(min) + x * (Math.log(max) - Math.log(min)));
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
        return o instanceof LogUniformSpace s && Double.compare(s.min, min) == 0 && Double.compare(s.max, max) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(min, max);
    }

    @Override
    public String toString() {
        return "LogUniformSpace(" + min + ", " + max + ")";
    }
}
