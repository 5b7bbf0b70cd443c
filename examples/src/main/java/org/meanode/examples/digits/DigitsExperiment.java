package org.meanode.examples.digits;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.data.TrainTestSplit;
import org.meanode.data.VendoredDataset;
import org.meanode.examples.digits.DigitsResult.Family;
import org.meanode.examples.digits.DigitsResult.Run;
import org.meanode.examples.digits.DigitsResult.Spread;
import org.meanode.examples.rates.ProgressBar;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Runs the {@code digits} sweep: the plugin classifier at every (L, M, η, seed), the stock one at
 * every (L, η, seed), on one stratified split of {@link VendoredDataset#DIGITS}; then the seed
 * spread of the plugin's test outputs at the base η.
 */
public final class DigitsExperiment {
    /** Seed whose embedding and readout every plugin network of one size starts from. */
    static final long SHARED_IO_SEED = 1;
    /** Seed of the mini-batch order (the same for every run). */
    static final long SHUFFLE_SEED = 7;

    private final DigitsSettings s;

    /** @param settings the sweep */
    public DigitsExperiment(DigitsSettings settings) {
        this.s = settings;
    }

    /**
     * The plugin classifier: {@link MeanOdeResNet} with trainable embedding and readout,
     * softmax + MCXENT, Sgd(η) under the rate rule.
     *
     * @param nIn          d_in
     * @param nOut         classes
     * @param embeddingDim D
     * @param depth        L
     * @param width        M
     * @param eta          base η
     * @param seed         seed of every initial weight
     * @return the spec
     */
    public static MeanOdeResNet pluginSpec(int nIn, int nOut, int embeddingDim, int depth, int width, double eta, long seed) {
        return MeanOdeResNet.builder().nIn(nIn).nOut(nOut).embeddingDim(embeddingDim).depth(depth).width(width)
                .learningRate(eta).output(Activation.SOFTMAX, LossFunction.MCXENT)
                .trainableEmbedding(true).trainableReadout(true).seed(seed).build();
    }

    /**
     * @param out where the progress bar goes
     * @return the measurements
     */
    public DigitsResult run(PrintWriter out) {
        TrainTestSplit split = TrainTestSplit.of(VendoredDataset.DIGITS, s.testFraction(), s.splitSeed());
        int nIn = split.featureCount();
        int nOut = split.classes();
        double total = 0;
        for (int l : s.depths()) {
            for (int m : s.widths()) {
                total += (double) l * m * s.pluginEtas().size() * s.seeds();
            }
        }
        for (int l : s.stockDepths()) {
            total += 3.0 * l * s.stockWidth() * s.stockEtas().size() * s.stockSeeds(); // stock layers cost more per unit
        }
        ProgressBar bar = new ProgressBar(out, total, ProgressBar.consoleIsInteractive());
        List<Run> runs = new ArrayList<>();
        List<Spread> spreads = new ArrayList<>();
        for (int l : s.depths()) {
            for (int m : s.widths()) {
                List<INDArray> outputs = new ArrayList<>();
                for (double eta : s.pluginEtas()) {
                    for (long seed = 1; seed <= s.seeds(); seed++) {
                        MultiLayerNetwork net = pluginSpec(nIn, nOut, s.embeddingDim(), l, m, eta, seed).multiLayerNetwork();
                        MultiLayerNetwork io = pluginSpec(nIn, nOut, s.embeddingDim(), l, m, eta, SHARED_IO_SEED)
                                .multiLayerNetwork();
                        net.getLayer(0).params().assign(io.getLayer(0).params());
                        net.getLayer(2).params().assign(io.getLayer(2).params());
                        ClassifierTraining.Outcome o = ClassifierTraining.train(net, split, s.epochs(), s.batchSize(),
                                SHUFFLE_SEED);
                        runs.add(run(Family.PLUGIN, l, m, eta, seed, o));
                        if (eta == s.baseEta() && !o.diverged()) {
                            outputs.add(o.testProbabilities());
                        }
                        bar.advance((double) l * m, label(Family.PLUGIN, l, m, eta, seed, o));
                    }
                }
                if (outputs.size() >= 2) {
                    spreads.add(new Spread(l, m, spread(outputs)));
                }
            }
        }
        for (int l : s.stockDepths()) {
            for (double eta : s.stockEtas()) {
                for (long seed = 1; seed <= s.stockSeeds(); seed++) {
                    ClassifierTraining.Outcome o = ClassifierTraining.train(
                            StockResNet.build(nIn, nOut, s.embeddingDim(), l, s.stockWidth(), eta, seed), split, s.epochs(),
                            s.batchSize(), SHUFFLE_SEED);
                    runs.add(run(Family.STOCK, l, s.stockWidth(), eta, seed, o));
                    bar.advance(3.0 * l * s.stockWidth(), label(Family.STOCK, l, s.stockWidth(), eta, seed, o));
                }
            }
        }
        return new DigitsResult(s, runs, spreads);
    }

    private static Run run(Family f, int l, int m, double eta, long seed, ClassifierTraining.Outcome o) {
        return new Run(f, l, m, eta, seed, o.testAccuracy(), o.trainLoss(), o.seconds(), o.diverged());
    }

    private static String label(Family f, int l, int m, double eta, long seed, ClassifierTraining.Outcome o) {
        return String.format(Locale.ROOT, "%s L=%d M=%d η=%.4g seed %d: %s", f.label(), l, m, eta, seed,
                o.diverged() ? "diverged (loss " + o.trainLoss() + ")"
                        : String.format(Locale.ROOT, "test acc %.2f%%, loss %.4f", 100 * o.testAccuracy(), o.trainLoss()));
    }

    /**
     * The seed spread of {@code digits} and {@code cnn}: sqrt(mean over entries of the variance
     * between seeds), variance with the 1/(S−1) convention.
     *
     * @param outputs S ≥ 2 outputs of the same shape
     * @return the spread
     */
    public static double spread(List<INDArray> outputs) {
        int n = outputs.size();
        INDArray mean = outputs.get(0).dup();
        for (int i = 1; i < n; i++) {
            mean.addi(outputs.get(i));
        }
        mean.divi(n);
        double ss = 0;
        for (INDArray o : outputs) {
            INDArray d = o.sub(mean);
            ss += d.mul(d).sumNumber().doubleValue();
        }
        return Math.sqrt(ss / ((n - 1) * mean.length()));
    }
}
