package org.meanode.examples.units;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.Provenance;
import org.meanode.examples.demo.LogLogFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode units}: generic blocks converge like the 2LP blocks (the paper's Theorem 1).
 * Runs {@link UnitsExperiment} and writes {@value #CSV}, {@value #PNG} and the provenance.
 */
@Command(name = "units", mixinStandardHelpOptions = true,
        description = {"Generic residual blocks (2LP, 2LP with bias, gated units) converge at the same rate in L·M.",
            "Grid L ∈ {4, 16, 64}, M ∈ {1, 4}; D = 20, d_in = d_out = 5, N = 10, η = 1, K = 15, float64."})
public final class UnitsCommand implements Callable<Integer> {
    /** The table's file name. */
    public static final String CSV = "units.csv";
    /** The plot's file name. */
    public static final String PNG = "units.png";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "units");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--seeds", description = "networks per (unit, L, M), ≥ 2 (default: ${DEFAULT-VALUE})")
    private int seeds = 4;

    @Option(names = "--steps", description = "full-batch GD steps K (default: ${DEFAULT-VALUE})")
    private int steps = 15;

    @Option(names = "--quick", description = "reduced grid L ∈ {4, 16}, M ∈ {1, 4}, for smoke tests")
    private boolean quick;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        OutputDirectory.prepare(out, overwrite, "units", CSV, PNG);
        UnitsExperiment ex = new UnitsExperiment(quick ? List.of(4, 16) : List.of(4, 16, 64), List.of(1, 4), seeds, steps, 20);
        pw.printf(Locale.ROOT, "meanode units: %d units x %d (L, M) pairs x %d networks, K = %d, D = %d, float64%n",
                UnitsExperiment.units().size(), ex.depths().size() * ex.widths().size(), seeds, steps, ex.embeddingDim());
        pw.flush();
        Provenance prov = Provenance.forCommand("units", spec.commandLine().getParseResult().originalArgs());
        List<UnitsExperiment.Cell> cells = ex.run(unitsProgress(pw, ex));
        List<String> lines = new ArrayList<>();
        lines.add("unit,depth,width,depth_times_width,spread,loss_init,loss_final");
        for (UnitsExperiment.Cell c : cells) {
            lines.add(String.format(Locale.ROOT, "%s,%d,%d,%d,%.9g,%.9g,%.9g", c.unit(), c.depth(), c.width(),
                    c.depthTimesWidth(), c.spread(), c.lossInit(), c.lossFinal()));
        }
        Files.write(out.resolve(CSV), lines, StandardCharsets.UTF_8);
        UnitsPlot.writePng(cells, ex, out.resolve(PNG));
        pw.println();
        pw.println("fitted slope of spread vs L·M (Theorem 1 predicts -1/2 for every Lipschitz unit):");
        for (String u : UnitsExperiment.units().keySet()) {
            LogLogFit f = UnitsExperiment.fit(cells, u);
            pw.printf(Locale.ROOT, "  %-5s %s  slope %.3f ± %.3f  (R² %.2f)%n", u, UnitsExperiment.units().get(u),
                    f.slope(), f.slopeStdError(), f.rSquared());
            prov.put("fittedSlope." + u, f.slope()).put("fittedSlopeStdError." + u, f.slopeStdError());
            prov.put("unit." + u, UnitsExperiment.units().get(u).toString());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.put("outputDirectory", out.toAbsolutePath().toString()).put("quick", quick)
                .put("depths", ex.depths().toString()).put("widths", ex.widths().toString()).put("seeds", seeds)
                .put("steps", steps).put("embeddingDim", ex.embeddingDim()).put("nIn", UnitsExperiment.IO)
                .put("nOut", UnitsExperiment.IO).put("examples", UnitsExperiment.EXAMPLES)
                .put("learningRate", UnitsExperiment.LEARNING_RATE).put("dataSeed", UnitsExperiment.DATA_SEED)
                .put("networkSeeds", "1000·L + 10·M + replicate").put("wallSeconds", Math.round(seconds * 10) / 10.0)
                .write(out);
        pw.println("wrote " + out.resolve(CSV) + ", " + PNG + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", seconds);
        pw.flush();
        return 0;
    }

    /** Progress weighted by L·M per cell, in the experiment's order (unit, L, then M inner). */
    private static ProgressLog unitsProgress(PrintWriter pw, UnitsExperiment ex) {
        List<Double> w = new ArrayList<>();
        for (int u = 0; u < UnitsExperiment.units().size(); u++) {
            for (int depth : ex.depths()) {
                for (int width : ex.widths()) {
                    w.add((double) depth * width);
                }
            }
        }
        return new ProgressLog(pw, w.stream().mapToDouble(Double::doubleValue).toArray());
    }

}
