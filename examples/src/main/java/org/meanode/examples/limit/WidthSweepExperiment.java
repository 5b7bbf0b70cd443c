package org.meanode.examples.limit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
 * docs/reduced-limit.md): for each D, one synthetic task (d_in = d_out = 5, N = 10, complete
 * regime, η = 1, K = 15, float64, W_E and W_U frozen and shared), the error after K steps to a
 * high-accuracy reference of the limit, against flops per training step and wall time per step, of
 * <ul>
 *   <li>finite stacks (M = 16, L·M unit evaluations, 12·L·M·D·N flops per step);</li>
 *   <li>the full-space limit layer (RK4, S = 1, P nodes shared across depth; 12·4·P·D·N);</li>
 *   <li>the limit computed in span(W_E, W_U) ({@link ReducedLimit}, same P, S and solver;
 *   12·4·P·k·N flops, k = 10).</li>
 * </ul>
 * Reference: the mean of two reduced limits (RK4, S = 2, P_ref scrambled Sobol nodes, independent
 * scrambles); its own error is estimated as in {@link AccuracyExperiment}. At equal error the
 * ratio of costs (stack / reduced, full / reduced) is read off by log-log interpolation of the
 * reduced curve at each stack (or full-limit) point's error.
 */
public final class WidthSweepExperiment {
    /** One measured point. */
    public record Point(int d, int k, String curve, long unitEvaluations, double flopsPerStep, double secondsPerStep,
                        double rmsError) {
    }

    private final List<Integer> widths;
    private final List<Integer> costs;
    private final int draws;
    private final int refNodes;
    private final int stackWidth = 16;
    private final int steps = 15;
    private final int examples = 10;
    /** Wall time of the K fit() calls of the last network trained (excluding its construction). */
    private double lastFitSeconds;

    /**
     * @param widths   the D's
     * @param costs    unit evaluations per forward pass (multiples of 16 and 4)
     * @param draws    independent draws per point
     * @param refNodes P of the reference (reduced, RK4, S = 2)
     */
    public WidthSweepExperiment(List<Integer> widths, List<Integer> costs, int draws, int refNodes) {
        this.widths = List.copyOf(widths);
        this.costs = List.copyOf(costs);
        this.draws = draws;
        this.refNodes = refNodes;
        for (int c : costs) {
            if (c % stackWidth != 0 || c % 4 != 0) {
                throw new IllegalArgumentException("cost " + c + " must be a multiple of 16 (the stack width M)");
            }
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
            double[] refA = trainReduced(w, d, refNodes, 2, NodeScheme.SOBOL, seed(d, -1, 0, 0), data);
            double[] refB = trainReduced(w, d, refNodes, 2, NodeScheme.SOBOL, seed(d, -1, 0, 1), data);
            double[] refHalf = trainReduced(w, d, refNodes, 1, NodeScheme.SOBOL, seed(d, -1, 0, 0), data);
            double[] ref = OutputDistances.mean(List.of(refA, refB));
            double sampling = OutputDistances.rms(refA, refB) / 2;
            double disc = OutputDistances.rms(refA, refHalf) / 15;
            int k = ReducedLimit.of(spec(d, 1), w, 4, 1, OdeSolver.RK4, NodeScheme.SOBOL).subspaceDim();
            progress.accept(String.format(Locale.ROOT, "D=%d k=%d: reference reduced RK4 S=2 P=%d, RMS output %.4f, own"
                    + " error ≈ %.2e (sampling %.2e, discretisation %.2e) (%.1f s)", d, k, refNodes,
                    OutputDistances.rms(ref, new double[ref.length]), Math.hypot(sampling, disc), sampling, disc, secs(t0)));
            out.add(new Point(d, k, "reference", 8L * refNodes, 12.0 * 8 * refNodes * k * examples, 0,
                    Math.hypot(sampling, disc)));
            NodeScheme fullScheme = d <= QuadratureNodes.SOBOL_MAX_EMBEDDING_DIM ? NodeScheme.SOBOL : NodeScheme.IID;
            for (int c : costs) {
                out.add(point(d, k, "stack M=16", c, 12.0 * c * d * examples, ref, progress, r -> {
                    MeanOdeResNet s = MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(d).depth(c / stackWidth)
                            .width(stackWidth).regime(Regime.COMPLETE).learningRate(1.0).dataType(DataType.DOUBLE)
                            .seed(seed(d, 0, c, r)).build();
                    return train(s.multiLayerNetwork(), w, data);
                }));
                out.add(point(d, k, "full limit RK4 S=1 " + fullScheme, c, 12.0 * c * d * examples, ref, progress, r -> {
                    MeanOdeResNet s = MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(d)
                            .limit(c / 4, 1, OdeSolver.RK4, fullScheme).regime(Regime.COMPLETE).learningRate(1.0)
                            .dataType(DataType.DOUBLE).seed(seed(d, 1, c, r)).build();
                    return train(s.multiLayerNetwork(), w, data);
                }));
                out.add(point(d, k, "reduced limit RK4 S=1 SOBOL", c, 12.0 * c * k * examples, ref, progress,
                        r -> trainReduced(w, d, c / 4, 1, NodeScheme.SOBOL, seed(d, 2, c, r), data)));
            }
            // one more reduced point, 4× the largest cost, so that its curve reaches the stacks' smallest errors
            int c4 = 4 * costs.get(costs.size() - 1);
            out.add(point(d, k, "reduced limit RK4 S=1 SOBOL", c4, 12.0 * c4 * k * examples, ref, progress,
                    r -> trainReduced(w, d, c4 / 4, 1, NodeScheme.SOBOL, seed(d, 2, c4, r), data)));
        }
        return out;
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
            double[] refA = trainReduced(w, d, refNodes, 2, NodeScheme.SOBOL, seed(d, -1, 0, 0), data);
            double[] refB = trainReduced(w, d, refNodes, 2, NodeScheme.SOBOL, seed(d, -1, 0, 1), data);
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

    private interface Draw {
        double[] outputs(int draw);
    }

    private Point point(int d, int k, String curve, int cost, double flops, double[] ref, Consumer<String> progress,
                        Draw draw) {
        double sum = 0;
        double seconds = 0;
        for (int r = 0; r < draws; r++) {
            double e = OutputDistances.rms(draw.outputs(r), ref);
            seconds += lastFitSeconds;
            sum += e * e;
        }
        Point p = new Point(d, k, curve, cost, flops, seconds / draws / steps, Math.sqrt(sum / draws));
        progress.accept(String.format(Locale.ROOT, "D=%-3d %-30s cost %5d  %.2e flops/step  %.2e s/step  error %.3e",
                d, curve, cost, flops, p.secondsPerStep(), p.rmsError()));
        return p;
    }

    private MeanOdeResNet spec(int d, long seed) {
        return MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(d).depth(1).width(1).regime(Regime.COMPLETE)
                .learningRate(1.0).dataType(DataType.DOUBLE).seed(seed).build();
    }

    private double[] trainReduced(EmbeddingReadoutWeights w, int d, int nodes, int s, NodeScheme scheme, long seed,
                                  DataSet data) {
        MultiLayerNetwork net = ReducedLimit.of(spec(d, seed), w, nodes, s, OdeSolver.RK4, scheme).multiLayerNetwork();
        return fit(net, data);
    }

    private double[] train(MultiLayerNetwork net, EmbeddingReadoutWeights w, DataSet data) {
        w.writeTo(net);
        return fit(net, data);
    }

    private double[] fit(MultiLayerNetwork net, DataSet data) {
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            net.fit(data);
        }
        lastFitSeconds = secs(t0);
        return net.output(data.getFeatures()).dup('c').data().asDouble();
    }

    /**
     * Cost of {@code target}'s curve at the error of each point of {@code from}'s curve, by log-log
     * interpolation between the two points of the target curve whose errors bracket it (or the two
     * nearest, extrapolating, flagged by '*').
     *
     * @return lines "error, cost(from), cost(target), ratio" for flops and seconds
     */
    static List<String> ratios(List<Point> pts, int d, String from, String target) {
        List<Point> f = pts.stream().filter(p -> p.d() == d && p.curve().startsWith(from)).toList();
        List<Point> t = pts.stream().filter(p -> p.d() == d && p.curve().startsWith(target)).toList();
        List<String> out = new ArrayList<>();
        for (Point p : f) {
            double[] flops = interpolate(t, p.rmsError(), true);
            double[] secs = interpolate(t, p.rmsError(), false);
            out.add(String.format(Locale.ROOT, "D=%-3d %-6s error %.3e: flops %.2e vs %.2e%s → ratio %6.1f;"
                            + "  wall %.2e s vs %.2e s → ratio %6.1f", d, from.split(" ")[0], p.rmsError(), p.flopsPerStep(),
                    flops[0], flops[1] > 0 ? "*" : " ", p.flopsPerStep() / flops[0], p.secondsPerStep(), secs[0],
                    p.secondsPerStep() / secs[0]));
        }
        return out;
    }

    /** @return {cost at error e, 1 if extrapolated else 0} */
    static double[] interpolate(List<Point> curve, double e, boolean flops) {
        int best = 0;
        for (int i = 0; i + 1 < curve.size(); i++) {
            double a = curve.get(i).rmsError();
            double b = curve.get(i + 1).rmsError();
            if ((a - e) * (b - e) <= 0) {
                best = i;
                return new double[] {logInterp(curve.get(best), curve.get(best + 1), e, flops), 0};
            }
        }
        // extrapolate from the end nearest in error
        int n = curve.size();
        boolean belowAll = curve.stream().allMatch(p -> p.rmsError() > e);
        best = belowAll ? n - 2 : 0;
        return new double[] {logInterp(curve.get(best), curve.get(best + 1), e, flops), 1};
    }

    private static double logInterp(Point a, Point b, double e, boolean flops) {
        double ca = flops ? a.flopsPerStep() : a.secondsPerStep();
        double cb = flops ? b.flopsPerStep() : b.secondsPerStep();
        double t = (Math.log(e) - Math.log(a.rmsError())) / (Math.log(b.rmsError()) - Math.log(a.rmsError()));
        return Math.exp(Math.log(ca) + t * (Math.log(cb) - Math.log(ca)));
    }

    /**
     * Prints the table and ratios and writes {@code width-sweep.csv}.
     *
     * @param pts the points
     * @param pw  where to print
     * @param dir the output directory
     * @throws IOException if the CSV cannot be written
     */
    public static void report(List<Point> pts, PrintWriter pw, Path dir) throws IOException {
        pw.println();
        pw.println("At equal error (the reduced curve interpolated in log-log at each point's error; * = extrapolated):");
        for (int d : pts.stream().map(Point::d).distinct().toList()) {
            ratios(pts, d, "stack", "reduced").forEach(pw::println);
            ratios(pts, d, "full", "reduced").forEach(pw::println);
        }
        List<String> lines = new ArrayList<>();
        lines.add("D,k,curve,unit_evaluations,flops_per_step,seconds_per_step,rms_error");
        for (Point p : pts) {
            lines.add(String.format(Locale.ROOT, "%d,%d,%s,%d,%.6e,%.6e,%.6e", p.d(), p.k(), p.curve(),
                    p.unitEvaluations(), p.flopsPerStep(), p.secondsPerStep(), p.rmsError()));
        }
        Files.write(dir.resolve("width-sweep.csv"), lines);
        pw.println("wrote " + dir.resolve("width-sweep.csv"));
        pw.flush();
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
