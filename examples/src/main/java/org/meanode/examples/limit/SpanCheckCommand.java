package org.meanode.examples.limit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.Provenance;
import org.meanode.ode.OdeSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode accuracy span-check}: is the limit computed in the span of the data the same limit
 * as the full-space limit layer? ({@link SpanCheck}, docs/reduced-limit.md "Same limit".) Prints
 * the table and a PASS/FAIL verdict (exit code 1 on FAIL), writes {@value SpanCheckReport#CSV},
 * {@value SpanCheckReport#PNG} and {@value Provenance#FILE_NAME}.
 */
@Command(name = "span-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Same limit? RMS difference between the full-space limit layer (MeanOdeLayer, nodes in R^D) and the",
            "limit in the span of W_E, W_U (ReducedLimit) after K steps, as P grows: falls like P^-1/2 if they are the same",
            "limit. Negative control: a full-space layer with non-isotropic u's, whose difference must stall.",
            "tanh 2LP, complete regime, d_in = d_out = 5, N = 10, η = 1, float64, i.i.d. nodes. Exit code 1 on FAIL."})
public final class SpanCheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "span-check");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--widths", split = ",", paramLabel = "D", description = "embedding widths D > 10 (default: 20,128)")
    private List<Integer> widths = List.of(20, 128);

    @Option(names = "--nodes", split = ",", paramLabel = "P", description = "quadrature nodes P of both layers, increasing,"
            + " at least 3 (default: 64,256,1024,4096,16384)")
    private List<Integer> nodes = List.of(64, 256, 1024, 4096, 16384);

    @Option(names = "--draws", description = "independent draws per point (default: ${DEFAULT-VALUE})")
    private int draws = 2;

    @Option(names = "--solver", description = "solver in depth-time: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    private OdeSolver solver = OdeSolver.EULER;

    @Option(names = "--depth-steps", description = "solver steps S over depth-time (default: ${DEFAULT-VALUE})")
    private int depthSteps = 4;

    @Option(names = "--train-steps", description = "full-batch GD steps K (default: ${DEFAULT-VALUE})")
    private int trainSteps = 15;

    @Option(names = "--anisotropy", description = "the control's σ_u factor a along span(W_E); √(2 − a²) along the rest"
            + " of the span (default: ${DEFAULT-VALUE})")
    private double anisotropy = 1.4;

    @Option(names = "--seed", description = "base seed of the tasks and nodes (default: ${DEFAULT-VALUE})")
    private long seed = 2025L;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        SpanCheck c = new SpanCheck(widths, nodes, draws, solver, depthSteps, trainSteps, anisotropy, seed);
        OutputDirectory.prepare(out, overwrite, "accuracy span-check", SpanCheckReport.CSV, SpanCheckReport.PNG);
        pw.printf(Locale.ROOT, "meanode accuracy span-check: D = %s, P = %s, %d draws per point, %s S = %d, K = %d;"
                + " per point and draw one reduced limit and two full-space layers (isotropic, control)%n", c.widths(),
                c.nodes(), c.draws(), c.solver(), c.steps(), c.trainSteps());
        pw.flush();
        Provenance prov = Provenance.forCommand("accuracy span-check", spec.commandLine().getParseResult().originalArgs());
        double[] weights = new double[c.widths().size() * c.nodes().size()];
        int i = 0;
        for (int d : c.widths()) {
            for (int p : c.nodes()) {
                weights[i++] = (double) p * (2 * d + 2 * SpanCheck.DIM_IO) + 2000.0 * (d + 2 * SpanCheck.DIM_IO);
            }
        }
        List<SpanCheck.Row> rows = c.run(new ProgressLog(pw, weights));
        SpanCheckReport.print(c, rows, pw);
        SpanCheckReport.write(c, rows, out);
        List<SpanCheckReport.Verdict> vs = SpanCheckReport.verdicts(rows);
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.put("outputDirectory", out.toAbsolutePath().toString()).put("widths", c.widths().toString())
                .put("nodes", c.nodes().toString()).put("draws", c.draws()).put("solver", c.solver().toString())
                .put("depthSteps", c.steps()).put("trainSteps", c.trainSteps()).put("anisotropy", c.anisotropy())
                .put("seed", c.seed()).put("model", "tanh 2LP, Regime.COMPLETE, Sgd eta=1, float64, frozen W_E/W_U,"
                        + " IID nodes; control: u -> u + Q(diag(c)-I)Q^T u")
                .put("verdict", SpanCheckReport.passed(vs) ? "PASS" : "FAIL");
        for (SpanCheckReport.Verdict v : vs) {
            String key = "slope.D" + v.d() + (v.control() ? ".control" : ".isotropic");
            prov.put(key, v.tail().slope()).put(key + ".stdError", v.tail().slopeStdError());
        }
        prov.put("wallSeconds", Math.round(seconds * 10) / 10.0);
        prov.write(out);
        pw.println("wrote " + out.resolve(SpanCheckReport.CSV) + ", " + SpanCheckReport.PNG + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", seconds);
        pw.flush();
        return SpanCheckReport.passed(vs) ? 0 : 1;
    }
}
