package org.meanode.ode;

import java.util.List;
import org.apache.commons.math3.special.Erf;
import org.meanode.init.GaussianFill;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Draws P quadrature nodes (u_p, v_p) of N(0, σ_u²I_D) ⊗ N(0, σ_v²I_D) under a
 * {@link NodeScheme}, as two [D, P] arrays (node p is column p), the layout of one step of
 * {@link org.meanode.conf.MeanOdeLayer}'s parameters.
 *
 * <p>Randomness: with a seed, every draw comes from a private stream derived from (seed,
 * stream); without one, from ND4J's global generator, which DL4J seeds from the network's seed
 * when it initialises a network. IID nodes are drawn exactly as {@link GaussianFill} draws the
 * weights of a {@link org.meanode.conf.ScaledResidualStack}.
 */
public final class QuadratureNodes {
    /** Largest D for {@link NodeScheme#SOBOL}: the Sobol direction numbers cover 1000 = 2D dimensions. */
    public static final int SOBOL_MAX_EMBEDDING_DIM = 500;

    private QuadratureNodes() {
    }

    /**
     * Nodes of one draw; node p is column p.
     *
     * @param u the u's, [D, P]
     * @param v the v's, [D, P]
     */
    public record Nodes(INDArray u, INDArray v) {
    }

    /**
     * @param scheme  the node scheme
     * @param d       D
     * @param p       P (even for ANTITHETIC; D ≤ {@value #SOBOL_MAX_EMBEDDING_DIM} for SOBOL)
     * @param sigmaU  σ_u
     * @param sigmaV  σ_v
     * @param seed    a seed, or null for ND4J's global generator
     * @param stream  distinguishes independent draws under one seed (e.g. per stage or step)
     * @param dtype   data type of the arrays
     * @return the nodes
     * @throws IllegalArgumentException if the scheme cannot produce P nodes in dimension D
     */
    public static Nodes draw(NodeScheme scheme, long d, int p, double sigmaU, double sigmaV, Long seed, long stream,
                             DataType dtype) {
        check(scheme, d, p);
        INDArray[] z = drawBlocks(scheme, List.of(UnitParam.vector("U", d, sigmaU), UnitParam.vector("V", d, sigmaV)), p,
                seed, stream, dtype);
        return new Nodes(z[0], z[1]);
    }

    /**
     * P quadrature nodes of the initial law of a generic unit Z = (z_1, …, z_K) (a
     * {@link org.meanode.units.UnitFunction}): block k is N(0, initStd_k² I_{rows_k}), blocks
     * independent. IID fills block k from stream K·stream + k; ANTITHETIC draws P/2 units and
     * pairs each with the same unit whose <em>last</em> block is negated (φ odd in its output
     * block, as v in v σ(uᵀh/D), makes the average exactly 0 at initialisation); SOBOL maps one
     * (Σ_k rows_k)-dimensional scrambled Sobol point per node, block k on consecutive
     * coordinates. For the 2LP unit's blocks (U: D, σ_u; V: D, σ_v) this is exactly
     * {@link #draw}.
     *
     * @param scheme the node scheme
     * @param params the unit's parameter blocks
     * @param p      P
     * @param seed   a seed, or null for ND4J's global generator
     * @param stream distinguishes independent draws under one seed
     * @param dtype  data type of the arrays
     * @return block k of the P nodes as a [rows_k, P] array (node j is column j)
     * @throws IllegalArgumentException if the scheme cannot produce P nodes of this unit
     */
    public static INDArray[] drawBlocks(NodeScheme scheme, List<UnitParam> params, int p, Long seed, long stream,
                                        DataType dtype) {
        int kk = params.size();
        long dims = 0;
        for (UnitParam q : params) {
            dims += q.rows();
        }
        checkDimensions(scheme, dims, p);
        INDArray[] out = new INDArray[kk];
        switch (scheme) {
            case IID: {
                for (int k = 0; k < kk; k++) {
                    out[k] = Nd4j.create(dtype, params.get(k).rows(), p);
                    GaussianFill.fill(out[k], params.get(k).initStd(), seed, kk * stream + k);
                }
                return out;
            }
            case ANTITHETIC: {
                int half = p / 2;
                for (int k = 0; k < kk; k++) {
                    long rows = params.get(k).rows();
                    INDArray h = Nd4j.create(dtype, rows, half);
                    GaussianFill.fill(h, params.get(k).initStd(), seed, kk * stream + k);
                    out[k] = Nd4j.create(dtype, rows, p);
                    out[k].get(NDArrayIndex.all(), NDArrayIndex.interval(0, half)).assign(h);
                    out[k].get(NDArrayIndex.all(), NDArrayIndex.interval(half, p)).assign(k == kk - 1 ? h.neg() : h);
                }
                return out;
            }
            case SOBOL: {
                long s = seed == null ? Nd4j.getRandom().nextLong() : mix(seed, stream);
                ScrambledSobol sobol = new ScrambledSobol((int) dims, s);
                double[][][] z = new double[kk][][];
                for (int k = 0; k < kk; k++) {
                    z[k] = new double[(int) params.get(k).rows()][p];
                }
                for (int j = 0; j < p; j++) {
                    double[] x = sobol.next();
                    int c = 0;
                    for (int k = 0; k < kk; k++) {
                        double std = params.get(k).initStd();
                        for (int i = 0; i < z[k].length; i++) {
                            z[k][i][j] = std * gaussianQuantile(x[c++]);
                        }
                    }
                }
                for (int k = 0; k < kk; k++) {
                    out[k] = Nd4j.create(z[k]).castTo(dtype);
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("QuadratureNodes: unknown scheme " + scheme);
        }
    }

    /**
     * Checks that a scheme can produce P nodes of a unit with {@code dims} scalar parameters.
     *
     * @param scheme the scheme (not null)
     * @param dims   Σ_k rows_k, the dimension of one unit (2D for the 2LP unit)
     * @param p      P
     * @throws IllegalArgumentException naming the value and the fix
     */
    public static void checkDimensions(NodeScheme scheme, long dims, int p) {
        if (scheme == NodeScheme.SOBOL && dims > 2L * SOBOL_MAX_EMBEDDING_DIM) {
            throw new IllegalArgumentException("a unit of " + dims + " scalar parameters exceeds the "
                    + 2 * SOBOL_MAX_EMBEDDING_DIM + " dimensions of NodeScheme.SOBOL's direction numbers;"
                    + " use NodeScheme.IID or ANTITHETIC, or a smaller embeddingDim");
        }
        check(scheme == NodeScheme.SOBOL ? NodeScheme.IID : scheme, 1, p);
    }

    /**
     * Checks that a scheme can produce P nodes in dimension D.
     *
     * @param scheme the scheme (not null)
     * @param d      D
     * @param p      P
     * @throws IllegalArgumentException naming the value and the fix
     */
    public static void check(NodeScheme scheme, long d, int p) {
        if (scheme == null) {
            throw new IllegalArgumentException("nodeScheme is null; pass NodeScheme.IID, ANTITHETIC or SOBOL");
        }
        if (p < 1) {
            throw new IllegalArgumentException("nodes = " + p + " is invalid: it must be ≥ 1");
        }
        if (scheme == NodeScheme.ANTITHETIC && p % 2 != 0) {
            throw new IllegalArgumentException("nodes = " + p + " is odd, but NodeScheme.ANTITHETIC pairs every node"
                    + " (u, v) with (u, −v); use an even number of nodes or another scheme");
        }
        if (scheme == NodeScheme.SOBOL && d > SOBOL_MAX_EMBEDDING_DIM) {
            throw new IllegalArgumentException("embeddingDim = " + d + " exceeds " + SOBOL_MAX_EMBEDDING_DIM
                    + ", the largest D for NodeScheme.SOBOL (2D-dimensional points, direction numbers for 1000"
                    + " dimensions); use NodeScheme.IID or ANTITHETIC");
        }
    }

    /**
     * Φ⁻¹(q), the standard Gaussian quantile: commons-math's erfInv on the lower tail
     * t = min(q, 1 − q) (exact for the nodes' q, multiples of 2⁻⁵³), refined for t &lt; 10⁻³ by two
     * Newton steps on 0.5·erfc(−z/√2) = t, which keep full relative accuracy far into the tail.
     *
     * @param q a probability in (0, 1)
     * @return Φ⁻¹(q)
     */
    static double gaussianQuantile(double q) {
        double t = Math.min(q, 1 - q);
        double z = -Math.sqrt(2) * Erf.erfInv(1 - 2 * t);
        if (t < 1e-3) {
            for (int it = 0; it < 2; it++) {
                double f = 0.5 * Erf.erfc(-z / Math.sqrt(2)) - t;
                z -= f / (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
            }
        }
        return q < 0.5 ? z : -z;
    }

    /** SplitMix64 finaliser of (seed, stream). */
    private static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 7);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
