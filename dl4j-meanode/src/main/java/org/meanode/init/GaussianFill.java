package org.meanode.init;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fills parameter views with i.i.d. N(0, std²) entries, either from ND4J's global generator
 * (which DL4J seeds from {@code NeuralNetConfiguration.Builder.seed(..)} when a network is
 * initialised) or from a private generator seeded by the layer's own {@code seed} field.
 */
public final class GaussianFill {
    private GaussianFill() {
    }

    /**
     * Overwrites every entry of {@code view} with a draw of N(0, std²).
     *
     * @param view a parameter view (written in place)
     * @param std  the standard deviation, finite and &gt; 0
     * @param seed a layer seed, or null to use ND4J's global generator
     * @param salt distinguishes the parameters of one layer that share a seed (e.g. 0 for U,
     *             1 for V), so that they are not drawn from the same stream
     */
    public static void fill(INDArray view, double std, Long seed, long salt) {
        if (seed == null) {
            Nd4j.randn(0.0, std, view, Nd4j.getRandom());
            return;
        }
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(mix(seed, salt));
        Nd4j.randn(0.0, std, view, rng);
    }

    /** SplitMix64 finaliser: decorrelates (seed, salt) pairs. */
    static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
