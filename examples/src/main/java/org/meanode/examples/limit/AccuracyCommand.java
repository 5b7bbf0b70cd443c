package org.meanode.examples.limit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meanode.examples.bench.MemoryProbe;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode accuracy}: error to the Neural Mean ODE limit against cost for finite ResNets and
 * for the limit layer, after K training steps ({@link AccuracyExperiment}). Writes
 * {@value AccuracyReport#CSV}, {@value #PNG} and {@value Provenance#FILE_NAME}. With
 * {@code --widths}: cost per accuracy across D ({@link WidthSweepExperiment}), writing
 * {@value WidthSweepReport#CSV}, {@value WidthSweepPlot#PNG} and the provenance.
 */
@Command(name = "accuracy", mixinStandardHelpOptions = true, subcommands = SpanCheckCommand.class,
        description = {"Error to the Neural Mean ODE limit vs unit evaluations per forward pass:",
            "ScaledResidualStack (L·M) against MeanOdeLayer (S·stages·P), complete regime, D = 20, K = 15."})
public final class AccuracyCommand implements Callable<Integer> {
    /** The plot's file name. */
    public static final String PNG = "accuracy.png";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "accuracy");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--costs", split = ",", paramLabel = "C",
            description = "unit evaluations per forward pass (default: 64,256,1024,4096)")
    private List<Integer> costs;

    @Option(names = "--seeds", description = "independent draws per point (default: ${DEFAULT-VALUE})")
    private int seeds = 4;

    @Option(names = "--ref-nodes", description = "P of the reference (default: ${DEFAULT-VALUE})")
    private int refNodes = 32768;

    @Option(names = "--quick", description = "the small run of the tests (costs 64, 256, 1024; 2 draws; one limit curve; reference P = 4096)")
    private boolean quick;

    @Option(names = "--widths", split = ",", paramLabel = "D",
            description = "cost per accuracy across widths instead: for each D, finite stacks, the full-space limit and"
                    + " the limit in the span of the data (ReducedLimit), error vs flops, wall and CPU time per step; writes"
                    + " width-sweep.csv and width-sweep.png, e.g."
                    + " --widths 20,64,128,256,512 (costs default 64,256,1024,4096; reference P = --ref-nodes × 2)")
    private List<Integer> widths;

    @Option(names = "--examples", paramLabel = "N",
            description = "with --widths: examples N of the synthetic task, one full batch per step (default: 10, the"
                    + " issue's setting, where a step of the cheap networks costs more in per-fit() overhead than in"
                    + " arithmetic)")
    private Integer examples;

    @Option(names = "--control", split = ",", paramLabel = "P",
            description = "with --widths: run only the negative control (full-space limit with isotropic and with"
                    + " anisotropic u's against the reduced reference) at these node counts")
    private List<Integer> control;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        if (widths != null) {
            return widthSweep(pw, t0);
        }
        if (examples != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--examples " + examples + " applies to"
                    + " the width sweep only; add --widths D,... (the standard run keeps N = "
                    + AccuracySettings.standard().examples() + ")");
        }
        AccuracySettings base = quick ? AccuracySettings.quick() : AccuracySettings.standard();
        AccuracySettings s = new AccuracySettings(base.nIn(), base.nOut(), base.embeddingDim(), base.examples(),
                base.steps(), base.learningRate(), costs != null ? costs : base.costs(), quick ? base.seeds() : seeds,
                base.stackWidth(), base.curves(), quick ? base.refNodes() : refNodes, base.refSteps(), base.dataSeed(),
                base.networkSeed());
        OutputDirectory.prepare(out, overwrite, "accuracy", AccuracyReport.CSV, PNG);
        pw.printf(Locale.ROOT, "meanode accuracy: costs %s, %d draws per point, K = %d, D = %d, N = %d, float64;"
                        + " reference RK4 S = %d, P = %d%n", s.costs(), s.seeds(), s.steps(), s.embeddingDim(), s.examples(),
                s.refSteps(), s.refNodes());
        pw.flush();
        Provenance prov = Provenance.forCommand("accuracy", spec.commandLine().getParseResult().originalArgs());
        AccuracyResult r = new AccuracyExperiment(s).run(ProgressLog.ofLines(pw, 4 + s.costs().size() * (1 + s.curves().size())));
        AccuracyReport.print(r, pw);
        AccuracyReport.writeCsv(r, out);
        AccuracyPlot.writePng(r, out.resolve(PNG));
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.put("outputDirectory", out.toAbsolutePath().toString()).put("quick", quick);
        prov.put("model", "MeanOdeResNet, Regime.COMPLETE (alpha=1, sigmaU=sigmaV=sqrt(D)), tanh, Sgd, float64,"
                + " frozen embedding/readout shared by all networks (SyntheticTask)");
        prov.put("nIn", s.nIn()).put("nOut", s.nOut()).put("embeddingDim", s.embeddingDim()).put("examples", s.examples());
        prov.put("steps", s.steps()).put("learningRate", s.learningRate()).put("costs", s.costs().toString());
        prov.put("drawsPerPoint", s.seeds()).put("stack", s.stackLabel());
        prov.put("limitCurves", r.curveLabels().subList(1, r.curveLabels().size()).toString());
        prov.put("reference", "RK4 S=" + s.refSteps() + " P=" + s.refNodes() + " SOBOL shared, two scrambles");
        prov.put("referenceOwnError", r.referenceError()).put("dataSeed", s.dataSeed()).put("networkBaseSeed", s.networkSeed());
        prov.put("wallSeconds", Math.round(seconds * 10) / 10.0);
        prov.write(out);
        pw.println();
        pw.println("wrote " + out.resolve(AccuracyReport.CSV) + ", " + PNG + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", seconds);
        pw.flush();
        return 0;
    }

    private int widthSweep(PrintWriter pw, long t0) throws Exception {
        List<Integer> cs = costs != null ? costs : List.of(64, 256, 1024, 4096);
        int draws = quick ? 1 : seeds;
        int refP = quick ? 4096 : 2 * refNodes;
        int n = examples != null ? examples : WidthSweepExperiment.DEFAULT_EXAMPLES;
        if (n < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--examples " + n
                    + " is invalid: N must be ≥ 1 (e.g. --examples 100)");
        }
        int rounds = quick ? 3 : 10;
        OutputDirectory.prepare(out, true, "accuracy --widths"); // a file or an unwritable place: one line with the fix
        double load0 = MemoryProbe.loadAverage();
        pw.printf(Locale.ROOT, "meanode accuracy --widths %s: costs %s, %d draws per point, K = 15, d_in = d_out = 5,"
                + " N = %d, float64; reference: reduced limit RK4 S = 2, P = %d; times: %d interleaved rounds after 5"
                + " warm-up steps; load average %.1f, %d processors%n", widths, cs, draws, n, refP, rounds, load0,
                Runtime.getRuntime().availableProcessors());
        pw.flush();
        WidthSweepExperiment experiment = new WidthSweepExperiment(widths, cs, draws, refP, n, rounds);
        if (control != null) {
            experiment.control(control, line -> {
                pw.println(line);
                pw.flush();
            });
            return 0;
        }
        Provenance prov = Provenance.forCommand("accuracy", spec.commandLine().getParseResult().originalArgs());
        List<WidthSweepExperiment.Point> pts = experiment.run(line -> {
            pw.println(line);
            pw.flush();
        });
        WidthSweepReport.report(pts, pw, out);
        double load1 = MemoryProbe.loadAverage();
        WidthSweepPlot.writePng(pts, String.format(Locale.ROOT, "Cost per accuracy: d_in = d_out = 5, N = %d, K = 15,"
                + " η = 1, %d draw(s) per point; reference reduced RK4 S = 2, P = %d; load average %.1f → %.1f", n, draws,
                refP, load0, load1), out.resolve(WidthSweepPlot.PNG));
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.put("outputDirectory", out.toAbsolutePath().toString()).put("widths", widths.toString())
                .put("costs", cs.toString()).put("drawsPerPoint", draws).put("referenceNodes", refP)
                .put("examples", n).put("timing", "StepTimer: 5 warm-up steps, " + rounds + " interleaved rounds,"
                        + " turns of >= 100 ms, median wall and process CPU time per step")
                .put("loadAverageStart", load0).put("loadAverageEnd", load1)
                .put("availableProcessors", Runtime.getRuntime().availableProcessors())
                .put("wallSeconds", Math.round(seconds * 10) / 10.0);
        prov.write(out);
        pw.println("wrote " + out.resolve(WidthSweepPlot.PNG) + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", seconds);
        pw.flush();
        return 0;
    }
}
