package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link FastTanh} against {@link Math#tanh} evaluated in float64 at the float32 argument:
 * on a dense grid of [−10, 10] (step 2⁻¹⁴, 327 681 points) and on 20 001 tiny arguments in
 * [−10⁻³, 10⁻³], the absolute error is below {@value #ABS} and the relative error below
 * {@value #REL} (4 float32 ulps at 1 are 4.8·10⁻⁷); odd symmetry is exact; ±∞ give ±1, NaN
 * gives NaN; the array form equals the scalar form bit for bit. Negative control: the same bound
 * rejects the approximation with its leading coefficient changed in the 6th digit.
 */
class FastTanhTest {
    static final double ABS = 5e-7;
    static final double REL = 5e-7;

    @Test
    void accurateToAFewFloatUlps() {
        double[] err = maxErrors(FastTanh::tanh);
        assertTrue(err[0] < ABS, "max absolute error " + err[0]);
        assertTrue(err[1] < REL, "max relative error " + err[1]);
    }

    @Test
    void boundRejectsAPerturbedApproximation() {
        // tanh(x)·(1 + 2e-6): a coefficient off in the 6th significant digit.
        double[] err = maxErrors(x -> FastTanh.tanh(x) * (1.0f + 2e-6f));
        assertTrue(err[0] > ABS || err[1] > REL, "the error bound does not detect a 2e-6 relative error: " + err[0]);
    }

    @Test
    void specialValuesAndSymmetry() {
        assertEquals(1.0f, FastTanh.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1.0f, FastTanh.tanh(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FastTanh.tanh(Float.NaN)));
        assertEquals(0.0f, FastTanh.tanh(0.0f));
        assertEquals(1.0f, FastTanh.tanh(20f), 1e-7f);
        for (int i = 0; i <= 100_000; i++) {
            float x = i * 1e-4f;
            assertEquals(-FastTanh.tanh(x), FastTanh.tanh(-x), "odd symmetry at " + x);
        }
    }

    @Test
    void arrayFormEqualsScalarForm() {
        float[] a = new float[4099];
        float[] expected = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i - 2049) * 0.0049f;
            expected[i] = FastTanh.tanh(a[i]);
        }
        FastTanh.tanh(a, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(a[i]), "entry " + i);
        }
    }

    interface FloatFn {
        float apply(float x);
    }

    /** @return {max absolute error, max relative error} */
    private static double[] maxErrors(FloatFn f) {
        double maxAbs = 0;
        double maxRel = 0;
        for (int i = -10 * 16384; i <= 10 * 16384; i++) {
            float x = i / 16384f;
            double e = Math.tanh(x);
            double d = Math.abs(f.apply(x) - e);
            maxAbs = Math.max(maxAbs, d);
            if (e != 0) {
                maxRel = Math.max(maxRel, d / Math.abs(e));
            }
        }
        for (int i = -10_000; i <= 10_000; i++) {
            float x = i * 1e-7f;
            double e = Math.tanh(x);
            if (e != 0) {
                maxRel = Math.max(maxRel, Math.abs(f.apply(x) - e) / Math.abs(e));
            }
        }
        return new double[] {maxAbs, maxRel};
    }
}
