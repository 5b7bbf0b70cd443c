package org.meanode.ode;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Sobol points in [0, 1)^dim with Matoušek's random linear matrix scramble and a random digital
 * shift: for each coordinate with binary digits x_1 x_2 … (x_1 the most significant), the
 * scrambled digits are y_k = Σ_{j≤k} M_kj x_j + e_k (mod 2), with M lower triangular with unit
 * diagonal and random entries below it, and e random. Such a scramble keeps the net structure
 * of the sequence (for 2^m points, each coordinate has exactly one point in each interval
 * [i/2^m, (i+1)/2^m)) while making every point uniformly distributed. Points are returned at
 * the centre of their finest cell, (Y + ½)/2^52, so never 0 or 1.
 */
final class ScrambledSobol {
    /** Digits per coordinate of the underlying generator (commons-math's BITS). */
    private static final int BITS = 52;
    private static final double SCALE = Math.pow(2, BITS);

    private final SobolSequenceGenerator sobol;
    private final int dim;
    private final long[][] rows;  // [dim][BITS]: row k of M as a mask over the digits
    private final long[] shift;   // [dim]: the digital shift, as a BITS-bit integer

    /**
     * @param dim  dimension, 1 … 1000
     * @param seed seed of the scramble
     */
    ScrambledSobol(int dim, long seed) {
        this.sobol = new SobolSequenceGenerator(dim);
        this.dim = dim;
        this.rows = new long[dim][BITS];
        this.shift = new long[dim];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int d = 0; d < dim; d++) {
            for (int k = 0; k < BITS; k++) {
                long below = k == 0 ? 0 : rng.nextLong() & ((1L << k) - 1); // M_kj for j < k
                // digit j (j = 0 most significant) lives at bit BITS-1-j
                long mask = 1L << (BITS - 1 - k);
                for (int j = 0; j < k; j++) {
                    if ((below >>> j & 1L) != 0) {
                        mask |= 1L << (BITS - 1 - j);
                    }
                }
                rows[d][k] = mask;
            }
            shift[d] = rng.nextLong() & ((1L << BITS) - 1);
        }
    }

    /** @return the next scrambled point, coordinates in (0, 1) */
    double[] next() {
        double[] x = sobol.nextVector();
        double[] out = new double[dim];
        for (int d = 0; d < dim; d++) {
            long in = (long) (x[d] * SCALE); // exact: the generator returns integers / 2^52
            long y = 0;
            for (int k = 0; k < BITS; k++) {
                long bit = Long.bitCount(rows[d][k] & in) & 1L;
                y |= bit << (BITS - 1 - k);
            }
            y ^= shift[d];
            out[d] = (y + 0.5) / SCALE;
        }
        return out;
    }
}
