package org.meanode.examples.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.demo.OutputDistances;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.monitor.DivergenceGuard;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Error to the Neural Mean ODE limit against cost, after K training steps, for finite ResNets
 * ({@link org.meanode.conf.ScaledResidualStack}, L·M unit evaluations per forward pass) and for
 * the limit layer ({@link org.meanode.conf.MeanOdeLayer}, S·r·P).
 *
 * <p>Design: one synthetic task (the demo's: X, Y, W_E, W_U shared by every network, complete
 * regime, η = 1, K = 15, float64). The reference of the limit is the mean of two much larger
 * MeanOdeLayers (RK4, S_ref steps, P_ref scrambled Sobol nodes shared across depth, independent
 * scrambles) trained the same way. Its own error is estimated, not assumed: sampling = RMS
 * distance of the two draws / 2; discretisation = RMS distance between S_ref and S_ref/2 steps
 * on the same nodes / 15 (RK4's error ∝ S⁻⁴). Every point is the RMS over independent draws of
 * the RMS distance (over examples and outputs) between a network's outputs and the reference.
 *
 * <p>The finite ResNets are checked independently of the limit layer (exactness contract against
 * plain-Java loops), so their errors falling like C^−½ towards the reference also validates the
 * reference itself.
 */
public final class AccuracyExperiment {
    private final AccuracySettings settings;
    private final SyntheticTask task;
    private final DataSet data;

    /** @param settings what to run */
    public AccuracyExperiment(AccuracySettings settings) {
        this.settings = settings;
        this.task = SyntheticTask.generate(settings.nIn(), settings.nOut(), settings.embeddingDim(), settings.examples(),
                settings.dataSeed());
        this.data = task.dataSet();
    }

    /**
     * Runs the references, then every curve at every cost.
     *
     * @param progress receives one line per reference and per point
     * @return the measurements
     */
    public AccuracyResult run(Consumer<String> progress) {
        AccuracySettings s = settings;
        long t0 = System.nanoTime();
        double[] refA = train(limitSpec(OdeSolver.RK4, s.refSteps(), s.refNodes(), NodeScheme.SOBOL, false, 1.0,
                seed(-1, 0, 0)));
        progress.accept(String.format("reference A: RK4 S=%d P=%d Sobol (%.1f s)", s.refSteps(), s.refNodes(), secs(t0)));
        t0 = System.nanoTime();
        double[] refB = train(limitSpec(OdeSolver.RK4, s.refSteps(), s.refNodes(), NodeScheme.SOBOL, false, 1.0,
                seed(-1, 0, 1)));
        progress.accept(String.format("reference B: independent scramble (%.1f s)", secs(t0)));
        t0 = System.nanoTime();
        double[] refHalf = train(limitSpec(OdeSolver.RK4, s.refSteps() / 2, s.refNodes(), NodeScheme.SOBOL, false, 1.0,
                seed(-1, 0, 0)));
        progress.accept(String.format("reference A at S=%d, same nodes (%.1f s)", s.refSteps() / 2, secs(t0)));
        double[] ref = OutputDistances.mean(List.of(refA, refB));
        double sampling = OutputDistances.rms(refA, refB) / 2;
        double discretisation = OutputDistances.rms(refA, refHalf) / 15;
        progress.accept(String.format("reference: RMS output %.4f, own error ≈ %.2e (sampling %.2e, discretisation %.2e)",
                OutputDistances.rms(ref, new double[ref.length]), Math.hypot(sampling, discretisation), sampling,
                discretisation));
        return curves(ref, sampling, discretisation, progress);
    }

    /**
     * Measures every curve against a given reference.
     *
     * @param ref            reference outputs (c-order [N, d_out])
     * @param sampling       the reference's sampling error estimate (reported only)
     * @param discretisation the reference's discretisation error estimate (reported only)
     * @param progress       receives one line per point
     * @return the measurements
     */
    AccuracyResult curves(double[] ref, double sampling, double discretisation, Consumer<String> progress) {
        AccuracySettings s = settings;
        List<AccuracyPoint> points = new ArrayList<>();
        int total = s.costs().size() * (1 + s.curves().size());
        for (int c = 0; c < s.costs().size(); c++) {
            int cost = s.costs().get(c);
            int depth = cost / s.stackWidth();
            points.add(point(s.stackLabel(), cost, depth, s.stackWidth(), ref, r -> MeanOdeResNet.builder()
                    .nIn(s.nIn()).nOut(s.nOut()).embeddingDim(s.embeddingDim()).depth(depth).width(s.stackWidth())
                    .regime(Regime.COMPLETE).learningRate(s.learningRate()).dataType(DataType.DOUBLE)
                    .seed(seed(0, cost, r)).build(), progress, points.size() + 1, total));
            for (int k = 0; k < s.curves().size(); k++) {
                LimitCurve lc = s.curves().get(k);
                int curveIndex = k + 1;
                points.add(point(lc.label(), cost, lc.steps(), lc.nodesFor(cost), ref, r -> limitSpec(lc.solver(),
                        lc.steps(), lc.nodesFor(cost), lc.scheme(), lc.freshNodes(), 1.0, seed(curveIndex, cost, r)),
                        progress, points.size() + 1, total));
            }
        }
        return new AccuracyResult(s, points, sampling, discretisation, OutputDistances.rms(ref, new double[ref.length]));
    }

    private interface SpecForDraw {
        MeanOdeResNet spec(int draw);
    }

    private AccuracyPoint point(String label, int cost, int depth, int width, double[] ref, SpecForDraw specs,
                                Consumer<String> progress, int index, int total) {
        long t0 = System.nanoTime();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int r = 0; r < settings.seeds(); r++) {
            double e = OutputDistances.rms(train(specs.spec(r)), ref);
            sum += e * e;
            min = Math.min(min, e);
            max = Math.max(max, e);
        }
        AccuracyPoint p = new AccuracyPoint(label, cost, depth, width, Math.sqrt(sum / settings.seeds()), min, max,
                settings.seeds(), secs(t0));
        progress.accept(String.format("[%2d/%d] %-34s cost %6d  (%s=%d, %s=%d)  error %.3e  (%d draws, %.1f s)", index,
                total, label, cost, label.startsWith("limit") ? "S" : "L", depth, label.startsWith("limit") ? "P" : "M",
                width, p.rmsError(), p.draws(), p.seconds()));
        return p;
    }

    /** A limit network of the experiment, trained at the settings' η times {@code rateFactor} (1 except in test controls). */
    MeanOdeResNet limitSpec(OdeSolver solver, int steps, int nodes, NodeScheme scheme, boolean fresh, double rateFactor,
                            long seed) {
        AccuracySettings s = settings;
        return MeanOdeResNet.builder().nIn(s.nIn()).nOut(s.nOut()).embeddingDim(s.embeddingDim())
                .limit(nodes, steps, solver, scheme, fresh).regime(Regime.COMPLETE)
                .learningRate(s.learningRate() * rateFactor).dataType(DataType.DOUBLE).seed(seed).build();
    }

    /** @return the network's outputs on the task after K steps, c-order */
    double[] train(MeanOdeResNet spec) {
        MultiLayerNetwork net = spec.multiLayerNetwork();
        new EmbeddingReadoutWeights(task.embedding(), task.readout()).writeTo(net);
        net.addListeners(new DivergenceGuard());
        for (int k = 0; k < settings.steps(); k++) {
            net.fit(data);
        }
        return net.output(data.getFeatures()).dup('c').data().asDouble();
    }

    private long seed(int curve, long cost, int draw) {
        long z = settings.networkSeed() * 0x9E3779B97F4A7C15L + (curve + 2) * 1_000_003L + cost * 7919L + draw;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
