package org.meanode.ode;

/**
 * The explicit Runge–Kutta methods offered by {@link org.meanode.conf.MeanOdeLayer} to integrate
 * dh/ds = α·E[v σ(uᵀh/D)] over s ∈ [0, 1] in S steps. Each stage evaluates the units once, so a
 * forward pass costs S·{@link #stages()}·P unit evaluations for P nodes.
 *
 * <p>The explicit midpoint method is not offered: its first stage has weight b_1 = 0, so units
 * placed there would carry no quadrature weight and could not follow the per-unit training rule
 * (see {@link ButcherTableau}).
 */
public enum OdeSolver {
    /** Forward Euler, order 1: h_{n+1} = h_n + F(h_n)/S. With fresh nodes it is the finite ResNet. */
    EULER(new ButcherTableau(new double[][] {{0}}, new double[] {1}, 1)),
    /** Heun's method (explicit trapezoidal rule), order 2. */
    HEUN(new ButcherTableau(new double[][] {{0, 0}, {1, 0}}, new double[] {0.5, 0.5}, 2)),
    /** Kutta's third-order method. */
    RK3(new ButcherTableau(new double[][] {{0, 0, 0}, {0.5, 0, 0}, {-1, 2, 0}},
            new double[] {1.0 / 6, 2.0 / 3, 1.0 / 6}, 3)),
    /** The classical fourth-order Runge–Kutta method. */
    RK4(new ButcherTableau(new double[][] {{0, 0, 0, 0}, {0.5, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 1, 0}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, 4));

    private final ButcherTableau tableau;

    OdeSolver(ButcherTableau tableau) {
        this.tableau = tableau;
    }

    /** @return the method's Butcher tableau */
    public ButcherTableau tableau() {
        return tableau;
    }

    /** @return the number of stages r (unit evaluations per node and step) */
    public int stages() {
        return tableau.stages();
    }

    /** @return the classical order of accuracy */
    public int order() {
        return tableau.order();
    }
}
