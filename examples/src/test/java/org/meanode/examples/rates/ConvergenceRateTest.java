package org.meanode.examples.rates;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meanode.examples.demo.LogLogFit;
import org.meanode.examples.demo.OutputDistances;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * The paper's rate at small scale: finite ResNets (D = 10, K = 15 GD steps, η = 1, complete
 * regime) against a MeanOdeLayer limit (RK4, S = 2, P = 4096 scrambled Sobol nodes, mean of 2
 * replicates), at L·M from 4 to 256 where the sampling term dominates (L ≥ M/16).
 * Sizes: L = 4 with M ∈ {1, 4, 16, 64}, and M = 1 with L ∈ {4, 16, 64, 256}; 6 networks each.
 *
 * <p>Measured with these seeds: slope −0.49 ± 0.05; deeper/shallower at equal L·M 1.10, 0.87,
 * 1.11; reference error 2.8e-3 against a smallest distance of 0.041. Controls: wrong rate rule
 * slope +0.15; residual without 1/L: deeper/shallower 108, 16 and 2200.
 */
class ConvergenceRateTest {
    private static final TrainingSpec TRAINING = new TrainingSpec(15, 1.0, 1.0);
    private static final int D = 10;

    private static RatesResult result;
    private static SyntheticTask task;

    @BeforeAll
    static void measure() {
        Map<Sweep, List<Size>> sweeps = new EnumMap<>(Sweep.class);
        sweeps.put(Sweep.WIDTH, List.of(new Size(4, 1, D), new Size(4, 4, D), new Size(4, 16, D), new Size(4, 64, D)));
        sweeps.put(Sweep.DEPTH, List.of(new Size(4, 1, D), new Size(16, 1, D), new Size(64, 1, D), new Size(256, 1, D)));
        RatesSettings s = new RatesSettings(5, 5, 10, TRAINING, 6, sweeps,
                new MeanOdeLayerReference(4096, 2, OdeSolver.RK4, NodeScheme.SOBOL, 0), 2, 2509L, 10167L);
        result = new RatesExperiment(s).run(new PrintWriter(new StringWriter()), false);
        task = new SharedDraws(5, 5, 10, D, 2509L).task(D);
    }

    private static double[] depthTimesWidth(List<SizeResult> r) {
        return r.stream().mapToDouble(x -> x.size().depthTimesWidth()).toArray();
    }

    @Test
    void referenceIsMuchCloserToTheLimitThanAnyNetwork() {
        double err = result.references().get(D).error();
        double smallest = result.sizes().values().stream().mapToDouble(SizeResult::distance).min().orElseThrow();
        assertTrue(err < smallest / 5, "reference error " + err + " vs smallest distance " + smallest);
    }

    @Test
    void distanceFallsLikeOneOverSquareRootOfDepthTimesWidth() {
        // Measured: slope −0.47 (7 sizes); the paper's sampling term predicts −1/2.
        List<SizeResult> all = new ArrayList<>(result.sizes().values());
        LogLogFit f = LogLogFit.fit(depthTimesWidth(all), all.stream().mapToDouble(SizeResult::distance).toArray());
        assertTrue(f.slope() >= -0.65 && f.slope() <= -0.35, "slope " + f.slope() + " outside [-0.65, -0.35]; " + table());
    }

    @Test
    void tradingWidthForDepthDoesNotRaiseTheDistance() {
        // Pairs at L·M = 16, 64, 256: (4, 4) vs (16, 1), (4, 16) vs (64, 1), (4, 64) vs (256, 1).
        List<EqualProductGroup> groups = result.equalProductGroups();
        assertTrue(groups.size() == 3, "3 equal-L·M pairs, got " + groups.size());
        for (EqualProductGroup g : groups) {
            assertTrue(g.worstRatio() <= 1.5, "L·M = " + g.depthTimesWidth() + ": deeper/shallower = " + g.worstRatio()
                    + "; " + table());
        }
    }

    @Test
    void aWrongRateRuleMissesTheSlope() {
        // Negative control: networks trained at base rate η·4/(L·M), i.e. a rule without the L·M
        // factor of MODEL.md (normalised to agree at L·M = 4), do not converge to the limit.
        List<SizeResult> all = new ArrayList<>(result.sizes().values());
        double[] d = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Size s = all.get(i).size();
            TrainingSpec wrong = new TrainingSpec(15, 4.0 / s.depthTimesWidth(), 1.0);
            d[i] = distance(s, wrong, 2);
        }
        double slope = LogLogFit.fit(depthTimesWidth(all), d).slope();
        assertTrue(slope > -0.35, "the control must fail the slope test, slope " + slope);
    }

    @Test
    void aResidualWithoutTheOneOverLFactorFailsTheTrade() {
        // Negative control: α = L (multiplier α/(L·M) = 1/M: no 1/L) makes the deeper network of
        // each equal-L·M pair far worse, so the ≤ 1.5× test would fail.
        double worst = 0;
        for (EqualProductGroup g : result.equalProductGroups()) {
            Size shallow = g.members().get(0).size();
            Size deep = g.members().get(g.members().size() - 1).size();
            double ds = distance(shallow, new TrainingSpec(15, 1.0, shallow.depth()), 2);
            double dd = distance(deep, new TrainingSpec(15, 1.0, deep.depth()), 2);
            worst = Math.max(worst, dd / ds);
        }
        assertTrue(worst > 1.5, "the control must fail the 1.5x test, worst ratio " + worst);
    }

    /** RMS distance to the reference of n networks of one size trained with the given spec. */
    private static double distance(Size s, TrainingSpec spec, int n) {
        double sum = 0;
        for (int r = 0; r < n; r++) {
            double[] out = FiniteResNet.train(task, s.depth(), s.width(), 99_000L + 31L * s.depthTimesWidth() + r, spec).output();
            double d = OutputDistances.rms(out, result.references().get(D).output());
            sum += d * d;
        }
        return Math.sqrt(sum / n);
    }

    private static String table() {
        StringBuilder sb = new StringBuilder("distances:");
        for (SizeResult r : result.sizes().values()) {
            sb.append(String.format(" %s=%.4f", r.size(), r.distance()));
        }
        return sb.toString();
    }
}
