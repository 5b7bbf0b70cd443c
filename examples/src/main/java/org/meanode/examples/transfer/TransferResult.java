package org.meanode.examples.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the transfer sweep measured.
 *
 * @param settings the settings
 * @param runs     every (case, axis, size, η) run
 * @param best     the best η of every (case, axis, size)
 */
public record TransferResult(TransferSettings settings, List<Run> runs, List<Best> best) {

    /** Which sweep a size belongs to. */
    public enum Axis {
        /** L varies, M fixed. */
        DEPTH,
        /** M varies, L fixed. */
        WIDTH
    }

    /**
     * One training run.
     *
     * @param parametrization the case
     * @param axis            the sweep
     * @param depth           L
     * @param width           M
     * @param eta             the base rate η
     * @param loss            training loss (MSE) after K steps; +∞ if diverged
     * @param diverged        true if the loss became non-finite or grew 1000-fold
     */
    public record Run(Parametrization parametrization, Axis axis, int depth, int width, double eta, double loss,
                      boolean diverged) {
    }

    /**
     * The best rate of one size: the grid minimum, refined by the vertex of the parabola through
     * the minimum and its two neighbours in (log η, log loss) when the minimum is interior.
     *
     * @param parametrization the case
     * @param axis            the sweep
     * @param depth           L
     * @param width           M
     * @param eta             the best η
     * @param loss            the loss at the grid minimum
     * @param atEdge          true if the minimum is at an end of the grid (then η is only a bound)
     */
    public record Best(Parametrization parametrization, Axis axis, int depth, int width, double eta, double loss,
                       boolean atEdge) {
    }

    /**
     * @param p    a case
     * @param axis a sweep, or null for both together
     * @return max(best η)/min(best η) over the sizes: how far the best rate moves
     */
    public double shiftFactor(Parametrization p, Axis axis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Best b : best) {
            if (b.parametrization() == p && (axis == null || b.axis() == axis)) {
                lo = Math.min(lo, b.eta());
                hi = Math.max(hi, b.eta());
            }
        }
        return hi / lo;
    }

    /**
     * @param p    a case
     * @param axis a sweep
     * @return the runs of that case and sweep
     */
    public List<Run> runs(Parametrization p, Axis axis) {
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            if (r.parametrization() == p && r.axis() == axis) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * @param p a case
     * @return true if a best rate of that case lies at an end of the η grid
     */
    public boolean anyAtEdge(Parametrization p) {
        return best.stream().anyMatch(b -> b.parametrization() == p && b.atEdge());
    }
}
