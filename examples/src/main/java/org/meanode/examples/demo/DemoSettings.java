package org.meanode.examples.demo;

import java.util.List;
import org.meanode.examples.rates.QuadratureReference;
import org.meanode.examples.rates.ReferenceSpace;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * Everything that defines a run of the convergence demo. Networks: MODEL.md's complete regime
 * (α = 1, σ_u = σ_v = √D, tanh), plain Sgd at base rate η, float64, frozen W_E and W_U.
 *
 * @param nIn          d_in
 * @param nOut         d_out
 * @param embeddingDim D
 * @param examples     N
 * @param depths       the depths L of the grid
 * @param widths       the widths M of the grid (every (L, M) pair is trained)
 * @param seeds        S, independently initialised networks per (L, M), at least 2
 * @param steps        K, full-batch GD steps
 * @param learningRate η
 * @param dataSeed     seed of X, Y, W_E, W_U
 * @param networkSeed  base seed of the residual weights U, V (mixed with L, M and the replicate)
 * @param limitNodes   P, quadrature nodes of the limit (RK4, S = 2, scrambled Sobol nodes, mean of
 *                     {@value #LIMIT_REPLICATES} independent replicates)
 * @param limitSpace   where the limit is computed: in the span of W_E and W_U (ReducedLimit, the
 *                     default) or in R^D (MeanOdeLayer)
 */
public record DemoSettings(int nIn, int nOut, int embeddingDim, int examples, List<Integer> depths, List<Integer> widths,
                           int seeds, int steps, double learningRate, long dataSeed, long networkSeed, int limitNodes,
                           ReferenceSpace limitSpace) {

    /** Independent replicates of the limit: their disagreement measures its own error. */
    public static final int LIMIT_REPLICATES = 2;
    /** P of the limit computed in the span of the data (the default). */
    public static final int REDUCED_NODES = 8192;
    /** P of the reduced limit with --quick. */
    public static final int REDUCED_QUICK_NODES = 1024;
    /** P of the full-space limit ({@code --limit-space full}). */
    public static final int FULL_NODES = 8192;
    /** P of the full-space limit with --quick. */
    public static final int FULL_QUICK_NODES = 1024;

    /**
     * Validates the settings and copies the lists.
     *
     * @param nIn d_in
     * @param nOut d_out
     * @param embeddingDim D
     * @param examples N
     * @param depths the depths L of the grid
     * @param widths the widths M of the grid (every (L, M) pair is trained)
     * @param seeds S, independently initialised networks per (L, M), at least 2
     * @param steps K, full-batch GD steps
     * @param learningRate η
     * @param dataSeed seed of X, Y, W_E, W_U
     * @param networkSeed base seed of the residual weights U, V (mixed with L, M and the replicate)
     * @param limitNodes P ≥ 1, quadrature nodes of the limit
     * @param limitSpace where the limit is computed
     */
    public DemoSettings {
        depths = List.copyOf(depths);
        widths = List.copyOf(widths);
        if (depths.isEmpty() || widths.isEmpty() || depths.size() * widths.size() < 2) {
            throw new IllegalArgumentException("the grid needs at least 2 (L, M) pairs, got depths " + depths
                    + " and widths " + widths);
        }
        for (int v : depths) {
            positive("depth", v);
        }
        for (int v : widths) {
            positive("width", v);
        }
        positive("nIn", nIn);
        positive("nOut", nOut);
        positive("embeddingDim", embeddingDim);
        positive("examples", examples);
        positive("steps", steps);
        if (limitNodes < 1) {
            throw new IllegalArgumentException("limitNodes = " + limitNodes + " must be ≥ 1; pass --limit-nodes P ("
                    + REDUCED_NODES + " by default)");
        }
        if (limitSpace == null) {
            throw new IllegalArgumentException("limitSpace is null; pass ReferenceSpace.AUTO for the default");
        }
        if (seeds < 2) {
            throw new IllegalArgumentException("seeds = " + seeds + ": the spread needs at least 2 networks per (L, M);"
                    + " pass --seeds 2 or more (4 by default)");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate = " + learningRate + " must be finite and > 0");
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " = " + v + " must be ≥ 1");
        }
    }

    /**
     * The README's main job: d_in = d_out = 5, N = 10, D = 20, L ∈ {4, 16, 64, 256},
     * M ∈ {1, 4, 16}, η = 1; the limit in the span of the data with P = {@value #REDUCED_NODES} nodes
     * ({@value #FULL_NODES} in R^D with {@link ReferenceSpace#FULL}).
     *
     * @param seeds S
     * @param steps K
     * @param space where the limit is computed
     * @return the settings
     */
    public static DemoSettings standard(int seeds, int steps, ReferenceSpace space) {
        return new DemoSettings(5, 5, 20, 10, List.of(4, 16, 64, 256), List.of(1, 4, 16), seeds, steps, 1.0, 2509L, 10167L,
                space == ReferenceSpace.FULL ? FULL_NODES : REDUCED_NODES, space);
    }

    /**
     * A reduced grid for tests and smoke runs: L ∈ {4, 16, 64}, M ∈ {1, 4}; the limit with
     * P = {@value #REDUCED_QUICK_NODES} nodes ({@value #FULL_QUICK_NODES} in R^D).
     *
     * @param seeds S
     * @param steps K
     * @param space where the limit is computed
     * @return the settings
     */
    public static DemoSettings quick(int seeds, int steps, ReferenceSpace space) {
        return new DemoSettings(5, 5, 20, 10, List.of(4, 16, 64), List.of(1, 4), seeds, steps, 1.0, 2509L, 10167L,
                space == ReferenceSpace.FULL ? FULL_QUICK_NODES : REDUCED_QUICK_NODES, space);
    }

    /**
     * @param steps S, solver steps of the limit over depth-time
     * @return the limit reference of these settings (RK4, scrambled Sobol nodes; seed replaced per
     *         replicate; where the reduced limit gains nothing, the full-space layer with the same P)
     */
    public QuadratureReference limitReference(int steps) {
        return limitSpace.reference(limitNodes, limitNodes, steps, OdeSolver.RK4, NodeScheme.SOBOL, networkSeed);
    }

    /**
     * Seed of the residual weights of one network: a SplitMix64 mix of the base seed, L, M and
     * the replicate, so that no two networks of the grid share a random stream (a shared stream
     * would correlate a shallow network with the first blocks of a deeper one).
     *
     * @param depth     L
     * @param width     M
     * @param replicate 0 … S−1
     * @return the seed passed to {@code MeanOdeResNet.Builder.seed}
     */
    public long networkSeed(int depth, int width, int replicate) {
        return org.meanode.examples.rates.RatesSettings.mix(networkSeed, depth, width, replicate);
    }
}
