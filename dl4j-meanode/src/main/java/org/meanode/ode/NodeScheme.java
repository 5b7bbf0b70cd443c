package org.meanode.ode;

/**
 * How {@link org.meanode.conf.MeanOdeLayer} draws its P quadrature nodes (u_p, v_p) for the
 * initial law of the units, N(0, σ_u²I_D) ⊗ N(0, σ_v²I_D) (MODEL.md, the Neural Mean ODE limit).
 * The layer's expectation E[v σ(uᵀh/D)] is the plain average over the P nodes; every scheme
 * gives nodes of equal weight, so the per-unit training rule applies unchanged. For a generic
 * unit function ({@link org.meanode.units.UnitFunction}) the nodes sample its initial law, block
 * by block ({@link QuadratureNodes#drawBlocks}): ANTITHETIC negates the unit's last block, SOBOL
 * uses Σ rows coordinates.
 */
public enum NodeScheme {
    /** P independent draws. The sampling error of the average is O(P^−½). */
    IID,
    /**
     * P/2 independent draws (u, v), each paired with (u, −v): the average of v σ(uᵀh/D) over
     * the nodes is exactly 0 at initialisation, as its expectation is. P must be even.
     */
    ANTITHETIC,
    /**
     * The first P points of the 2D-dimensional Sobol sequence (Joe–Kuo direction numbers),
     * scrambled by a random linear matrix scramble and a random digital shift (Matoušek), mapped
     * through the Gaussian quantile: randomised quasi-Monte Carlo. For P = 2^m every coordinate
     * of the nodes has exactly one point in each of the P equal-probability intervals of its
     * Gaussian. Supports D ≤ {@value QuadratureNodes#SOBOL_MAX_EMBEDDING_DIM}; powers of two
     * for P are best.
     */
    SOBOL
}
