package org.meanode.examples.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.bench.MemoryProbe;
import org.meanode.examples.demo.OutputDistances;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ReducedLimit;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.ode.QuadratureNodes;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Cost per accuracy across the embedding width D ({@code meanode accuracy --widths ...};
 * docs/reduced-limit.md): for each D, one synthetic task (d_in = d_out = 5, N examples, complete
 * regime, η = 1, K = 15, float64, W_E and W_U frozen and shared), the error after K steps to a
 * high-accuracy reference of the limit, against flops per training step and time per step, of
 * <ul>
 *   <li>finite stacks (M = 16, L·M unit evaluations, 12·L·M·D·N flops per step);</li>
 *   <li>the full-space limit layer (RK4, S = 1, P nodes shared across depth; 12·4·P·D·N);</li>
 *   <li>the limit computed in span(W_E, W_U) ({@link ReducedLimit}, same P, S and solver;
 *   12·4·P·k·N flops, k = 10).</li>
 * </ul>
 * Reference: the mean of two reduced limits (RK4, S = 2, P_ref scrambled Sobol nodes, independent
 * scrambles); its own error is estimated as in {@link AccuracyExperiment}. Errors: the RMS over
 * the draws of each point. Times: after the errors, one network per point (draw 0's seed) is timed
 * by a {@link StepTimer}, all points of one D interleaved (warm-up excluded, median wall time and
 * median process CPU time per step). At equal error the ratio of costs is read off by
 * {@link WidthSweepReport}.
 */
public final class WidthSweepExperiment {
    /**
     * One measured point.
     *
     * @param d                 D
     * @param k                 dim span(W_E, W_U)
     * @param examples          N
     * @param curve             "stack M=16", "full limit …", "reduced limit …" or "reference"
     * @param unitEvaluations   C, unit evaluations per forward pass
     * @param flopsPerStep      flops of the residual part of one training step
     * @param secondsPerStep    median wall seconds per step (0 for the reference)
     * @param cpuSecondsPerStep process CPU seconds per step (0 for the reference)
     * @param rmsError          RMS error to the reference (for the reference: its own error estimate)
     */
    public record Point(int d, int k, int examples, String curve, long unitEvaluations, double flopsPerStep,
                        double secondsPerStep, double cpuSecondsPerStep, double rmsError) {
    }

    /** A point before it is measured: its curve, cost, flops and how to build draw r's network. */
    private record Spec(String curve, int cost, double flops, LongFunction<MultiLayerNetwork> network) {
    }

    /** The setting: N = 10 examples. */
    public static final int DEFAULT_EXAMPLES = 10;

    private final List<Integer> widths;
    private final List<Integer> costs;
    private final int draws;
    private final int refNodes;
    private final int examples;
    private final StepTimer timer;
    private final int stackWidth = 16;
    private final int steps = 15;

    /**
     * @param widths   the D's
     * @param costs    unit evaluations per forward pass (multiples of 16 and 4)
     * @param draws    independent draws per point
     * @param refNodes P of the reference (reduced, RK4, S = 2)
     * @param examples N, examples of the synthetic task (full batch)
     * @param rounds   timed rounds of the {@link StepTimer} (5 warm-up steps, turns of ≥ 100 ms)
     */
    public WidthSweepExperiment(List<Integer> widths, List<Integer> costs, int draws, int refNodes, int examples,
                                int rounds) {
        this.widths = List.copyOf(widths);
        this.costs = List.copyOf(costs);
        this.draws = draws;
        this.refNodes = refNodes;
        this.examples = examples;
        this.timer = new StepTimer(5, rounds, 0.1);
        for (int c : costs) {
            if (c % stackWidth != 0 || c % 4 != 0) {
                throw new IllegalArgumentException("cost " + c + " must be a multiple of 16 (the stack width M)");
            }
        }
        if (examples < 1) {
            throw new IllegalArgumentException("examples = " + examples + " is invalid: N must be ≥ 1");
        }
    }

    /**
     * @param progress one line per reference and point
     * @return every point, in order of D
     */
    public List<Point> run(Consumer<String> progress) {
        List<Point> out = new ArrayList<>();
        for (int d : widths) {
            SyntheticTask task = SyntheticTask.generate(5, 5, d, examples, 2025);
            DataSet data = task.dataSet();
            EmbeddingReadoutWeights w = new EmbeddingReadoutWeights(task.embedding(), task.readout());
            long t0 = System.nanoTime();
            double[] refA = trainReduced(w, d, refNodes, 2, seed(d, -1, 0, 0), data);
            double[] refB = trainReduced(w, d, refNodes, 2, seed(d, -1, 0, 1), data);
            double[] refHalf = trainReduced(w, d, refNodes, 1, seed(d, -1, 0, 0), data);
            double[] ref = OutputDistances.mean(List.of(refA, refB));
            double sampling = OutputDistances.rms(refA, refB) / 2;
            double disc = OutputDistances.rms(refA, refHalf) / 15;
            int k = ReducedLimit.of(spec(d, 1), w, 4, 1, OdeSolver.RK4, NodeScheme.SOBOL).subspaceDim();
            progress.accept(String.format(Locale.ROOT, "D=%d k=%d N=%d: reference reduced RK4 S=2 P=%d, RMS output %.4f,"
                    + " own error ≈ %.2e (sampling %.2e, discretisation %.2e) (%.1f s)", d, k, examples, refNodes,
                    OutputDistances.rms(ref, new double[ref.length]), Math.hypot(sampling, disc), sampling, disc, secs(t0)));
            out.add(new Point(d, k, examples, "reference", 8L * refNodes, 12.0 * 8 * refNodes * k * examples, 0, 0,
                    Math.hypot(sampling, disc)));
            List<Spec> specs = specs(d, k, w);
            double[] errors = new double[specs.size()];
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                double sum = 0;
                for (int r = 0; r < draws; r++) {
                    double e = OutputDistances.rms(fit(s.network().apply(r), data), ref);
                    sum += e * e;
                }
                errors[i] = Math.sqrt(sum / draws);
                progress.accept(String.format(Locale.ROOT, "D=%-3d %-30s cost %5d  %.2e flops/step  error %.3e", d,
                        s.curve(), s.cost(), s.flops(), errors[i]));
            }
            long t1 = System.nanoTime();
            double load0 = MemoryProbe.loadAverage();
            List<MultiLayerNetwork> nets = specs.stream().map(s -> s.network().apply(0)).toList();
            List<StepTimer.Timing> times = timer.time(nets, data);
            progress.accept(String.format(Locale.ROOT, "D=%d: timed %d networks interleaved (load average %.1f → %.1f,"
                    + " %.1f s)", d, nets.size(), load0, MemoryProbe.loadAverage(), secs(t1)));
            for (int i = 0; i < specs.size(); i++) {
                Spec s = specs.get(i);
                StepTimer.Timing t = times.get(i);
                Point p = new Point(d, k, examples, s.curve(), s.cost(), s.flops(), t.wallSecondsPerStep(),
                        t.cpuSecondsPerStep(), errors[i]);
                out.add(p);
                progress.accept(String.format(Locale.ROOT, "D=%-3d %-30s cost %5d  %.2e flops/step  %.2e s/step wall"
                        + "  %.2e s/step CPU (%d steps)  error %.3e", d, s.curve(), s.cost(), s.flops(),
                        p.secondsPerStep(), p.cpuSecondsPerStep(), t.timedSteps(), p.rmsError()));
            }
        }
        return out;
    }

    /** @return the points of one D: per cost a stack, a full-space and a reduced limit; one reduced at 4× the largest */
    private List<Spec> specs(int d, int k, EmbeddingReadoutWeights w) {
        NodeScheme fullScheme = d <= QuadratureNodes.SOBOL_MAX_EMBEDDING_DIM ? NodeScheme.SOBOL : NodeScheme.IID;
        List<Spec> out = new ArrayList<>();
        for (int c : costs) {
            out.add(new Spec("stack M=16", c, 12.0 * c * d * examples, r -> withWeights(MeanOdeResNet.builder().nIn(5)
                    .nOut(5).embeddingDim(d).depth(c / stackWidth).width(stackWidth).regime(Regime.COMPLETE)
                    .learningRate(1.0).dataType(DataType.DOUBLE).seed(seed(d, 0, c, (int) r)).build(), w)));
            out.add(new Spec("full limit RK4 S=1 " + fullScheme, c, 12.0 * c * d * examples, r -> withWeights(
                    MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(d).limit(c / 4, 1, OdeSolver.RK4, fullScheme)
                            .regime(Regime.COMPLETE).learningRate(1.0).dataType(DataType.DOUBLE)
                            .seed(seed(d, 1, c, (int) r)).build(), w)));
            out.add(reducedSpec(d, k, c, w));
        }
        // one more reduced point, 4× the largest cost, so that its curve reaches the stacks' smallest errors
        out.add(reducedSpec(d, k, 4 * costs.get(costs.size() - 1), w));
        return out;
    }

    private Spec reducedSpec(int d, int k, int c, EmbeddingReadoutWeights w) {
        return new Spec("reduced limit RK4 S=1 SOBOL", c, 12.0 * c * k * examples, r -> ReducedLimit.of(
                spec(d, seed(d, 2, c, (int) r)), w, c / 4, 1, OdeSolver.RK4, NodeScheme.SOBOL).multiLayerNetwork());
    }

    private static MultiLayerNetwork withWeights(MeanOdeResNet spec, EmbeddingReadoutWeights w) {
        MultiLayerNetwork net = spec.multiLayerNetwork();
        w.writeTo(net);
        return net;
    }

    /**
     * Negative control: the full-space limit layer (RK4, S = 1, IID nodes) with an isotropic
     * initialisation and with σ_u varying across coordinates (row a of every u scaled by
     * 0.3 + 1.4·a/(D−1)), each against the reduced reference; the reduction assumes isotropy, so
     * only the first should approach the reference as P grows.
     *
     * @param nodes    the P's
     * @param progress one line per reference and point
     */
    public void control(List<Integer> nodes, Consumer<String> progress) {
        for (int d : widths) {
            SyntheticTask task = SyntheticTask.generate(5, 5, d, examples, 2025);
            DataSet data = task.dataSet();
            EmbeddingReadoutWeights w = new EmbeddingReadoutWeights(task.embedding(), task.readout());
            double[] refA = trainReduced(w, d, refNodes, 2, seed(d, -1, 0, 0), data);
            double[] refB = trainReduced(w, d, refNodes, 2, seed(d, -1, 0, 1), data);
            double[] ref = OutputDistances.mean(List.of(refA, refB));
            progress.accept(String.format(Locale.ROOT, "control D=%d: reference reduced RK4 S=2 P=%d, sampling error"
                    + " ≈ %.2e", d, refNodes, OutputDistances.rms(refA, refB) / 2));
            for (int p : nodes) {
                for (boolean aniso : new boolean[] {false, true}) {
                    double sum = 0;
                    for (int r = 0; r < draws; r++) {
                        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(d)
                                .limit(p, 1, OdeSolver.RK4, NodeScheme.IID).regime(Regime.COMPLETE).learningRate(1.0)
                                .dataType(DataType.DOUBLE).seed(seed(d, 5, p, r)).build().multiLayerNetwork();
                        if (aniso) {
                            org.meanode.layers.MeanOdeLayerRuntime l = EmbeddingReadoutWeights.limitLayer(net);
                            for (int i = 0; i < 4; i++) {
                                org.nd4j.linalg.api.ndarray.INDArray u = l.getU(i);
                                for (int a = 0; a < d; a++) {
                                    u.slice(a).muli(0.3 + 1.4 * a / (d - 1.0));
                                }
                                l.setU(i, u);
                            }
                        }
                        double e = OutputDistances.rms(train(net, w, data), ref);
                        sum += e * e;
                    }
                    progress.accept(String.format(Locale.ROOT, "control D=%d full limit P=%-6d %-12s error to the"
                            + " reduced reference %.3e", d, p, aniso ? "anisotropic" : "isotropic", Math.sqrt(sum / draws)));
                }
            }
        }
    }

    private MeanOdeResNet spec(int d, long seed) {
        return MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(d).depth(1).width(1).regime(Regime.COMPLETE)
                .learningRate(1.0).dataType(DataType.DOUBLE).seed(seed).build();
    }

    private double[] trainReduced(EmbeddingReadoutWeights w, int d, int nodes, int s, long seed, DataSet data) {
        return fit(ReducedLimit.of(spec(d, seed), w, nodes, s, OdeSolver.RK4, NodeScheme.SOBOL).multiLayerNetwork(), data);
    }

    private double[] train(MultiLayerNetwork net, EmbeddingReadoutWeights w, DataSet data) {
        w.writeTo(net);
        return fit(net, data);
    }

    /** @return the outputs after K = 15 steps */
    private double[] fit(MultiLayerNetwork net, DataSet data) {
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        return net.output(data.getFeatures()).dup('c').data().asDouble();
    }

    private static long seed(int d, int curve, long cost, int draw) {
        long z = 7 * 0x9E3779B97F4A7C15L + d * 31L + (curve + 2) * 1_000_003L + cost * 7919L + draw;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
