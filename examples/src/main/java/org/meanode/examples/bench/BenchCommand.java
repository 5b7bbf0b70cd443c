package org.meanode.examples.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.meanode.examples.Provenance;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode bench}: median time of one float32 full-batch GD step ({@code fit(DataSet)}:
 * forward, backward, update) of a MeanOdeResNet with the fused ScaledResidualStack, next to the
 * same network built from stock DL4J layers ({@link StockResNetGraph}, same weights) and to
 * ND4J's SGEMM rate, all measured in the same run. Writes {@value BenchReport#CSV} and
 * {@value Provenance#FILE_NAME}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times one float32 full-batch GD step: fused MeanOdeResNet vs stock DL4J graph vs ND4J SGEMM.",
            "Default sizes (L x M x D x N): small 50x20x20x10, medium 128x128x128x256, large 64x512x512x512."})
public final class BenchCommand implements Callable<Integer> {
    /** d_in = d_out of the benchmark networks: small, so that the residual part dominates. */
    public static final int IO_DIM = 16;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "bench");

    @Option(names = "--sizes", split = ",", paramLabel = "CASE",
            description = "cases to run: small, medium, large or LxMxDxN (default: all three)")
    private List<String> sizes;

    @Option(names = "--seconds", description = "minimum timed seconds per measurement (default: ${DEFAULT-VALUE})")
    private double seconds = 5.0;

    @Option(names = "--quick", description = "smoke run: the small case only (unless --sizes), short timing")
    private boolean quick;

    @Option(names = "--no-stock", description = "skip the stock DL4J graph (it is slow for the large case)")
    private boolean noStock;

    @Option(names = "--listener-overhead", description = {"instead: time steps with and without FeatureMovementListener"
            + " (default settings), case medium unless --sizes (small with --quick); writes " + ListenerOverhead.CSV})
    private boolean listenerOverhead;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        if (listenerOverhead) {
            List<BenchCase> lc = sizes != null ? sizes.stream().map(BenchCase::parse).toList()
                    : List.of(quick ? BenchCase.SMALL : BenchCase.MEDIUM);
            ListenerOverhead.run(lc, quick ? 0.5 : seconds, quick ? 2 : 10, out,
                    Provenance.forCommand("bench", spec.commandLine().getParseResult().originalArgs()), pw);
            pw.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            pw.flush();
            return 0;
        }
        List<BenchCase> cases = new ArrayList<>();
        if (sizes != null) {
            sizes.forEach(s -> cases.add(BenchCase.parse(s)));
        } else {
            cases.addAll(quick ? List.of(BenchCase.SMALL) : BenchCase.DEFAULTS);
        }
        TimingBudget budget = quick ? TimingBudget.quick() : TimingBudget.standard(seconds);
        Files.createDirectories(out);
        Provenance prov = Provenance.forCommand("bench", spec.commandLine().getParseResult().originalArgs());
        pw.printf(Locale.ROOT, "meanode bench: %d case(s), ND4J %s, %s threads, BLAS %s%n", cases.size(),
                Provenance.nd4jBackendArtifact(), Nd4j.getEnvironment().maxMasterThreads(),
                prov.entries().getOrDefault("nd4j.blas.vendor", "?"));
        pw.flush();

        List<BenchRow> rows = new ArrayList<>();
        for (int n : quick ? new int[] {256} : new int[] {512, 1024}) {
            Timing t = GemmReference.measure(n, n, n, budget);
            rows.add(new BenchRow("sgemm", n + "x" + n + "x" + n, BenchRow.SGEMM_SQUARE, GemmReference.flops(n, n, n), t));
            progress(pw, t0, String.format(Locale.ROOT, "sgemm %dx%d: %.1f GFLOP/s", n, n, rows.get(rows.size() - 1).gflops()));
        }
        for (BenchCase c : cases) {
            rows.addAll(runCase(c, budget, pw, t0));
        }

        BenchReport.print(cases, rows, pw);
        BenchReport.writeCsv(rows, out);
        prov.put("cases", cases.toString()).put("ioDim", IO_DIM).put("dataType", "FLOAT");
        prov.put("timing", budget.toString()).put("flopsPerStep", "12*L*M*D*N");
        prov.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        prov.write(out);
        pw.println();
        pw.println("wrote " + out.resolve(BenchReport.CSV) + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        pw.flush();
        return 0;
    }

    private List<BenchRow> runCase(BenchCase c, TimingBudget budget, PrintWriter pw, long t0) {
        List<BenchRow> rows = new ArrayList<>();
        MeanOdeResNet specNet = MeanOdeResNet.builder().nIn(IO_DIM).nOut(IO_DIM).embeddingDim(c.embeddingDim())
                .depth(c.depth()).width(c.width()).learningRate(1.0).fused(true).dataType(DataType.FLOAT).seed(1).build();
        DataSet ds = new DataSet(Nd4j.randn(DataType.FLOAT, c.batch(), IO_DIM), Nd4j.randn(DataType.FLOAT, c.batch(), IO_DIM));
        ComputationGraph fused = specNet.computationGraph();
        ResNetWeights weights = ResNetWeights.readFrom(fused);
        Timing tf = StepTimer.measure(() -> fused.fit(ds), budget);
        rows.add(new BenchRow(c.name(), c.sizes(), BenchRow.FUSED, c.flopsPerStep(), tf));
        progress(pw, t0, String.format(Locale.ROOT, "%s %s fused: %.3f ms/step, %.2f GFLOP/s (%d it)", c.name(), c.sizes(),
                1e3 * tf.medianSeconds(), tf.gflopsMedian(c.flopsPerStep()), tf.iterations()));
        fused.clear();

        if (!noStock) {
            ComputationGraph g = StockResNetGraph.build(IO_DIM, IO_DIM, c.embeddingDim(), c.depth(), c.width(),
                    specNet.getAlpha(), 1.0, 1, DataType.FLOAT);
            StockResNetGraph.copyWeights(weights, g);
            Timing ts = StepTimer.measure(() -> g.fit(ds), budget);
            rows.add(new BenchRow(c.name(), c.sizes(), BenchRow.STOCK, c.flopsPerStep(), ts));
            progress(pw, t0, String.format(Locale.ROOT, "%s %s stock: %.3f ms/step, %.2f GFLOP/s (%d it)", c.name(), c.sizes(),
                    1e3 * ts.medianSeconds(), ts.gflopsMedian(c.flopsPerStep()), ts.iterations()));
            g.clear();
        }

        Timing tg = GemmReference.measure(c.batch(), c.embeddingDim(), c.width(), budget);
        double gemmFlops = GemmReference.flops(c.batch(), c.embeddingDim(), c.width());
        rows.add(new BenchRow(c.name(), c.batch() + "x" + c.embeddingDim() + "x" + c.width(), BenchRow.SGEMM_BLOCK, gemmFlops, tg));
        progress(pw, t0, String.format(Locale.ROOT, "%s sgemm [%d,%d]x[%d,%d]: %.2f GFLOP/s", c.name(), c.batch(),
                c.embeddingDim(), c.embeddingDim(), c.width(), tg.gflopsMedian(gemmFlops)));
        return rows;
    }

    private static void progress(PrintWriter pw, long t0, String line) {
        pw.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, line);
        pw.flush();
    }
}
