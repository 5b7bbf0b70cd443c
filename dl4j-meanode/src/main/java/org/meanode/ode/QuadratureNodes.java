package org.meanode.ode;

import org.apache.commons.math3.special.Erf;
import org.meanode.init.GaussianFill;
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
        switch (scheme) {
            case IID: {
                INDArray u = Nd4j.create(dtype, d, p);
                INDArray v = Nd4j.create(dtype, d, p);
                GaussianFill.fill(u, sigmaU, seed, 2 * stream);
                GaussianFill.fill(v, sigmaV, seed, 2 * stream + 1);
                return new Nodes(u, v);
            }
            case ANTITHETIC: {
                int half = p / 2;
                INDArray uh = Nd4j.create(dtype, d, half);
                INDArray vh = Nd4j.create(dtype, d, half);
                GaussianFill.fill(uh, sigmaU, seed, 2 * stream);
                GaussianFill.fill(vh, sigmaV, seed, 2 * stream + 1);
                INDArray u = Nd4j.create(dtype, d, p);
                INDArray v = Nd4j.create(dtype, d, p);
                u.get(NDArrayIndex.all(), NDArrayIndex.interval(0, half)).assign(uh);
                u.get(NDArrayIndex.all(), NDArrayIndex.interval(half, p)).assign(uh);
                v.get(NDArrayIndex.all(), NDArrayIndex.interval(0, half)).assign(vh);
                v.get(NDArrayIndex.all(), NDArrayIndex.interval(half, p)).assign(vh.neg());
                return new Nodes(u, v);
            }
            case SOBOL: {
                long s = seed == null ? Nd4j.getRandom().nextLong() : mix(seed, stream);
                ScrambledSobol sobol = new ScrambledSobol((int) (2 * d), s);
                double[][] u = new double[(int) d][p];
                double[][] v = new double[(int) d][p];
                for (int j = 0; j < p; j++) {
                    double[] x = sobol.next();
                    for (int i = 0; i < d; i++) {
                        u[i][j] = sigmaU * gaussianQuantile(x[i]);
                        v[i][j] = sigmaV * gaussianQuantile(x[(int) d + i]);
                    }
                }
                return new Nodes(Nd4j.create(u).castTo(dtype), Nd4j.create(v).castTo(dtype));
            }
            default:
                throw new IllegalArgumentException("QuadratureNodes: unknown scheme " + scheme);
        }
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
