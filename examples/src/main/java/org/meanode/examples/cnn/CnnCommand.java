package org.meanode.examples.cnn;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.meanode.data.TrainTestSplit;
import org.meanode.data.VendoredDataset;
import org.meanode.examples.Provenance;
import org.meanode.examples.demo.LogLogFit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode cnn}: convolutional scaled residual stacks on the digits images (1×8×8, 1,797
 * examples, 10 classes; stratified 80/20 split, seed 42; {@link DigitsCnn}). Two parts:
 * <ol>
 *   <li>sizes: for each (L, M), {@code --seeds} networks that differ only in the stack's seed
 *       (same stem, readout and minibatch order) are trained for {@code --epochs} epochs at
 *       {@code --eta}; it reports their test accuracy and the spread between seeds, the RMS over
 *       test examples and classes of the standard deviation across seeds of the predicted
 *       probabilities, with its fitted log-log slope against L·M (the sampling term of the bound
 *       predicts −1/2);</li>
 *   <li>η sweep: for each L of {@code --sweep-depths} (M = {@code --sweep-width}) and each η of
 *       {@code --etas}, the scaled network and a stock DL4J convolutional ResNet (standard
 *       parametrization) are trained alike; it reports test accuracy and the best η per L: the
 *       scaled one should keep its best η across L.</li>
 * </ol>
 * Writes {@value #SIZES_CSV}, {@value #SWEEP_CSV} and the provenance.
 */
@Command(name = "cnn", mixinStandardHelpOptions = true,
        description = {"Convolutional scaled residual stacks (ConvUnit) on the digits images, 1x8x8:",
            "test accuracy and seed spread over (L, M), and the best learning rate across depth vs a stock DL4J conv ResNet."})
public final class CnnCommand implements Callable<Integer> {
    /** Table of the sizes part. */
    public static final String SIZES_CSV = "cnn-sizes.csv";
    /** Table of the η sweep. */
    public static final String SWEEP_CSV = "cnn-eta.csv";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "cnn");

    @Option(names = "--channels", description = "C, channels of the residual state (default: ${DEFAULT-VALUE})")
    private int channels = 8;

    @Option(names = "--sizes", split = ",", paramLabel = "LxM", description = "(L, M) pairs (default: 2x4,4x8,8x16)")
    private List<String> sizes = List.of("2x4", "4x8", "8x16");

    @Option(names = "--seeds", description = "stack seeds per size, ≥ 2 (default: ${DEFAULT-VALUE})")
    private int seeds = 3;

    @Option(names = "--epochs", description = "training epochs, minibatches of 64 (default: ${DEFAULT-VALUE})")
    private int epochs = 4;

    @Option(names = "--eta", description = "base learning rate of the sizes part (default: ${DEFAULT-VALUE})")
    private double eta = 0.1;

    @Option(names = "--etas", split = ",", description = "learning rates of the sweep (default: 0.01,0.03,0.1,0.3,1)")
    private List<Double> etas = List.of(0.01, 0.03, 0.1, 0.3, 1.0);

    @Option(names = "--sweep-depths", split = ",", description = "depths L of the sweep (default: 2,8)")
    private List<Integer> sweepDepths = List.of(2, 8);

    @Option(names = "--sweep-width", description = "M of the sweep (default: ${DEFAULT-VALUE})")
    private int sweepWidth = 8;

    @Option(names = "--quick", description = "smoke run: sizes 2x2,4x4, 2 seeds, 1 epoch, sweep η 0.1,1 at L = 2")
    private boolean quick;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        if (quick) {
            sizes = List.of("2x2", "4x4");
            seeds = 2;
            epochs = 1;
            etas = List.of(0.1, 1.0);
            sweepDepths = List.of(2);
        }
        if (seeds < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seeds = " + seeds
                    + ": the spread between seeds needs at least 2");
        }
        TrainTestSplit split = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 42);
        DataSet test = split.test(DataType.FLOAT);
        Provenance prov = Provenance.forCommand("cnn", spec.commandLine().getParseResult().originalArgs());
        Files.createDirectories(out);
        pw.printf(Locale.ROOT, "meanode cnn: digits 1x8x8, %d train / %d test, C = %d, %d epochs of minibatches of 64%n",
                split.trainRows().length, split.testRows().length, channels, epochs);
        pw.flush();

        List<String> rows = new ArrayList<>();
        rows.add("depth,width,depth_times_width,eta,seed,test_accuracy,seed_spread");
        double[] lm = new double[sizes.size()];
        double[] spread = new double[sizes.size()];
        for (int i = 0; i < sizes.size(); i++) {
            String[] p = sizes.get(i).toLowerCase(Locale.ROOT).split("x");
            int depth = Integer.parseInt(p[0].trim());
            int width = Integer.parseInt(p[1].trim());
            List<INDArray> probs = new ArrayList<>();
            double[] acc = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                ComputationGraph g = DigitsCnn.scaled(channels, depth, width, eta, 7, 100 + s);
                acc[s] = train(g, split, test);
                probs.add(g.outputSingle(test.getFeatures()).castTo(DataType.DOUBLE));
            }
            lm[i] = (double) depth * width;
            spread[i] = spread(probs);
            for (int s = 0; s < seeds; s++) {
                rows.add(String.format(Locale.ROOT, "%d,%d,%d,%g,%d,%.4f,%.6g", depth, width, depth * width, eta, 100 + s,
                        acc[s], spread[i]));
            }
            pw.printf(Locale.ROOT, "  L=%-3d M=%-3d L·M=%-5d test accuracy %s  seed spread %.4f  (%.0f s)%n", depth, width,
                    depth * width, fmt(acc), spread[i], (System.nanoTime() - t0) / 1e9);
            pw.flush();
        }
        Files.write(out.resolve(SIZES_CSV), rows, StandardCharsets.UTF_8);
        if (sizes.size() >= 2) {
            LogLogFit f = LogLogFit.fit(lm, spread);
            pw.printf(Locale.ROOT, "  seed spread vs L·M: slope %.3f ± %.3f (R² %.2f; the bound's sampling term: -1/2)%n",
                    f.slope(), f.slopeStdError(), f.rSquared());
            prov.put("spreadSlope", f.slope()).put("spreadSlopeStdError", f.slopeStdError());
        }

        List<String> sweep = new ArrayList<>();
        sweep.add("model,depth,width,eta,test_accuracy");
        for (int depth : sweepDepths) {
            for (String model : new String[] {"scaled", "stock"}) {
                double best = -1;
                double bestEta = Double.NaN;
                StringBuilder line = new StringBuilder();
                for (double e : etas) {
                    ComputationGraph g = model.equals("scaled") ? DigitsCnn.scaled(channels, depth, sweepWidth, e, 7, 100)
                            : DigitsCnn.stock(channels, depth, sweepWidth, e, 7);
                    double a = train(g, split, test);
                    sweep.add(String.format(Locale.ROOT, "%s,%d,%d,%g,%.4f", model, depth, sweepWidth, e, a));
                    line.append(String.format(Locale.ROOT, " η=%g:%.3f", e, a));
                    if (a > best) {
                        best = a;
                        bestEta = e;
                    }
                }
                pw.printf(Locale.ROOT, "  %-6s L=%-3d M=%-3d%s  best η %g (%.3f)  (%.0f s)%n", model, depth, sweepWidth, line,
                        bestEta, best, (System.nanoTime() - t0) / 1e9);
                pw.flush();
                prov.put("bestEta." + model + ".L" + depth, bestEta);
            }
        }
        Files.write(out.resolve(SWEEP_CSV), sweep, StandardCharsets.UTF_8);
        prov.put("channels", channels).put("sizes", sizes.toString()).put("seeds", seeds).put("epochs", epochs)
                .put("eta", eta).put("etas", etas.toString()).put("sweepDepths", sweepDepths.toString())
                .put("sweepWidth", sweepWidth).put("split", "stratified 0.2, seed 42").put("dataType", "FLOAT");
        prov.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        prov.write(out);
        pw.println("wrote " + out.resolve(SIZES_CSV) + ", " + SWEEP_CSV + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        pw.flush();
        return 0;
    }

    /** Trains for the epochs (the minibatch order is the same for every network) and returns the test accuracy. */
    private double train(ComputationGraph g, TrainTestSplit split, DataSet test) {
        for (int e = 0; e < epochs; e++) {
            g.fit(split.trainIterator(64, 1000 + e));
        }
        Evaluation ev = new Evaluation(DigitsCnn.CLASSES);
        ev.eval(test.getLabels(), g.outputSingle(test.getFeatures()));
        return ev.accuracy();
    }

    /** @return √(mean over entries of the variance across networks), the variance with n − 1 */
    static double spread(List<INDArray> outs) {
        INDArray mean = outs.get(0).dup();
        for (int i = 1; i < outs.size(); i++) {
            mean.addi(outs.get(i));
        }
        mean.divi(outs.size());
        double ss = 0;
        for (INDArray o : outs) {
            double d = o.sub(mean).norm2Number().doubleValue();
            ss += d * d;
        }
        return Math.sqrt(ss / ((outs.size() - 1) * mean.length()));
    }

    private static String fmt(double[] xs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < xs.length; i++) {
            b.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", xs[i]));
        }
        return b.append(']').toString();
    }
}
