package org.meanode.examples.limit;

import java.util.List;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * Everything that defines a run of the accuracy experiment. Networks: MODEL.md's complete regime
 * (α = 1, σ_u = σ_v = √D, tanh), plain Sgd at base rate η, float64, frozen W_E and W_U shared by
 * every network (the demo's synthetic task).
 *
 * @param nIn          d_in
 * @param nOut         d_out
 * @param embeddingDim D
 * @param examples     N
 * @param steps        K, full-batch GD steps
 * @param learningRate η
 * @param costs        unit evaluations per forward pass C (L·M for a stack, S·r·P for the limit layer)
 * @param seeds        independent draws per point (the error is their RMS)
 * @param stackWidth   M of the finite ResNets (L = C/M)
 * @param curves       the limit-layer configurations
 * @param refNodes     P of the reference (RK4, scrambled Sobol nodes shared across depth)
 * @param refSteps     S of the reference (even: its half is run to estimate its discretisation error)
 * @param dataSeed     seed of X, Y, W_E, W_U
 * @param networkSeed  base seed of the networks' units
 */
public record AccuracySettings(int nIn, int nOut, int embeddingDim, int examples, int steps, double learningRate,
                               List<Integer> costs, int seeds, int stackWidth, List<LimitCurve> curves, int refNodes,
                               int refSteps, long dataSeed, long networkSeed) {

    /**
     * Validates and copies.
     *
     * @param nIn d_in
     * @param nOut d_out
     * @param embeddingDim D
     * @param examples N
     * @param steps K
     * @param learningRate η
     * @param costs costs C, each a multiple of the stack width and of every curve's S·r
     * @param seeds draws per point, ≥ 1
     * @param stackWidth M of the stacks
     * @param curves limit-layer configurations
     * @param refNodes P of the reference
     * @param refSteps S of the reference, even
     * @param dataSeed seed of the task
     * @param networkSeed base seed of the units
     */
    public AccuracySettings {
        costs = List.copyOf(costs);
        curves = List.copyOf(curves);
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds = " + seeds + " is invalid: use --seeds 1 or more");
        }
        if (refSteps < 2 || refSteps % 2 != 0) {
            throw new IllegalArgumentException("refSteps = " + refSteps + " is invalid: use an even number ≥ 2"
                    + " (the reference's discretisation error is estimated from its half)");
        }
        if (costs.isEmpty()) {
            throw new IllegalArgumentException("costs is empty: give at least one cost, e.g. --costs 256,1024");
        }
        for (int c : costs) {
            if (c < 1 || c % stackWidth != 0) {
                throw new IllegalArgumentException("cost " + c + " is invalid: it must be a positive multiple of the"
                        + " stack width M = " + stackWidth);
            }
            for (LimitCurve lc : curves) {
                lc.nodesFor(c);
            }
        }
        long refCost = 4L * refSteps * refNodes;
        long maxCost = costs.stream().mapToLong(Integer::longValue).max().orElse(0);
        if (refCost < 8 * maxCost) {
            throw new IllegalArgumentException("the reference (RK4, S = " + refSteps + ", P = " + refNodes + ", cost "
                    + refCost + ") must cost at least 8× the largest cost " + maxCost + "; raise --ref-nodes");
        }
    }

    /** @return the README run: costs 64 … 4096, 4 draws per point, reference RK4 S = 2, P = 32768 */
    public static AccuracySettings standard() {
        return new AccuracySettings(5, 5, 20, 10, 15, 1.0, List.of(64, 256, 1024, 4096), 4, 16, defaultCurves(),
                32768, 2, 2025, 7);
    }

    /** @return a small run for tests: costs 64, 256, 1024, 2 draws, one limit curve, reference RK4 S = 2, P = 4096 */
    public static AccuracySettings quick() {
        return new AccuracySettings(5, 5, 20, 10, 15, 1.0, List.of(64, 256, 1024), 2, 16,
                List.of(new LimitCurve(OdeSolver.RK4, 1, NodeScheme.SOBOL, false)), 4096, 2, 2025, 7);
    }

    /**
     * @return RK4 with one step and shared Sobol or IID nodes (P = C/4), and RK4 with 4 steps and
     *         fresh Sobol nodes at every step and stage (P = C/16)
     */
    public static List<LimitCurve> defaultCurves() {
        return List.of(new LimitCurve(OdeSolver.RK4, 1, NodeScheme.SOBOL, false),
                new LimitCurve(OdeSolver.RK4, 1, NodeScheme.IID, false),
                new LimitCurve(OdeSolver.RK4, 4, NodeScheme.SOBOL, true));
    }

    /** @return the label of the finite-ResNet curve */
    public String stackLabel() {
        return "ScaledResidualStack M=" + stackWidth;
    }
}
