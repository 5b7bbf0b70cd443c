package org.meanode.examples.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains S independently initialised networks at each (L, M) of a grid on one shared task and
 * measures how far apart their outputs end up.
 *
 * <p>Design: data, W_E and W_U are the same for every network ({@link SyntheticTask}, written
 * with {@link ResNetWeights}); only the residual weights U, V differ, drawn from a seed per
 * network ({@link DemoSettings#networkSeed}). After K full-batch GD steps, the RMS pairwise
 * distance of the S outputs estimates the sampling term √D/√(L·M) of MODEL.md's error bound
 * (the 1/L discretisation term is common to all networks of one (L, M) and cancels in the
 * differences). The distance to the mean output of the largest-L·M networks is a proxy for the
 * distance to the limit (both terms, plus the proxy's own error).
 */
public final class ConvergenceExperiment {
    private final DemoSettings settings;
    private final SyntheticTask task;

    /** @param settings what to run */
    public ConvergenceExperiment(DemoSettings settings) {
        this.settings = settings;
        this.task = SyntheticTask.generate(settings.nIn(), settings.nOut(), settings.embeddingDim(), settings.examples(),
                settings.dataSeed());
    }

    /** @return the shared task */
    public SyntheticTask task() {
        return task;
    }

    /**
     * Runs the grid, L outer, M inner.
     *
     * @param progress receives one line per (L, M) when it is done
     * @return all measurements
     */
    public ConvergenceResult run(Consumer<String> progress) {
        DataSet ds = task.dataSet();
        INDArray wE = task.embedding();
        INDArray wU = task.readout();
        List<NetworkRun> runs = new ArrayList<>();
        List<ConfigResult> cells = new ArrayList<>(); // distanceToLimit is filled in by summarize
        int total = settings.depths().size() * settings.widths().size();
        int done = 0;
        for (int depth : settings.depths()) {
            for (int width : settings.widths()) {
                long t0 = System.nanoTime();
                List<double[]> outputs = new ArrayList<>();
                double loss0 = 0;
                double lossK = 0;
                for (int r = 0; r < settings.seeds(); r++) {
                    NetworkRun run = train(depth, width, r, ds, wE, wU);
                    runs.add(run);
                    outputs.add(run.output());
                    loss0 += run.lossInit() / settings.seeds();
                    lossK += run.lossFinal() / settings.seeds();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double spread = OutputDistances.spread(outputs);
                cells.add(new ConfigResult(depth, width, spread, OutputDistances.logSpreadStdError(outputs), Double.NaN,
                        loss0, lossK, seconds));
                done++;
                progress.accept(String.format("[%2d/%d] L=%4d M=%3d  L·M=%5d  spread %.4f  loss %.3f -> %.3f  (%d nets, %.1f s)",
                        done, total, depth, width, (long) depth * width, spread, loss0, lossK, settings.seeds(), seconds));
            }
        }
        return summarize(runs, cells);
    }

    private NetworkRun train(int depth, int width, int replicate, DataSet ds, INDArray wE, INDArray wU) {
        long seed = settings.networkSeed(depth, width, replicate);
        MeanOdeResNet spec = MeanOdeResNet.builder()
                .nIn(settings.nIn()).nOut(settings.nOut()).embeddingDim(settings.embeddingDim())
                .depth(depth).width(width).regime(Regime.COMPLETE).learningRate(settings.learningRate())
                .dataType(DataType.DOUBLE).seed(seed).build();
        MultiLayerNetwork net = spec.multiLayerNetwork();
        ResNetWeights drawn = ResNetWeights.readFrom(net);
        new ResNetWeights(wE, drawn.getU(), drawn.getV(), wU).writeTo(net);
        double lossInit = net.score(ds);
        for (int k = 0; k < settings.steps(); k++) {
            net.fit(ds);
        }
        double lossFinal = net.score(ds);
        double[] out = net.output(ds.getFeatures()).dup('c').data().asDouble();
        return new NetworkRun(depth, width, replicate, seed, lossInit, lossFinal, out);
    }

    private ConvergenceResult summarize(List<NetworkRun> runs, List<ConfigResult> cells) {
        NetworkRun ref = runs.stream()
                .max(Comparator.comparingLong((NetworkRun r) -> (long) r.depth() * r.width()).thenComparingInt(NetworkRun::depth))
                .orElseThrow();
        List<double[]> refOutputs = runs.stream().filter(r -> r.depth() == ref.depth() && r.width() == ref.width())
                .map(NetworkRun::output).toList();
        double[] limit = OutputDistances.mean(refOutputs);
        List<ConfigResult> configs = new ArrayList<>();
        for (ConfigResult c : cells) {
            int depth = c.depth();
            int width = c.width();
            double toLimit = Double.NaN;
            if (depth != ref.depth() || width != ref.width()) {
                double sum = 0;
                int n = 0;
                for (NetworkRun r : runs) {
                    if (r.depth() == depth && r.width() == width) {
                        double d = OutputDistances.rms(r.output(), limit);
                        sum += d * d;
                        n++;
                    }
                }
                toLimit = Math.sqrt(sum / n);
            }
            configs.add(new ConfigResult(depth, width, c.spread(), c.logSpreadStdError(), toLimit, c.lossInit(),
                    c.lossFinal(), c.seconds()));
        }
        double[] x = configs.stream().mapToDouble(ConfigResult::depthTimesWidth).toArray();
        double[] y = configs.stream().mapToDouble(ConfigResult::spread).toArray();
        return new ConvergenceResult(settings, configs, runs, ref.depth(), ref.width(), limit, LogLogFit.fit(x, y));
    }
}
