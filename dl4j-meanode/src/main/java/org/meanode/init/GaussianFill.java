package org.meanode.init;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fills parameter views with i.i.d. N(0, std²) entries. The stream is seeded either from ND4J's
 * global generator (one {@code nextLong()}; DL4J seeds that generator from
 * {@code NeuralNetConfiguration.Builder.seed(..)} when a network is initialised) or from the
 * layer's own {@code seed} field mixed with a salt.
 *
 * <p>The Gaussian values themselves come from Java's {@link SplittableRandom} (SplitMix64,
 * {@code nextGaussian}), not from {@code Nd4j.randn}: in ND4J 1.0.0-M2.1 the native generator
 * repeats values inside large arrays (in float64, 0.02–0.2% of a 2^20-entry array and 0.3–1.9%
 * of a 2^22-entry one are exact copies of an earlier entry, at lags that are multiples of 2^16;
 * in one 1024-block stack 22% of V), so a deep stack's units were not independent and its
 * distance to the limit could be 10× that of independent units (docs/MODEL.md, after the
 * 2LP equations; docs/reduced-limit.md; {@code GaussianFillTest}).
 */
public final class GaussianFill {
    private GaussianFill() {
    }

    /**
     * Overwrites every entry of {@code view} with a draw of N(0, std²).
     *
     * @param view a parameter view (written in place)
     * @param std  the standard deviation, finite and &gt; 0
     * @param seed a layer seed, or null to seed the stream from ND4J's global generator
     * @param salt distinguishes the parameters of one layer that share a seed (e.g. 0 for U,
     *             1 for V), so that they are not drawn from the same stream
     */
    public static void fill(INDArray view, double std, Long seed, long salt) {
        long s = seed == null ? Nd4j.getRandom().nextLong() : mix(seed, salt);
        fill(view, std, new SplittableRandom(s));
    }

    /** Fills {@code view} in its C order from {@code rng}. */
    static void fill(INDArray view, double std, SplittableRandom rng) {
        long n = view.length();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("view.length() = " + n + " is too large: at most "
                    + Integer.MAX_VALUE + " entries per parameter array");
        }
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * rng.nextGaussian();
        }
        INDArray src = Nd4j.createFromArray(values).reshape('c', view.shape());
        view.assign(view.dataType() == DataType.DOUBLE ? src : src.castTo(view.dataType()));
    }

    /** SplitMix64 finaliser: decorrelates (seed, salt) pairs. */
    static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
