package org.meanode.examples.digits;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.scoring.impl.TestSetLossScoreFunction;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.MeanOdeResNetSpace;
import org.meanode.arbiter.MiniBatchDataProvider;
import org.meanode.arbiter.ResumableGridSearch;
import org.meanode.data.TrainTestSplit;
import org.meanode.data.VendoredDataset;
import org.meanode.examples.Provenance;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * "Tune small, train big" on the digits: four Arbiter grid searches over η ({@link ResumableGridSearch},
 * validation loss on a hold-out of the training part, never the test part), then trainings of the
 * large network on the whole training part with each η found, scored on the test part:
 * <ol>
 *   <li>plugin, searched small, trained large (the promise of the parametrization);</li>
 *   <li>plugin, searched directly at the large size (the reference);</li>
 *   <li>stock DL4J network, searched small, trained large;</li>
 *   <li>stock, searched large (optional; the stock reference).</li>
 * </ol>
 * Each search records every candidate under {@code <out>/records/<search>}, so an interrupted run
 * resumes where it stopped.
 */
public final class TuneExperiment {
    /** Seed of every candidate's and of the first final network's weights. */
    static final long NET_SEED = 1;

    private final TuneSettings s;

    /** @param settings the settings */
    public TuneExperiment(TuneSettings settings) {
        this.s = settings;
    }

    /**
     * One search and the large network trained with its best η.
     *
     * @param name             search name (and record folder)
     * @param stock            stock network (else plugin)
     * @param searchDepth      L searched at
     * @param searchWidth      M searched at
     * @param candidates       candidates run
     * @param failed           candidates that failed or diverged
     * @param resumed          candidates taken from earlier records
     * @param candidateSeconds search compute
     * @param bestEta          the η found (NaN if every candidate failed)
     * @param testAccuracy     mean test accuracy of the large network trained with it
     * @param finalDiverged    final trainings that diverged
     */
    public record Line(String name, boolean stock, int searchDepth, int searchWidth, int candidates, int failed, int resumed,
                       double candidateSeconds, double bestEta, double testAccuracy, int finalDiverged) {
    }

    /**
     * @param out       output directory (records under {@code records/})
     * @param pw        progress output
     * @return one line per search
     */
    public List<Line> run(Path out, PrintWriter pw) {
        TrainTestSplit split = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 42);
        TrainTestSplit search = split.holdOut(0.2, 43);
        MiniBatchDataProvider provider = new MiniBatchDataProvider(search.train(DataType.FLOAT), search.test(DataType.FLOAT),
                s.batchSize(), DigitsExperiment.SHUFFLE_SEED, "UCI digits, training part split 80/20 (seed 43) for the search");
        int nIn = split.featureCount();
        int nOut = split.classes();
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("projectVersion", Provenance.projectVersion());
        prov.put("dl4jVersion", Provenance.dl4jVersion());
        prov.put("arbiterVersion", Provenance.mavenVersion("org.deeplearning4j", "arbiter-core"));
        prov.put("data", provider.description());
        List<Line> lines = new ArrayList<>();
        lines.add(searchAndTrain("plugin-small", false, s.smallDepth(), s.smallWidth(), nIn, nOut, provider, split, out, prov, pw));
        lines.add(searchAndTrain("plugin-large", false, s.largeDepth(), s.largeWidth(), nIn, nOut, provider, split, out, prov, pw));
        lines.add(searchAndTrain("stock-small", true, s.smallDepth(), s.smallWidth(), nIn, nOut, provider, split, out, prov, pw));
        if (s.stockLarge()) {
            lines.add(searchAndTrain("stock-large", true, s.largeDepth(), s.largeWidth(), nIn, nOut, provider, split, out, prov,
                    pw));
        }
        return lines;
    }

    private ParameterSpace<?> space(boolean stock, int depth, int width, int nIn, int nOut) {
        if (stock) {
            return new StockResNetSpace(nIn, nOut, s.embeddingDim(), depth, width, s.stockEtaMin(), s.stockEtaMax(), s.epochs(),
                    NET_SEED);
        }
        return MeanOdeResNetSpace.builder().nIn(nIn).nOut(nOut).embeddingDim(s.embeddingDim()).depth(depth).width(width)
                .learningRate(s.pluginEtaMin(), s.pluginEtaMax()).output(new ActivationSoftmax(), new LossMCXENT())
                .trainableEmbedding(true).trainableReadout(true).numEpochs(s.epochs()).seed(NET_SEED).build();
    }

    private Line searchAndTrain(String name, boolean stock, int depth, int width, int nIn, int nOut,
                                MiniBatchDataProvider provider, TrainTestSplit split, Path out, Map<String, String> prov,
                                PrintWriter pw) {
        pw.printf(Locale.ROOT, "search %s: %s network, L = %d, M = %d, %d candidates over η ∈ [%.4g, %.4g]%n", name,
                stock ? "stock" : "plugin", depth, width, s.points(), stock ? s.stockEtaMin() : s.pluginEtaMin(),
                stock ? s.stockEtaMax() : s.pluginEtaMax());
        pw.flush();
        ResumableGridSearch.Summary sum = ResumableGridSearch.run(space(stock, depth, width, nIn, nOut), s.points(), provider,
                new TestSetLossScoreFunction(true), out.resolve("records").resolve(name), prov, r -> {
                    pw.printf(Locale.ROOT, "  candidate %d: η = %.4g, %s (%.1f s)%n", r.index(),
                            ((Number) r.hyperparameters().getOrDefault("eta", Double.NaN)).doubleValue(),
                            r.status() == CandidateRecord.Status.COMPLETE
                                    ? String.format(Locale.ROOT, "validation loss %.4f", r.score()) : r.failureReason(),
                            (r.endMillis() - r.startMillis()) / 1000.0);
                    pw.flush();
                });
        if (sum.resumed() > 0) {
            pw.printf(Locale.ROOT, "  %d candidates taken from the saved records%n", sum.resumed());
        }
        double eta = sum.best().map(r -> ((Number) r.hyperparameters().get("eta")).doubleValue()).orElse(Double.NaN);
        double acc = 0;
        int ok = 0;
        int diverged = 0;
        if (!Double.isNaN(eta)) {
            for (long seed = NET_SEED; seed < NET_SEED + s.finalSeeds(); seed++) {
                NeuralNetwork net = stock
                        ? StockResNet.build(nIn, nOut, s.embeddingDim(), s.largeDepth(), s.largeWidth(), eta, seed)
                        : DigitsExperiment.pluginSpec(nIn, nOut, s.embeddingDim(), s.largeDepth(), s.largeWidth(), eta, seed)
                        .multiLayerNetwork();
                ClassifierTraining.Outcome o = ClassifierTraining.train(net, split, s.epochs(), s.batchSize(),
                        DigitsExperiment.SHUFFLE_SEED);
                if (o.diverged()) {
                    diverged++;
                } else {
                    acc += o.testAccuracy();
                    ok++;
                }
                pw.printf(Locale.ROOT, "  large network (L = %d, M = %d) with η = %.4g, seed %d: %s%n", s.largeDepth(),
                        s.largeWidth(), eta, seed, o.diverged() ? "diverged"
                                : String.format(Locale.ROOT, "test accuracy %.2f%%", 100 * o.testAccuracy()));
                pw.flush();
            }
        }
        return new Line(name, stock, depth, width, sum.records().size(), sum.failed(), sum.resumed(), sum.candidateSeconds(), eta,
                ok > 0 ? acc / ok : Double.NaN, diverged);
    }
}
