package org.meanode.examples.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.Provenance;
import org.meanode.examples.rates.ReferenceSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode demo}: the README's main job. Trains S independently initialised 2LP ResNets
 * at each (L, M) of a grid for K full-batch GD steps on one synthetic regression task, and the
 * Neural Mean ODE limit (computed in the span of W_E and W_U by a ReducedLimit; a MeanOdeLayer in R^D
 * with {@code --limit-space full}) by the same K steps, and shows that the networks approach
 * the limit and one another like √D/√(L·M) (slope −1/2 in L·M), with depth and width trading one
 * for one. Writes {@value ConvergenceReport#CONFIGS_CSV},
 * {@value ConvergenceReport#NETWORKS_CSV}, {@value #PNG} and {@value Provenance#FILE_NAME}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"α/(L·M)-scaled ResNets converge to their Neural Mean ODE limit (a ReducedLimit) as L·M grows,",
            "and independently initialised ones approach one another.",
            "Grid L ∈ {4, 16, 64, 256}, M ∈ {1, 4, 16}; D = 20, d_in = d_out = 5, N = 10, η = 1, float64."})
public final class DemoCommand implements Callable<Integer> {
    /** The plot's file name. */
    public static final String PNG = "convergence.png";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "demo");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--seeds", description = "independently initialised networks per (L, M), ≥ 2 (default: ${DEFAULT-VALUE})")
    private int seeds = 4;

    @Option(names = "--steps", description = "full-batch GD steps K (default: ${DEFAULT-VALUE})")
    private int steps = 15;

    @Option(names = "--quick", description = "reduced grid L ∈ {4, 16, 64}, M ∈ {1, 4}, for smoke tests")
    private boolean quick;

    @Option(names = "--depths", split = ",", paramLabel = "L", description = "override the grid's depths, e.g. 4,16,64")
    private List<Integer> depths;

    @Option(names = "--widths", split = ",", paramLabel = "M", description = "override the grid's widths, e.g. 1,4,16")
    private List<Integer> widths;

    @Option(names = "--limit-nodes", description = "quadrature nodes P of the limit (RK4, S = 2, scrambled Sobol; default:"
            + " reduced " + DemoSettings.REDUCED_NODES + ", full " + DemoSettings.FULL_NODES + "; quick: reduced "
            + DemoSettings.REDUCED_QUICK_NODES + ", full " + DemoSettings.FULL_QUICK_NODES + ")")
    private Integer limitNodes;

    @Option(names = "--limit-space", paramLabel = "reduced|full", description = "where the limit is computed: reduced"
            + " (ReducedLimit, nodes in the span of W_E and W_U, k = 10: the same limit, a node costs k/D;"
            + " docs/reduced-limit.md) or full (MeanOdeLayer, nodes in R^D). Default: reduced, falling back to full with a"
            + " message where it gains nothing")
    private String limitSpace;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        ReferenceSpace space = ReferenceSpace.parse("--limit-space", limitSpace);
        DemoSettings base = quick ? DemoSettings.quick(seeds, steps, space) : DemoSettings.standard(seeds, steps, space);
        DemoSettings s = new DemoSettings(base.nIn(), base.nOut(), base.embeddingDim(), base.examples(),
                depths != null ? depths : base.depths(), widths != null ? widths : base.widths(), base.seeds(),
                base.steps(), base.learningRate(), base.dataSeed(), base.networkSeed(),
                limitNodes != null ? limitNodes : base.limitNodes(), space);
        OutputDirectory.prepare(out, overwrite, "demo", ConvergenceReport.CONFIGS_CSV, ConvergenceReport.NETWORKS_CSV, PNG);
        pw.printf(Locale.ROOT, "meanode demo: %d (L, M) pairs x %d networks, K = %d GD steps, D = %d, N = %d, float64%n",
                s.depths().size() * s.widths().size(), s.seeds(), s.steps(), s.embeddingDim(), s.examples());
        pw.flush();
        Provenance prov = Provenance.forCommand("demo", spec.commandLine().getParseResult().originalArgs());

        ConvergenceResult result = new ConvergenceExperiment(s).run(progressLog(pw, s));

        ConvergenceReport.print(result, pw);
        ConvergenceReport.writeCsv(result, out);
        ConvergencePlot.writePng(result, out.resolve(PNG));
        double seconds = (System.nanoTime() - t0) / 1e9;
        record(prov, s, result, seconds).write(out);
        pw.println();
        pw.println("wrote " + out.resolve(ConvergenceReport.CONFIGS_CSV) + ", " + ConvergenceReport.NETWORKS_CSV + ", " + PNG
                + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", seconds);
        pw.flush();
        return 0;
    }

    private Provenance record(Provenance p, DemoSettings s, ConvergenceResult r, double seconds) {
        p.put("outputDirectory", out.toAbsolutePath().toString()).put("quick", quick);
        p.put("model", "MeanOdeResNet, Regime.COMPLETE (alpha=1, sigmaU=sigmaV=sqrt(D)), tanh, Sgd, float64, fused,"
                + " frozen embedding/readout shared by all networks");
        p.put("nIn", s.nIn()).put("nOut", s.nOut()).put("embeddingDim", s.embeddingDim()).put("examples", s.examples());
        p.put("depths", s.depths().toString()).put("widths", s.widths().toString());
        p.put("networksPerConfig", s.seeds()).put("steps", s.steps()).put("learningRate", s.learningRate());
        p.put("dataSeed", s.dataSeed()).put("networkBaseSeed", s.networkSeed());
        p.put("networkSeeds", "see " + ConvergenceReport.NETWORKS_CSV + " (DemoSettings.networkSeed(L, M, replicate))");
        p.put("limit", r.limitDescription() + ", mean of " + DemoSettings.LIMIT_REPLICATES + " replicates");
        p.put("limitError", r.limitError()).put("limitSeconds", Math.round(r.limitSeconds() * 10) / 10.0);
        p.put("limitReplicateSpread", r.reference().replicateSpread());
        p.put("limitQuadratureCheck", r.reference().quadratureCheck()).put("limitDiscretisationCheck",
                r.reference().discretisationCheck());
        p.put("limitChecksSeconds", Math.round((r.reference().seconds() - r.limitSeconds()) * 10) / 10.0);
        p.put("fittedSlope", r.fit().slope()).put("fittedSlopeStdError", r.fit().slopeStdError());
        p.put("distanceToLimitSlope", r.limitFit().slope()).put("distanceToLimitSlopeStdError", r.limitFit().slopeStdError());
        p.put("predictedSlope", ConvergenceResult.PREDICTED_SLOPE);
        p.put("wallSeconds", Math.round(seconds * 10) / 10.0);
        return p;
    }

    /**
     * Progress weighted by unit evaluations per example and step: the limit (P nodes, 2 RK4 steps of 4
     * stages, {@value DemoSettings#LIMIT_REPLICATES} replicates, and the P/4-nodes and 2S-steps checks,
     * ¾ of a replicate) first, then L·M per network plus a fixed
     * cost per network (building it, small-array overheads; about 500 unit evaluations on a 2-core
     * machine), in the experiment's order (L outer, M inner).
     */
    private static ProgressLog progressLog(PrintWriter pw, DemoSettings s) {
        double[] w = new double[1 + s.depths().size() * s.widths().size()];
        w[0] = 8.0 * s.limitNodes() * (DemoSettings.LIMIT_REPLICATES + 0.75);
        int i = 1;
        for (int depth : s.depths()) {
            for (int width : s.widths()) {
                w[i++] = ((double) depth * width + 500) * s.seeds();
            }
        }
        return new ProgressLog(pw, w);
    }

}
