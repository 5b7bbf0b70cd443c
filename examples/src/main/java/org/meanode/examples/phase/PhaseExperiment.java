package org.meanode.examples.phase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.search.TeacherTask;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Measures the phase diagram: for each cell, a fresh α/(L·M)-scaled ResNet (tanh, float64,
 * Sgd with the rate rule, so that each unit moves by (η/α)·gradient per step as in MODEL.md;
 * units paired at init if {@link PhaseSettings#pairedInit()}) is
 * trained K full-batch steps on a {@link TeacherTask}; the movement of U, V and of the hidden
 * states (recomputed in plain Java from the weights, at every depth) and the loss are recorded.
 */
public final class PhaseExperiment {
    private final PhaseSettings s;

    /** @param settings the sweep */
    public PhaseExperiment(PhaseSettings settings) {
        this.s = settings;
    }

    /**
     * @param progress receives one line per row of a sweep
     * @return every cell of both sweeps
     */
    public List<PhaseCell> run(Consumer<String> progress) {
        DataSet data = data();
        List<PhaseCell> cells = new ArrayList<>();
        for (double ratio : s.sigmaRatios()) {
            long t0 = System.nanoTime();
            for (double a : s.alphas()) {
                cells.add(measure("sigma", a, ratio, s.baseEta(), data));
            }
            progress.accept(String.format(Locale.ROOT, "α × σ_v: σ_v/√D = %-6s %d values of α in %.1f s", ratio,
                    s.alphas().size(), (System.nanoTime() - t0) / 1e9));
        }
        for (double eta : s.etas()) {
            long t0 = System.nanoTime();
            for (double a : s.alphas()) {
                cells.add(measure("eta", a, 1.0, eta, data));
            }
            progress.accept(String.format(Locale.ROOT, "α × η:   η = %-10s %d values of α in %.1f s", eta, s.alphas().size(),
                    (System.nanoTime() - t0) / 1e9));
        }
        return cells;
    }

    /** @return the training batch of the sweep (noise-free teacher, float64) */
    public DataSet data() {
        DataSet d = TeacherTask.generate(4, 1, s.examples(), 1, 0.0, s.seed()).train();
        return new DataSet(d.getFeatures().castTo(DataType.DOUBLE), d.getLabels().castTo(DataType.DOUBLE));
    }

    /**
     * Trains and measures one cell.
     *
     * @param sweep      the sweep's name
     * @param alpha      α
     * @param sigmaRatio σ_v/√D
     * @param eta        base rate η
     * @param data       the training batch
     * @return the cell
     */
    public PhaseCell measure(String sweep, double alpha, double sigmaRatio, double eta, DataSet data) {
        int d = s.embeddingDim();
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(data.getFeatures().size(1)).nOut(data.getLabels().size(1))
                .embeddingDim(d).depth(s.depth()).width(s.width()).alpha(alpha).sigmaV(sigmaRatio * Math.sqrt(d))
                .learningRate(eta).seed(s.seed()).dataType(DataType.DOUBLE).build().multiLayerNetwork();
        if (s.pairedInit()) {
            pair(net);
        }
        ResNetWeights w0 = ResNetWeights.readFrom(net);
        INDArray probe = data.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
                Math.min(PhaseSettings.PROBE, data.numExamples())), org.nd4j.linalg.indexing.NDArrayIndex.all());
        double[][][] h0 = HiddenStates.of(w0, alpha, probe);
        double loss0 = net.score(data);
        boolean diverged = false;
        for (int k = 0; k < s.steps() && !diverged; k++) {
            net.fit(data);
            diverged = !Double.isFinite(net.score());
        }
        double lossK = net.score(data);
        diverged |= !Double.isFinite(lossK);
        ResNetWeights wK = ResNetWeights.readFrom(net);
        double uMove = relative(wK.getU(), w0.getU());
        double vMove = relative(wK.getV(), w0.getV());
        double hMove = diverged ? Double.NaN : HiddenStates.meanRelativeMovement(h0, HiddenStates.of(wK, alpha, probe));
        return new PhaseCell(sweep, alpha, sigmaRatio, eta, diverged ? Double.NaN : uMove, diverged ? Double.NaN : vMove,
                hMove, loss0, diverged ? Double.NaN : lossK, diverged);
    }

    /**
     * Makes the units of every block come in pairs: unit M/2 + j gets u_j and −v_j.
     *
     * @param net a network of {@link MeanOdeResNet}
     */
    static void pair(MultiLayerNetwork net) {
        ResNetWeights w = ResNetWeights.readFrom(net);
        long half = w.getU().size(1) / 2;
        for (long j = 0; j < half; j++) {
            org.nd4j.linalg.indexing.INDArrayIndex all = org.nd4j.linalg.indexing.NDArrayIndex.all();
            w.getU().get(all, org.nd4j.linalg.indexing.NDArrayIndex.point(half + j), all)
                    .assign(w.getU().get(all, org.nd4j.linalg.indexing.NDArrayIndex.point(j), all));
            w.getV().get(all, org.nd4j.linalg.indexing.NDArrayIndex.point(half + j), all)
                    .assign(w.getV().get(all, org.nd4j.linalg.indexing.NDArrayIndex.point(j), all).neg());
        }
        w.writeTo(net);
    }

    private static double relative(INDArray now, INDArray start) {
        return now.sub(start).norm2Number().doubleValue() / start.norm2Number().doubleValue();
    }
}
