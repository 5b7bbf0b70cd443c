package org.meanode.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LogLogFitTest {

    @Test
    void recoversAnExactPowerLaw() {
        double[] x = {4, 16, 64, 256, 1024};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3.0 * Math.pow(x[i], -0.5);
        }
        LogLogFit f = LogLogFit.fit(x, y);
        assertEquals(-0.5, f.slope(), 1e-12);
        assertEquals(3.0, f.prefactor(), 1e-12);
        assertEquals(0.0, f.slopeStdError(), 1e-12);
        assertEquals(1.0, f.rSquared(), 1e-12);
        assertEquals(3.0 / 8, f.predict(64), 1e-12);
    }

    @Test
    void rejectsNonPositiveValues() {
        assertThrows(IllegalArgumentException.class, () -> LogLogFit.fit(new double[] {1, 2}, new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> LogLogFit.fit(new double[] {2, 2}, new double[] {1, 3}));
    }
}
