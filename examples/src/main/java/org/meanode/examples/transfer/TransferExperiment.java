package org.meanode.examples.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.search.TeacherTask;
import org.meanode.examples.transfer.TransferResult.Axis;
import org.meanode.examples.transfer.TransferResult.Best;
import org.meanode.examples.transfer.TransferResult.Run;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Runs the transfer sweep: for each parametrization, each size of the depth and width sweeps
 * and each η, trains a fresh network (same seed for every η of a size) for K full-batch GD steps
 * on a {@link TeacherTask} and records the final training loss; then finds each size's best η.
 */
public final class TransferExperiment {
    /** A run whose loss grows this many times above its initial value counts as diverged. */
    public static final double DIVERGENCE_FACTOR = 1e3;

    private final TransferSettings s;
    private final boolean stockGraph;

    /**
     * @param settings   the sweep
     * @param stockGraph true: naive ResNets as stock DL4J graphs ({@link NaiveResNet#build});
     *                   false: the same networks through the fused stack ({@link NaiveResNet#fused}, faster)
     */
    public TransferExperiment(TransferSettings settings, boolean stockGraph) {
        this.s = settings;
        this.stockGraph = stockGraph;
    }

    /**
     * @param progress receives one line per (case, size)
     * @return the measurements
     */
    public TransferResult run(Consumer<String> progress) {
        DataSet data = TeacherTask.generate(4, 1, s.examples(), 1, 0.0, s.seed()).train();
        List<Run> runs = new ArrayList<>();
        List<Best> best = new ArrayList<>();
        for (Parametrization p : s.cases()) {
            for (Axis axis : Axis.values()) {
                List<Integer> sizes = axis == Axis.DEPTH ? s.depths() : s.widths();
                for (int v : sizes) {
                    int l = axis == Axis.DEPTH ? v : s.baseDepth();
                    int m = axis == Axis.WIDTH ? v : s.baseWidth();
                    long t0 = System.nanoTime();
                    List<Run> curve = new ArrayList<>();
                    for (double eta : s.etas()) {
                        curve.add(train(p, axis, l, m, eta, data));
                    }
                    runs.addAll(curve);
                    Best b = best(curve);
                    best.add(b);
                    progress.accept(String.format(Locale.ROOT, "%-10s %-5s L=%-4d M=%-3d best η %.4g%s (loss %.5f), %d rates in %.1f s",
                            p.id(), axis.name().toLowerCase(Locale.ROOT), l, m, b.eta(), b.atEdge() ? " (grid end)" : "",
                            b.loss(), s.etas().size(), (System.nanoTime() - t0) / 1e9));
                }
            }
        }
        return new TransferResult(s, runs, best);
    }

    /**
     * Trains one network and returns its final training loss.
     *
     * @param p    the parametrization
     * @param axis the sweep it belongs to
     * @param l    L
     * @param m    M
     * @param eta  η
     * @param data the full training batch
     * @return the run
     */
    Run train(Parametrization p, Axis axis, int l, int m, double eta, DataSet data) {
        int nIn = (int) data.getFeatures().size(1);
        int nOut = (int) data.getLabels().size(1);
        long seed = s.seed() * 1000 + l * 131L + m;
        double initial;
        double loss;
        boolean diverged = false;
        if (p == Parametrization.MEANODE) {
            MultiLayerNetwork net = MeanOdeResNet.builder().nIn(nIn).nOut(nOut).embeddingDim(s.embeddingDim()).depth(l).width(m)
                    .learningRate(eta).seed(seed).dataType(DataType.FLOAT).build().multiLayerNetwork();
            initial = net.score(data);
            loss = initial;
            for (int k = 0; k < s.steps() && !diverged; k++) {
                net.fit(data);
                loss = net.score(data);
                diverged = !(loss <= DIVERGENCE_FACTOR * initial);
            }
        } else if (!stockGraph) {
            MultiLayerNetwork net = NaiveResNet.fused(nIn, nOut, s.embeddingDim(), l, m, p.naiveMultiplier(l), eta, seed,
                    DataType.FLOAT);
            initial = net.score(data);
            loss = initial;
            for (int k = 0; k < s.steps() && !diverged; k++) {
                net.fit(data);
                loss = net.score(data);
                diverged = !(loss <= DIVERGENCE_FACTOR * initial);
            }
        } else {
            ComputationGraph g = NaiveResNet.build(nIn, nOut, s.embeddingDim(), l, m, p.naiveMultiplier(l), eta, seed,
                    DataType.FLOAT);
            initial = g.score(data);
            loss = initial;
            for (int k = 0; k < s.steps() && !diverged; k++) {
                g.fit(data);
                loss = g.score(data);
                diverged = !(loss <= DIVERGENCE_FACTOR * initial);
            }
        }
        return new Run(p, axis, l, m, eta, diverged ? Double.POSITIVE_INFINITY : loss, diverged);
    }

    /**
     * @param curve the runs of one size, η increasing
     * @return its best η (parabola vertex in log-log around an interior grid minimum)
     */
    static Best best(List<Run> curve) {
        int i = 0;
        for (int j = 1; j < curve.size(); j++) {
            if (curve.get(j).loss() < curve.get(i).loss()) {
                i = j;
            }
        }
        Run r = curve.get(i);
        boolean edge = i == 0 || i == curve.size() - 1;
        double eta = r.eta();
        if (!edge && !curve.get(i - 1).diverged() && !curve.get(i + 1).diverged()) {
            double x0 = Math.log(curve.get(i - 1).eta());
            double x1 = Math.log(r.eta());
            double x2 = Math.log(curve.get(i + 1).eta());
            double y0 = Math.log(curve.get(i - 1).loss());
            double y1 = Math.log(r.loss());
            double y2 = Math.log(curve.get(i + 1).loss());
            double denom = (x0 - x1) * (x0 - x2) * (x1 - x2);
            double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denom;
            double b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denom;
            if (a > 0) {
                double vertex = -b / (2 * a);
                eta = Math.exp(Math.max(x0, Math.min(x2, vertex)));
            }
        }
        return new Best(r.parametrization(), r.axis(), r.depth(), r.width(), eta, r.loss(), edge);
    }
}
