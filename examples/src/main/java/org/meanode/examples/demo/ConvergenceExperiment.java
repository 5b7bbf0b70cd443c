package org.meanode.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.rates.LimitReference;
import org.meanode.examples.rates.ReferenceResult;
import org.meanode.examples.rates.ReferenceRun;
import org.meanode.examples.rates.TrainingSpec;
import org.meanode.monitor.DivergenceGuard;
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
 * differences). The RMS distance of each network's output to the output of the Neural Mean ODE
 * limit — by default the limit computed in the span of W_E and W_U
 * ({@link org.meanode.network.ReducedLimit}; {@code --limit-space full}: a
 * {@link org.meanode.conf.MeanOdeLayer}), RK4, S = 2, P scrambled Sobol nodes, on the same W_E,
 * W_U, trained by the same K steps, mean of {@value DemoSettings#LIMIT_REPLICATES} independent
 * replicates whose disagreement gives its own error, checked with P/4 nodes and 2S steps
 * ({@link ReferenceRun}) — measures both terms.
 */
public final class ConvergenceExperiment {
    /** Solver steps of the limit: RK4 with S = 2 is within ~2e-4 of S = 4 on this task, far below the sampling error. */
    private static final int LIMIT_STEPS = 2;

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
        TrainingSpec spec = new TrainingSpec(settings.steps(), settings.learningRate(), 1.0);
        LimitReference limitRef = settings.limitReference(LIMIT_STEPS);
        String fb = limitRef.fallback(task, spec);
        if (fb != null) {
            progress.accept("limit: " + fb);
        }
        ReferenceResult ref = ReferenceRun.measure(limitRef, task, spec, DemoSettings.LIMIT_REPLICATES,
                r -> settings.networkSeed(0, 0, r), (x, label) -> { });
        double[] limit = ref.output();
        progress.accept(String.format(Locale.ROOT, "limit: %s, mean of %d replicates; its own error %.1e (replicates differ"
                + " by %.1e RMS; P/4 nodes %.1e away, 2S steps %.1e away) (%.1f s, CPU %.1f s; checks %.1f s)",
                ref.description(), ref.replicates().size(), ref.errorOfMean(), ref.replicateSpread(), ref.quadratureCheck(),
                ref.discretisationCheck(), ref.replicateSeconds(), ref.replicateCpuSeconds(),
                ref.seconds() - ref.replicateSeconds()));
        DataSet ds = task.dataSet();
        INDArray wE = task.embedding();
        INDArray wU = task.readout();
        List<NetworkRun> runs = new ArrayList<>();
        List<ConfigResult> cells = new ArrayList<>();
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
                double toLimit = rmsDistance(outputs, limit);
                cells.add(new ConfigResult(depth, width, spread, OutputDistances.logSpreadStdError(outputs), toLimit,
                        loss0, lossK, seconds));
                done++;
                progress.accept(String.format("[%2d/%d] L=%4d M=%3d  L·M=%5d  spread %.4f  to limit %.4f  loss %.3f -> %.3f"
                        + "  (%d nets, %.1f s)", done, total, depth, width, (long) depth * width, spread, toLimit, loss0, lossK,
                        settings.seeds(), seconds));
            }
        }
        double[] x = cells.stream().mapToDouble(ConfigResult::depthTimesWidth).toArray();
        LogLogFit spreadFit = LogLogFit.fit(x, cells.stream().mapToDouble(ConfigResult::spread).toArray());
        LogLogFit limitFit = LogLogFit.fit(x, cells.stream().mapToDouble(ConfigResult::distanceToLimit).toArray());
        return new ConvergenceResult(settings, cells, runs, ref, spreadFit, limitFit);
    }

    /** sqrt of the mean over outputs of rms(output, limit)². */
    private static double rmsDistance(List<double[]> outputs, double[] limit) {
        double sum = 0;
        for (double[] o : outputs) {
            double d = OutputDistances.rms(o, limit);
            sum += d * d;
        }
        return Math.sqrt(sum / outputs.size());
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
        net.addListeners(new DivergenceGuard());
        double lossInit = net.score(ds);
        for (int k = 0; k < settings.steps(); k++) {
            net.fit(ds);
        }
        double lossFinal = net.score(ds);
        double[] out = net.output(ds.getFeatures()).dup('c').data().asDouble();
        return new NetworkRun(depth, width, replicate, seed, lossInit, lossFinal, out);
    }
}
