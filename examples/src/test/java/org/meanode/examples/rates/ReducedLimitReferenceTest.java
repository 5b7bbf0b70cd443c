package org.meanode.examples.rates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.meanode.examples.demo.OutputDistances;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * The default limit reference of {@code rates} and {@code demo} ({@link ReferenceSpace#AUTO}): the
 * reduced limit where k &lt; D, the full-space layer (with its own P) where k ≥ D, saying so; an
 * explicit {@code reduced} never falls back; {@code full} is the MeanOdeLayer.
 */
class ReducedLimitReferenceTest {
    private static final TrainingSpec SPEC = new TrainingSpec(3, 1.0, 1.0);

    @Test
    void fallsBackToTheFullSpaceLayerWhereKIsAtLeastD() {
        SyntheticTask task = SyntheticTask.generate(5, 5, 10, 10, 7L);
        QuadratureReference auto = ReferenceSpace.AUTO.reference(64, 32, 1, OdeSolver.RK4, NodeScheme.SOBOL, 3L);
        String why = auto.fallback(task, SPEC);
        assertTrue(why != null && why.contains("k = dim span(W_E, W_U) = 10 ≥ D = 10, nothing to reduce")
                && why.contains("P = 32"), why);
        double[] viaAuto = auto.train(task, SPEC).output();
        double[] full = new MeanOdeLayerReference(32, 1, OdeSolver.RK4, NodeScheme.SOBOL, 3L).train(task, SPEC).output();
        assertArrayEquals(full, viaAuto, 0.0, "the fallback is the full-space layer with the fallback P, bit for bit");
        // its P/4 check keeps the ratio of the two P's
        assertTrue(auto.coarser().fallback(task, SPEC).contains("P = 8"), auto.coarser().fallback(task, SPEC));

        QuadratureReference strict = ReferenceSpace.REDUCED.reference(64, 32, 1, OdeSolver.RK4, NodeScheme.SOBOL, 3L);
        assertNull(strict.fallback(task, SPEC), "an explicit reduced never falls back");
    }

    @Test
    void reducesWhereKIsBelowD() {
        SyntheticTask task = SyntheticTask.generate(5, 5, 20, 10, 7L);
        QuadratureReference auto = ReferenceSpace.AUTO.reference(256, 64, 1, OdeSolver.RK4, NodeScheme.SOBOL, 3L);
        assertNull(auto.fallback(task, SPEC));
        double[] viaAuto = auto.train(task, SPEC).output();
        double[] strict = ReferenceSpace.REDUCED.reference(256, 0, 1, OdeSolver.RK4, NodeScheme.SOBOL, 3L).train(task, SPEC)
                .output();
        assertArrayEquals(strict, viaAuto, 0.0, "AUTO at k < D is the reduced limit");
        double[] full = ReferenceSpace.FULL.reference(256, 0, 1, OdeSolver.RK4, NodeScheme.SOBOL, 3L).train(task, SPEC)
                .output();
        double d = OutputDistances.rms(full, viaAuto);
        assertTrue(d > 0 && d < 0.2, "a different computation of the same limit: close, not equal; RMS distance " + d);
        assertTrue(auto.describe().startsWith("ReducedLimit"), auto.describe());
    }

    @Test
    void parsesTheOptionAndNamesItWhenWrong() {
        assertEquals(ReferenceSpace.AUTO, ReferenceSpace.parse("--ref-space", null));
        assertEquals(ReferenceSpace.REDUCED, ReferenceSpace.parse("--ref-space", "reduced"));
        assertEquals(ReferenceSpace.FULL, ReferenceSpace.parse("--ref-space", "full"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceSpace.parse("--limit-space", "span"));
        assertTrue(e.getMessage().contains("--limit-space = span is invalid"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ReducedLimitReference(64, 1, OdeSolver.RK4, NodeScheme.SOBOL, 0, -1));
    }
}
