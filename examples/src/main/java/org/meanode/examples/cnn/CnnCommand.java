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
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.Provenance;
import org.meanode.examples.demo.LogLogFit;
import org.meanode.examples.digits.DigitsExperiment;
import org.meanode.monitor.DivergenceException;
import org.meanode.monitor.DivergenceGuard;
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
 *       (same stem, readout and minibatch order) are trained side by side for {@code --epochs}
 *       epochs at {@code --eta} (the stem at {@code --stem-eta}, frozen by default); it reports
 *       their test accuracy, its standard deviation between seeds, and the spread between seeds,
 *       the RMS over test examples and classes of the standard deviation across seeds of the
 *       predicted probabilities, after every epoch (0: at initialisation), with its fitted log-log
 *       slope against L·M (the sampling term of the bound predicts −1/2);</li>
 *   <li>η sweep: for each L of {@code --sweep-depths} (M = {@code --sweep-width}) and each η of
 *       {@code --etas}, the scaled network and a stock DL4J convolutional ResNet (standard
 *       parametrization) are trained alike; it reports test accuracy and the best η per L: the
 *       scaled one should keep its best η across L.</li>
 * </ol>
 * Writes {@value #SIZES_CSV}, {@value #SPREAD_CSV}, {@value #SWEEP_CSV} and the provenance; results of an earlier run
 * are kept unless {@code --overwrite}. A diverging run of the sizes part stops the command with the
 * {@link DivergenceGuard}'s message; in the η sweep a diverging rate is recorded ({@code diverged}).
 */
@Command(name = "cnn", mixinStandardHelpOptions = true,
        description = {"Convolutional scaled residual stacks (ConvUnit) on the digits images, 1x8x8:",
            "test accuracy and seed spread over (L, M), and the best learning rate across depth vs a stock DL4J conv ResNet."})
public final class CnnCommand implements Callable<Integer> {
    /** Table of the sizes part. */
    public static final String SIZES_CSV = "cnn-sizes.csv";
    /** Seed spread and mean accuracy of each size after every epoch (epoch 0: the initialisation). */
    public static final String SPREAD_CSV = "cnn-spread.csv";
    /** Table of the η sweep. */
    public static final String SWEEP_CSV = "cnn-eta.csv";
    /** Time estimate: a network's fixed per-step cost, in unit evaluations (L·M) of the scaled stack. */
    private static final double OVERHEAD_UNITS = 250;
    /** Time estimate: cost of a stock block's unit relative to the scaled stack's. */
    private static final double STOCK_COST = 30;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "cnn");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--channels", description = "C, channels of the residual state (default: ${DEFAULT-VALUE})")
    private int channels = 8;

    @Option(names = "--pooling", description = "pooling before the softmax: ${COMPLETION-CANDIDATES}"
            + " (AVG2: 2x2 average subsampling to Cx4x4 features; GLOBAL: global average to C; default: ${DEFAULT-VALUE})")
    private DigitsCnn.Pooling pooling = DigitsCnn.Pooling.AVG2;

    @Option(names = "--sizes", split = ",", paramLabel = "LxM", description = "(L, M) pairs (default: 2x4,4x8,8x16,16x32)")
    private List<String> sizes = List.of("2x4", "4x8", "8x16", "16x32");

    @Option(names = "--seeds", description = "stack seeds per size, ≥ 2 (default: ${DEFAULT-VALUE})")
    private int seeds = 3;

    @Option(names = "--epochs", description = "training epochs, minibatches of 64 (default: ${DEFAULT-VALUE})")
    private int epochs = 8;

    @Option(names = "--eta", description = "base learning rate of the sizes part (default: ${DEFAULT-VALUE})")
    private double eta = 0.3;

    @Option(names = "--stem-eta", description = "Sgd rate of the scaled network's stem convolution, 0 = frozen"
            + " (a fixed random 3x3 convolution, as MODEL.md's frozen embedding; default: ${DEFAULT-VALUE})")
    private double stemEta = 0;

    @Option(names = "--readout-eta", description = "Sgd rate of the scaled network's output layer (default: ${DEFAULT-VALUE})")
    private double readoutEta = 0.02;

    @Option(names = "--etas", split = ",", description = "learning rates of the sweep (default: 0.03,0.1,0.3,1)")
    private List<Double> etas = List.of(0.03, 0.1, 0.3, 1.0);

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
        int[][] lm = parseSizes(sizes);
        check(seeds >= 2, "--seeds = " + seeds + ": the spread between seeds needs at least 2");
        check(epochs >= 1, "--epochs = " + epochs + " must be >= 1");
        check(channels >= 1, "--channels = " + channels + " must be >= 1");
        check(sweepWidth >= 1, "--sweep-width = " + sweepWidth + " must be >= 1");
        check(eta > 0 && Double.isFinite(eta), "--eta = " + eta + " must be a positive number");
        check(readoutEta > 0 && Double.isFinite(readoutEta), "--readout-eta = " + readoutEta + " must be a positive number");
        check(stemEta >= 0 && Double.isFinite(stemEta), "--stem-eta = " + stemEta + " must be >= 0 (0 freezes the stem)");
        check(!etas.isEmpty() && etas.stream().allMatch(e -> e > 0 && Double.isFinite(e)),
                "--etas = " + etas + " must be positive numbers");
        check(sweepDepths.stream().allMatch(d -> d >= 1), "--sweep-depths = " + sweepDepths + " must be >= 1");
        OutputDirectory.prepare(out, overwrite, "cnn", SIZES_CSV, SPREAD_CSV, SWEEP_CSV);
        TrainTestSplit split = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 42);
        DataSet test = split.test(DataType.FLOAT);
        Provenance prov = Provenance.forCommand("cnn", spec.commandLine().getParseResult().originalArgs());
        pw.printf(Locale.ROOT, "meanode cnn: digits 1x8x8, %d train / %d test, C = %d, %d epochs of minibatches of 64%n",
                split.trainRows().length, split.testRows().length, channels, epochs);
        pw.flush();
        ProgressLog progress = progress(pw, lm);

        List<String> rows = new ArrayList<>();
        rows.add("depth,width,depth_times_width,eta,seed,test_accuracy,seed_spread,accuracy_std");
        List<String> trace = new ArrayList<>();
        trace.add("depth,width,depth_times_width,epoch,seed_spread,mean_test_accuracy");
        double[] prod = new double[lm.length];
        double[][] spread = new double[epochs + 1][lm.length];
        for (int i = 0; i < lm.length; i++) {
            int depth = lm[i][0];
            int width = lm[i][1];
            prod[i] = (double) depth * width;
            List<ComputationGraph> nets = new ArrayList<>();
            for (int s = 0; s < seeds; s++) {
                ComputationGraph g = DigitsCnn.scaled(channels, depth, width, pooling, eta, stemEta, readoutEta, 7, 100 + s);
                g.addListeners(new DivergenceGuard()); // a diverging run stops the command (its message names the fix)
                nets.add(g);
            }
            double[] acc = new double[seeds];
            for (int e = 0; e <= epochs; e++) { // the seeds in lockstep: the spread after every epoch, from the initialisation on
                List<INDArray> probs = new ArrayList<>();
                for (int s = 0; s < seeds; s++) {
                    if (e > 0) {
                        nets.get(s).fit(split.trainIterator(64, 1000 + e - 1));
                    }
                    INDArray p = nets.get(s).outputSingle(test.getFeatures());
                    acc[s] = accuracy(test, p);
                    probs.add(p.castTo(DataType.DOUBLE));
                }
                spread[e][i] = DigitsExperiment.spread(probs);
                trace.add(String.format(Locale.ROOT, "%d,%d,%d,%d,%.6g,%.4f", depth, width, depth * width, e, spread[e][i],
                        mean(acc)));
            }
            double sp = spread[epochs][i];
            double accStd = std(acc);
            for (int s = 0; s < seeds; s++) {
                rows.add(String.format(Locale.ROOT, "%d,%d,%d,%g,%d,%.4f,%.6g,%.4f", depth, width, depth * width, eta, 100 + s,
                        acc[s], sp, accStd));
            }
            progress.accept(String.format(Locale.ROOT,
                    "[sizes %d/%d] L=%-3d M=%-3d L·M=%-5d test accuracy %s (std %.4f)  seed spread %.4f (at init %.4f)",
                    i + 1, lm.length, depth, width, depth * width, fmt(acc), accStd, sp, spread[0][i]));
        }
        Files.write(out.resolve(SIZES_CSV), rows, StandardCharsets.UTF_8);
        Files.write(out.resolve(SPREAD_CSV), trace, StandardCharsets.UTF_8);
        if (lm.length >= 2) {
            LogLogFit f = LogLogFit.fit(prod, spread[epochs]);
            pw.printf(Locale.ROOT, "  seed spread vs L·M after %d epochs: slope %.3f ± %.3f (R² %.2f; the bound's sampling term: -1/2)%n",
                    epochs, f.slope(), f.slopeStdError(), f.rSquared());
            StringBuilder byEpoch = new StringBuilder();
            for (int e = 0; e <= epochs; e++) {
                byEpoch.append(e > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", LogLogFit.fit(prod, spread[e]).slope()));
            }
            pw.printf(Locale.ROOT, "  slope by epoch (0 = initialisation): %s%n", byEpoch);
            pw.flush();
            prov.put("spreadSlope", f.slope()).put("spreadSlopeStdError", f.slopeStdError());
            prov.put("spreadSlopeRSquared", f.rSquared()).put("spreadSlopeByEpoch", "[" + byEpoch + "]");
        }

        List<String> sweep = new ArrayList<>();
        sweep.add("model,depth,width,eta,test_accuracy,diverged");
        int line = 0;
        for (int depth : sweepDepths) {
            for (String model : new String[] {"scaled", "stock"}) {
                double best = -1;
                double bestEta = Double.NaN;
                StringBuilder text = new StringBuilder();
                for (double e : etas) {
                    ComputationGraph g = model.equals("scaled") ? DigitsCnn.scaled(channels, depth, sweepWidth, pooling, e, stemEta, readoutEta, 7, 100)
                            : DigitsCnn.stock(channels, depth, sweepWidth, pooling, e, 7);
                    double a;
                    boolean diverged = false;
                    try {
                        a = train(g, split, test);
                    } catch (DivergenceException ex) { // a rate past the stability edge: a result of the sweep
                        a = Double.NaN;
                        diverged = true;
                    }
                    sweep.add(String.format(Locale.ROOT, "%s,%d,%d,%g,%s,%b", model, depth, sweepWidth, e,
                            diverged ? "NaN" : String.format(Locale.ROOT, "%.4f", a), diverged));
                    text.append(diverged ? String.format(Locale.ROOT, " η=%g:diverged", e)
                            : String.format(Locale.ROOT, " η=%g:%.3f", e, a));
                    if (!diverged && a > best) {
                        best = a;
                        bestEta = e;
                    }
                }
                line++;
                progress.accept(String.format(Locale.ROOT, "[sweep %d/%d] %-6s L=%-3d M=%-3d%s  best η %g (%.3f)", line,
                        2 * sweepDepths.size(), model, depth, sweepWidth, text, bestEta, best));
                prov.put("bestEta." + model + ".L" + depth, bestEta);
            }
        }
        Files.write(out.resolve(SWEEP_CSV), sweep, StandardCharsets.UTF_8);
        prov.put("channels", channels).put("pooling", pooling.name()).put("sizes", sizes.toString()).put("seeds", seeds).put("epochs", epochs)
                .put("eta", eta).put("stemEta", stemEta).put("readoutEta", readoutEta).put("etas", etas.toString()).put("sweepDepths", sweepDepths.toString())
                .put("sweepWidth", sweepWidth).put("quick", quick).put("outputDirectory", out.toAbsolutePath().toString())
                .put("split", "stratified 0.2, seed 42").put("dataType", "FLOAT");
        prov.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        prov.write(out);
        pw.println("wrote " + out.resolve(SIZES_CSV) + ", " + SPREAD_CSV + ", " + SWEEP_CSV + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        pw.flush();
        return 0;
    }

    /** Trains for the epochs (the minibatch order is the same for every network) and returns the test accuracy. */
    private double train(ComputationGraph g, TrainTestSplit split, DataSet test) {
        g.addListeners(new DivergenceGuard());
        for (int e = 0; e < epochs; e++) {
            g.fit(split.trainIterator(64, 1000 + e));
        }
        return accuracy(test, g.outputSingle(test.getFeatures()));
    }

    private static double accuracy(DataSet test, INDArray probabilities) {
        Evaluation ev = new Evaluation(DigitsCnn.CLASSES);
        ev.eval(test.getLabels(), probabilities);
        return ev.accuracy();
    }

    /**
     * @param sizes "LxM" pairs
     * @return {L, M} per pair
     * @throws IllegalArgumentException naming --sizes for a pair that is not two positive integers
     */
    static int[][] parseSizes(List<String> sizes) {
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("--sizes is empty; pass LxM pairs, e.g. --sizes 2x4,4x8");
        }
        int[][] lm = new int[sizes.size()][];
        for (int i = 0; i < lm.length; i++) {
            String[] p = sizes.get(i).trim().toLowerCase(Locale.ROOT).split("x", -1);
            int depth = -1;
            int width = -1;
            if (p.length == 2) {
                try {
                    depth = Integer.parseInt(p[0].trim());
                    width = Integer.parseInt(p[1].trim());
                } catch (NumberFormatException e) {
                    depth = -1;
                }
            }
            if (depth < 1 || width < 1) {
                throw new IllegalArgumentException("--sizes value '" + sizes.get(i) + "' is not LxM with L, M >= 1"
                        + " (e.g. --sizes 2x4,4x8)");
            }
            lm[i] = new int[] {depth, width};
        }
        return lm;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Progress weighted by the cost of each line's networks: per network a fixed per-step overhead
     * worth {@value #OVERHEAD_UNITS} unit evaluations plus L·M, times {@value #STOCK_COST} for the
     * stock network (one DL4J layer per convolution). Both constants were read off the default run
     * on 2 cores (the fixed overhead dominates at L·M ≤ 128); they only shape the time estimate.
     */
    private ProgressLog progress(PrintWriter pw, int[][] lm) {
        List<Double> w = new ArrayList<>();
        for (int[] p : lm) {
            w.add(seeds * (OVERHEAD_UNITS + (double) p[0] * p[1]));
        }
        for (int depth : sweepDepths) {
            w.add(etas.size() * (OVERHEAD_UNITS + (double) depth * sweepWidth));
            w.add(etas.size() * (OVERHEAD_UNITS + STOCK_COST * depth * sweepWidth));
        }
        return new ProgressLog(pw, w.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double mean(double[] xs) {
        double m = 0;
        for (double x : xs) {
            m += x;
        }
        return m / xs.length;
    }

    /** @return the standard deviation of xs (with n − 1) */
    static double std(double[] xs) {
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (xs.length - 1));
    }

    private static String fmt(double[] xs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < xs.length; i++) {
            b.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", xs[i]));
        }
        return b.append(']').toString();
    }
}
