package org.meanode.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputDistancesTest {

    @Test
    void spreadIsRmsOverPairsOfRmsDistances() {
        double[] a = {0, 0};
        double[] b = {3, 4};      // rms(a, b)² = 12.5
        double[] c = {0, 2};      // rms(a, c)² = 2, rms(b, c)² = 6.5
        assertEquals(Math.sqrt(12.5), OutputDistances.rms(a, b), 1e-15);
        assertEquals(Math.sqrt((12.5 + 2 + 6.5) / 3), OutputDistances.spread(List.of(a, b, c)), 1e-15);
        assertEquals(1.0, OutputDistances.mean(List.of(a, b, c))[0], 1e-15);
    }

    @Test
    void jackknifeErrorIsZeroForEquidistantOutputsAndNaNBelowThree() {
        double[][] simplex = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertEquals(0.0, OutputDistances.logSpreadStdError(List.of(simplex)), 1e-12);
        assertTrue(Double.isNaN(OutputDistances.logSpreadStdError(List.of(simplex[0], simplex[1]))));
    }
}
