package org.meanode.examples.transfer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.PowersOfTwo;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.Provenance;
import org.meanode.examples.transfer.TransferResult.Axis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode transfer}: sweeps the base learning rate η for several depths and widths under
 * this plugin's parametrization and under naive ResNets ({@link NaiveResNet}), and reports per
 * case how far the best η moves across sizes (max/min of the best η). Writes
 * {@value TransferReport#RUNS_CSV}, {@value TransferReport#BEST_CSV}, {@value #PNG} and
 * {@value Provenance#FILE_NAME}.
 */
@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = {"Does the best learning rate transfer across depth and width? α/(L·M) + rate rule vs naive ResNets.",
            "Defaults: L ∈ {4, 16, 64, 128} at M = 4, M ∈ {1, 4, 16, 64} at L = 16, η = 2^-8 … 2^8, D = 8, N = 64, K = 20."})
public final class TransferCommand implements Callable<Integer> {
    /** The figure's file name. */
    public static final String PNG = "transfer.png";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "transfer");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--quick", description = "small sweep (seconds): L ∈ {2, 16}, M ∈ {1, 16}, η = 2^-4 … 2^6, meanode and naive-sqrt")
    private boolean quick;

    @Option(names = "--steps", description = "full-batch GD steps K per run (default: 20; 10 with --quick)")
    private Integer steps;

    @Option(names = "--depths", split = ",", paramLabel = "L", description = "depths of the depth sweep")
    private List<Integer> depths;

    @Option(names = "--widths", split = ",", paramLabel = "M", description = "widths of the width sweep")
    private List<Integer> widths;

    @Option(names = "--eta-exponents", paramLabel = "MIN:MAX", description = "η = 2^MIN … 2^MAX (default: -8:8; -4:6 with --quick)")
    private String etaExponents;

    @Option(names = "--cases", split = ",", description = "parametrizations: MEANODE, NAIVE_SQRT, NAIVE_ONE (default: all; two with --quick)")
    private List<Parametrization> cases;

    @Option(names = "--stock-graph", description = "train the naive ResNets as stock DL4J ComputationGraphs (slower) instead of"
            + " the identical network through the fused stack")
    private boolean stockGraph;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        TransferSettings b = quick ? TransferSettings.quick() : TransferSettings.standard();
        List<Double> etas = b.etas();
        if (etaExponents != null) {
            etas = PowersOfTwo.parse("--eta-exponents", etaExponents, "-12:4");
        }
        TransferSettings s = new TransferSettings(b.embeddingDim(), b.examples(), steps != null ? steps : b.steps(), etas,
                depths != null ? depths : b.depths(), b.baseWidth(), widths != null ? widths : b.widths(), b.baseDepth(),
                cases != null ? cases : b.cases(), b.seed());
        OutputDirectory.prepare(out, overwrite, "transfer", PNG, TransferReport.RUNS_CSV, TransferReport.BEST_CSV);
        int total = s.cases().size() * (s.depths().size() + s.widths().size()) * s.etas().size();
        pw.printf(Locale.ROOT, "meanode transfer: %d runs (%d cases x %d sizes x %d rates), K = %d, D = %d, N = %d%n", total,
                s.cases().size(), s.depths().size() + s.widths().size(), s.etas().size(), s.steps(), s.embeddingDim(), s.examples());
        pw.flush();
        Provenance prov = Provenance.forCommand("transfer", spec.commandLine().getParseResult().originalArgs());
        TransferResult r = new TransferExperiment(s, stockGraph).run(ProgressLog.ofLines(pw, s.cases().size() * (s.depths().size() + s.widths().size())));
        TransferReport.print(r, pw);
        TransferReport.writeCsv(r, out);
        TransferPlot.writePng(r, out.resolve(PNG));
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.put("outputDirectory", out.toAbsolutePath().toString()).put("settings", s.toString())
                .put("naiveBuild", stockGraph ? "stock DL4J ComputationGraph" : "fused MeanOdeResNet equivalent");
        for (Parametrization p : s.cases()) {
            prov.put("shift." + p.id() + ".depth", r.shiftFactor(p, Axis.DEPTH));
            prov.put("shift." + p.id() + ".width", r.shiftFactor(p, Axis.WIDTH));
            prov.put("shift." + p.id() + ".all", r.shiftFactor(p, null));
        }
        prov.put("wallSeconds", Math.round(seconds * 10) / 10.0).write(out);
        pw.printf(Locale.ROOT, "wrote %s, %s, %s, %s; done in %.1f s%n", out.resolve(PNG), TransferReport.RUNS_CSV,
                TransferReport.BEST_CSV, Provenance.FILE_NAME, seconds);
        pw.flush();
        return 0;
    }
}
