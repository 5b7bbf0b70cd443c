package org.meanode.scaling;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning-rate schedule multiplied by a constant factor: {@code valueAt(i, e) =
 * factor * base.valueAt(i, e)}. Used by {@link LearningRateRule} to carry a per-parameter
 * learning-rate multiplier through a user's schedule.
 */
public final class ScaledSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    private final ISchedule base;
    private final double factor;

    /**
     * @param base   the user's schedule (not null)
     * @param factor the multiplier, finite and positive
     */
    public ScaledSchedule(@JsonProperty("base") ISchedule base, @JsonProperty("factor") double factor) {
        if (base == null) {
            throw new IllegalArgumentException("ScaledSchedule.base is null; pass the schedule to scale");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("ScaledSchedule.factor = " + factor
                    + " is invalid; it must be finite and > 0");
        }
        this.base = base;
        this.factor = factor;
    }

    /** @return the wrapped schedule */
    public ISchedule getBase() {
        return base;
    }

    /** @return the constant multiplier */
    public double getFactor() {
        return factor;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return factor * base.valueAt(iteration, epoch);
    }

    @Override
    public ISchedule clone() {
        return new ScaledSchedule(base.clone(), factor);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScaledSchedule)) {
            return false;
        }
        ScaledSchedule s = (ScaledSchedule) o;
        return Double.compare(factor, s.factor) == 0 && base.equals(s.base);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, factor);
    }

    @Override
    public String toString() {
        return "ScaledSchedule(" + factor + " x " + base + ")";
    }
}
