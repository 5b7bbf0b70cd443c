package org.meanode.examples.rates;

import java.util.Objects;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * What the two limit references ({@link MeanOdeLayerReference}, {@link ReducedLimitReference})
 * share: P quadrature nodes shared by all depths, S steps of a Runge–Kutta method in depth-time, a
 * node scheme and a seed, and how a replicate, a coarser and a refined reference are derived from
 * them. Subclasses build and train the network.
 */
public abstract class QuadratureReference implements LimitReference {
    /** P, the quadrature nodes. */
    protected final int nodes;
    /** S, solver steps over s ∈ [0, 1]. */
    protected final int steps;
    /** The Runge–Kutta method. */
    protected final OdeSolver solver;
    /** How the nodes are drawn. */
    protected final NodeScheme scheme;
    /** Seed of the nodes (scramble for SOBOL). */
    protected final long seed;

    /**
     * @param nodes  P ≥ 1
     * @param steps  S ≥ 1
     * @param solver the Runge–Kutta method
     * @param scheme how the nodes are drawn
     * @param seed   seed of the nodes
     */
    protected QuadratureReference(int nodes, int steps, OdeSolver solver, NodeScheme scheme, long seed) {
        if (nodes < 1 || steps < 1) {
            throw new IllegalArgumentException("the limit reference needs nodes P ≥ 1 and steps S ≥ 1, got P = " + nodes
                    + ", S = " + steps + "; pass --ref-nodes and --ref-steps");
        }
        this.nodes = nodes;
        this.steps = steps;
        this.solver = Objects.requireNonNull(solver, "solver");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.seed = seed;
    }

    /**
     * @param nodes P
     * @param steps S
     * @param seed  seed of the nodes
     * @return a reference of the same kind, solver and scheme with these settings
     */
    protected abstract QuadratureReference with(int nodes, int steps, long seed);

    /** @return what computes the limit, for {@link #describe()} (e.g. "MeanOdeLayer") */
    protected abstract String method();

    @Override
    public String describe() {
        return String.format("%s: %s, S = %d steps, P = %d %s nodes shared by all depths", method(), solver, steps, nodes,
                scheme);
    }

    @Override
    public long unitEvaluations() {
        return (long) steps * solver.stages() * nodes;
    }

    @Override
    public LimitReference withSeed(long newSeed) {
        return with(nodes, steps, newSeed);
    }

    @Override
    public LimitReference coarser() {
        return with(Math.max(scheme == NodeScheme.ANTITHETIC ? 2 : 1, nodes / 4), steps, seed);
    }

    @Override
    public LimitReference refined() {
        return with(nodes, 2 * steps, seed);
    }

    /** @return P */
    public int nodes() {
        return nodes;
    }

    /** @return S */
    public int steps() {
        return steps;
    }

    /** @return the solver */
    public OdeSolver solver() {
        return solver;
    }

    /** @return the node scheme */
    public NodeScheme scheme() {
        return scheme;
    }
}
