package org.meanode.examples.limit;

import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * One MeanOdeLayer configuration of the accuracy experiment, applied at every cost C:
 * P = C/(S·r) nodes for S steps of a method with r stages.
 *
 * @param solver     the Runge–Kutta method
 * @param steps      S
 * @param scheme     node scheme
 * @param freshNodes independent nodes at every step and stage (else the same nodes at every depth)
 */
public record LimitCurve(OdeSolver solver, int steps, NodeScheme scheme, boolean freshNodes) {

    /**
     * @param solver     the method
     * @param steps      S ≥ 1
     * @param scheme     node scheme
     * @param freshNodes fresh nodes per step and stage
     */
    public LimitCurve {
        if (solver == null || scheme == null || steps < 1) {
            throw new IllegalArgumentException("LimitCurve: solver and scheme must be set and steps ≥ 1, got " + solver
                    + ", " + scheme + ", " + steps);
        }
    }

    /** @return unit evaluations per node and forward pass, S·r */
    public int evaluationsPerNode() {
        return steps * solver.stages();
    }

    /**
     * @param cost unit evaluations per forward pass C
     * @return P = C/(S·r)
     * @throws IllegalArgumentException if S·r does not divide C
     */
    public int nodesFor(long cost) {
        if (cost % evaluationsPerNode() != 0) {
            throw new IllegalArgumentException("cost " + cost + " is not a multiple of S·r = " + evaluationsPerNode()
                    + " for " + label() + "; use costs that are multiples of " + evaluationsPerNode());
        }
        return (int) (cost / evaluationsPerNode());
    }

    /** @return e.g. "limit RK4 S=1 SOBOL shared" */
    public String label() {
        return "limit " + solver + " S=" + steps + " " + scheme + (freshNodes ? " fresh" : " shared");
    }
}
