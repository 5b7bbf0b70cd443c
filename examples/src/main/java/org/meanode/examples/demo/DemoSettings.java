package org.meanode.examples.demo;

import java.util.List;

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
 * @param limitNodes   P, quadrature nodes of the MeanOdeLayer that computes the limit (RK4, S = 2,
 *                     scrambled Sobol nodes, mean of {@value #LIMIT_REPLICATES} independent replicates)
 */
public record DemoSettings(int nIn, int nOut, int embeddingDim, int examples, List<Integer> depths, List<Integer> widths,
                           int seeds, int steps, double learningRate, long dataSeed, long networkSeed, int limitNodes) {

    /** Independent replicates of the limit: their disagreement measures its own error. */
    public static final int LIMIT_REPLICATES = 2;

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
            throw new IllegalArgumentException("limitNodes = " + limitNodes + " must be ≥ 1; pass --limit-nodes P (8192 by"
                    + " default)");
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
     * M ∈ {1, 4, 16}, η = 1; the limit with P = 8192 nodes.
     *
     * @param seeds S
     * @param steps K
     * @return the settings
     */
    public static DemoSettings standard(int seeds, int steps) {
        return new DemoSettings(5, 5, 20, 10, List.of(4, 16, 64, 256), List.of(1, 4, 16), seeds, steps, 1.0, 2509L, 10167L,
                8192);
    }

    /**
     * A reduced grid for tests and smoke runs: L ∈ {4, 16, 64}, M ∈ {1, 4}; the limit with P = 1024 nodes.
     *
     * @param seeds S
     * @param steps K
     * @return the settings
     */
    public static DemoSettings quick(int seeds, int steps) {
        return new DemoSettings(5, 5, 20, 10, List.of(4, 16, 64), List.of(1, 4), seeds, steps, 1.0, 2509L, 10167L, 1024);
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
