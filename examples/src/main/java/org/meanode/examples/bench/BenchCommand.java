package org.meanode.examples.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.meanode.conf.KernelMode;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.Provenance;
import org.meanode.layers.BaseScaledResidualLayer;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.network.ResNetWeights;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
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
 * ND4J's SGEMM rate, all measured in the same run. The stack runs in up to three forms
 * ({@code --impls}): its default kernel (direct BLAS on the CPU backend), the portable ND4J-ops
 * kernel, and the default kernel with checkpointing every ⌈√L⌉ blocks. Each measurement also
 * records peak memory ({@link MemoryProbe}) and the bytes the stack keeps between passes.
 * Writes {@value BenchReport#CSV} and {@value Provenance#FILE_NAME}.
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

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = {"--cases", "--sizes"}, split = ",", paramLabel = "CASE",
            description = "cases to run: small, medium, large or LxMxDxN (default: all three)")
    private List<String> sizes;

    /** The implementations {@code --impls} accepts, in the order they run. */
    public static final List<String> IMPLS = List.of("fused", "checkpoint", "nd4j-ops", "limit", "bias", "gated", "stock");

    @Option(names = "--impls", split = ",", paramLabel = "IMPL",
            description = "implementations to time: fused (default kernel), checkpoint (fused, checkpointing every"
                    + " ceil(sqrt L) blocks), nd4j-ops (fused, ND4J operations only), limit (MeanOdeLayer, RK4 with"
                    + " ceil(L/4) steps of M nodes: about the stack's cost per forward pass), bias, gated (fused"
                    + " with TwoLayerBiasUnit or GatedUnit: the same L·M unit evaluations), stock (DL4J layers)"
                    + " (default: all seven)")
    private List<String> impls;

    @Option(names = "--seconds", description = "minimum timed seconds per measurement (default: ${DEFAULT-VALUE})")
    private double seconds = 5.0;

    private ProgressLog log;

    @Option(names = "--quick", description = "smoke run: the small case only (unless --sizes), short timing")
    private boolean quick;

    @Option(names = "--no-stock", description = "skip the stock DL4J graph (it is slow for the large case)")
    private boolean noStock;

    @Option(names = "--interleave", description = "time the implementations of a case round-robin, one step each in"
            + " turn, so that load changes on a busy machine hit them alike (fair ratios); all of a case's networks are"
            + " then alive together, so peak RSS and heap are not reported (counted memory still is)")
    private boolean interleave;
    @Option(names = "--listener-overhead", description = {"instead: time steps with and without FeatureMovementListener"
            + " (default settings), case medium unless --sizes (small with --quick); writes " + ListenerOverhead.CSV})
    private boolean listenerOverhead;

    @Option(names = "--conv", description = {"instead: time a convolutional residual stack (ConvUnit) against the same"
            + " network of stock DL4J ConvolutionLayer + ScaleVertex + ElementWiseVertex, interleaved; writes "
            + ConvBench.CSV})
    private boolean conv;

    @Option(names = "--conv-case", paramLabel = "CxHxKxLxMxN", description = "the --conv case (default: 32x16x3x16x32x64)")
    private String convCase;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        if (conv) {
            ConvBench.Case c;
            try {
                c = convCase == null ? ConvBench.Case.DEFAULT : ConvBench.Case.parse(convCase);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            ConvBench.run(c, quick ? TimingBudget.quick() : TimingBudget.standard(seconds), out,
                    Provenance.forCommand("bench", spec.commandLine().getParseResult().originalArgs()), pw);
            pw.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            pw.flush();
            return 0;
        }
        if (listenerOverhead) {
            List<BenchCase> lc = sizes != null ? sizes.stream().map(BenchCase::parse).toList()
                    : List.of(quick ? BenchCase.SMALL : BenchCase.MEDIUM);
            OutputDirectory.prepare(out, overwrite, "bench --listener-overhead", ListenerOverhead.CSV);
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
        List<String> chosen = chosenImpls();
        TimingBudget budget = quick ? TimingBudget.quick() : TimingBudget.standard(seconds);
        OutputDirectory.prepare(out, overwrite, "bench", BenchReport.CSV);
        Provenance prov = Provenance.forCommand("bench", spec.commandLine().getParseResult().originalArgs());
        double loadStart = MemoryProbe.loadAverage();
        pw.printf(Locale.ROOT, "meanode bench: %d case(s) x %s, ND4J %s, %s threads, BLAS %s, %d cores, load average %.2f,"
                        + " OMP_WAIT_POLICY=%s%n", cases.size(), chosen, Provenance.nd4jBackendArtifact(),
                Nd4j.getEnvironment().maxMasterThreads(), prov.entries().getOrDefault("nd4j.blas.vendor", "?"),
                Runtime.getRuntime().availableProcessors(), loadStart, System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
        pw.flush();

        List<BenchRow> rows = new ArrayList<>();
        int[] squares = quick ? new int[] {256} : new int[] {512, 1024};
        // Every measurement runs for about the same budget: the estimate counts them (square SGEMMs,
        // then per case each implementation and the block-shaped SGEMM).
        log = ProgressLog.ofLines(pw, squares.length + cases.size() * (chosen.size() + 1));
        for (int n : squares) {
            Timing t = GemmReference.measure(n, n, n, budget);
            rows.add(new BenchRow("sgemm", n + "x" + n + "x" + n, BenchRow.SGEMM_SQUARE, GemmReference.flops(n, n, n), t));
            progress(pw, t0, String.format(Locale.ROOT, "sgemm %dx%d: %.1f GFLOP/s", n, n, rows.get(rows.size() - 1).gflops()));
        }
        for (BenchCase c : cases) {
            rows.addAll(runCase(c, chosen, budget, pw, t0));
        }
        double loadEnd = MemoryProbe.loadAverage();

        BenchReport.print(cases, rows, loadStart, loadEnd, pw);
        BenchReport.writeCsv(rows, out);
        prov.put("cases", cases.toString()).put("impls", chosen.toString()).put("ioDim", IO_DIM).put("dataType", "FLOAT");
        prov.put("loadAverageStart", loadStart).put("loadAverageEnd", loadEnd);
        prov.put("timing", budget.toString()).put("interleaved", interleave).put("flopsPerStep", "12*L*M*D*N");
        prov.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        prov.write(out);
        pw.println();
        pw.println("wrote " + out.resolve(BenchReport.CSV) + ", " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        pw.flush();
        return 0;
    }

    private List<String> chosenImpls() {
        List<String> chosen = new ArrayList<>();
        List<String> asked = impls == null ? IMPLS : impls;
        for (String a : asked) {
            String i = a.trim().toLowerCase(Locale.ROOT);
            if (!IMPLS.contains(i)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--impls entry '" + a
                        + "' is not one of " + IMPLS);
            }
        }
        for (String i : IMPLS) {
            if (asked.stream().anyMatch(a -> a.trim().equalsIgnoreCase(i)) && !(noStock && i.equals("stock"))) {
                chosen.add(i);
            }
        }
        if (chosen.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "nothing to time: --impls " + asked
                    + (noStock ? " with --no-stock" : ""));
        }
        return chosen;
    }

    private static MeanOdeResNet.Builder spec(BenchCase c) {
        return MeanOdeResNet.builder().nIn(IO_DIM).nOut(IO_DIM).embeddingDim(c.embeddingDim()).depth(c.depth())
                .width(c.width()).learningRate(1.0).fused(true).dataType(DataType.FLOAT).seed(1);
    }

    private List<BenchRow> runCase(BenchCase c, List<String> chosen, TimingBudget budget, PrintWriter pw, long t0) {
        List<BenchRow> rows = new ArrayList<>();
        DataSet ds = new DataSet(Nd4j.randn(DataType.FLOAT, c.batch(), IO_DIM), Nd4j.randn(DataType.FLOAT, c.batch(), IO_DIM));
        if (interleave) {
            rows.addAll(runInterleaved(c, chosen, ds, budget, pw, t0));
        }
        for (String impl : interleave ? List.<String>of() : chosen) {
            switch (impl) {
                case "fused" -> rows.add(timeFused(c, ds, spec(c), BenchRow.FUSED, budget, pw, t0));
                case "checkpoint" -> rows.add(timeFused(c, ds, spec(c).checkpointing(true), BenchRow.FUSED_CHECKPOINT,
                        budget, pw, t0));
                case "nd4j-ops" -> rows.add(timeFused(c, ds, spec(c).kernelMode(KernelMode.ND4J_OPS),
                        BenchRow.FUSED_ND4J_OPS, budget, pw, t0));
                case "limit" -> rows.add(timeLimit(c, ds, budget, pw, t0));
                case "bias" -> rows.add(timeFused(c, ds, spec(c).unit(new TwoLayerBiasUnit()), BenchRow.FUSED_BIAS,
                        budget, pw, t0));
                case "gated" -> rows.add(timeFused(c, ds, spec(c).unit(new GatedUnit()), BenchRow.FUSED_GATED,
                        budget, pw, t0));
                default -> rows.add(timeStock(c, ds, budget, pw, t0));
            }
        }

        Timing tg = GemmReference.measure(c.batch(), c.embeddingDim(), c.width(), budget);
        double gemmFlops = GemmReference.flops(c.batch(), c.embeddingDim(), c.width());
        rows.add(new BenchRow(c.name(), c.batch() + "x" + c.embeddingDim() + "x" + c.width(), BenchRow.SGEMM_BLOCK, gemmFlops, tg));
        progress(pw, t0, String.format(Locale.ROOT, "%s sgemm [%d,%d]x[%d,%d]: %.2f GFLOP/s", c.name(), c.batch(),
                c.embeddingDim(), c.embeddingDim(), c.width(), tg.gflopsMedian(gemmFlops)));
        return rows;
    }

    private List<BenchRow> runInterleaved(BenchCase c, List<String> chosen, DataSet ds, TimingBudget budget, PrintWriter pw,
                                          long t0) {
        Footprint.resetWorkspaces();
        List<ComputationGraph> nets = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        List<Double> flops = new ArrayList<>();
        for (String impl : chosen) {
            sizes.add(c.sizes());
            flops.add(c.flopsPerStep());
            switch (impl) {
                case "fused" -> nets.add(spec(c).build().computationGraph());
                case "checkpoint" -> nets.add(spec(c).checkpointing(true).build().computationGraph());
                case "nd4j-ops" -> nets.add(spec(c).kernelMode(KernelMode.ND4J_OPS).build().computationGraph());
                case "bias" -> nets.add(spec(c).unit(new TwoLayerBiasUnit()).build().computationGraph());
                case "gated" -> nets.add(spec(c).unit(new GatedUnit()).build().computationGraph());
                case "limit" -> {
                    MeanOdeResNet l = limitSpec(c);
                    nets.add(l.computationGraph());
                    sizes.set(sizes.size() - 1, limitSizes(c));
                    flops.set(flops.size() - 1, l.flopsPerStep(c.batch()));
                }
                default -> {
                    MeanOdeResNet plugin = spec(c).build();
                    ComputationGraph g = StockResNetGraph.build(IO_DIM, IO_DIM, c.embeddingDim(), c.depth(), c.width(),
                            plugin.getAlpha(), 1.0, 1, DataType.FLOAT);
                    StockResNetGraph.copyWeights(ResNetWeights.readFrom(plugin.computationGraph()), g);
                    nets.add(g);
                }
            }
        }
        List<Runnable> ops = new ArrayList<>();
        nets.forEach(n -> ops.add(() -> n.fit(ds)));
        List<Timing> times = StepTimer.measureInterleaved(ops, budget);
        List<BenchRow> rows = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            String impl = chosen.get(i);
            String name = switch (impl) {
                case "fused" -> BenchRow.FUSED;
                case "checkpoint" -> BenchRow.FUSED_CHECKPOINT;
                case "nd4j-ops" -> BenchRow.FUSED_ND4J_OPS;
                case "limit" -> BenchRow.LIMIT;
                case "bias" -> BenchRow.FUSED_BIAS;
                case "gated" -> BenchRow.FUSED_GATED;
                default -> BenchRow.STOCK;
            };
            ComputationGraph net = nets.get(i);
            long stackBytes = impl.equals("limit") || impl.equals("stock") ? -1
                    : ((BaseScaledResidualLayer<?>) net.getLayer(MeanOdeResNet.STACK)).workingMemoryBytes();
            Timing t = times.get(i);
            rows.add(new BenchRow(c.name(), sizes.get(i), name, flops.get(i), t,
                    Footprint.of(net, stackBytes).withoutWorkspaces(), null));
            progress(pw, t0, String.format(Locale.ROOT, "%s %s %s (interleaved): %.3f ms/step, %.2f GFLOP/s (%d it)",
                    c.name(), sizes.get(i), name, 1e3 * t.medianSeconds(), t.gflopsMedian(flops.get(i)), t.iterations()));
        }
        nets.forEach(ComputationGraph::clear);
        return rows;
    }

    private static MeanOdeResNet limitSpec(BenchCase c) {
        return MeanOdeResNet.builder().nIn(IO_DIM).nOut(IO_DIM).embeddingDim(c.embeddingDim())
                .limit(c.width(), limitSteps(c), OdeSolver.RK4, NodeScheme.IID).learningRate(1.0).dataType(DataType.FLOAT)
                .seed(1).build();
    }

    private static int limitSteps(BenchCase c) {
        return Math.max(1, (c.depth() + 2) / 4);
    }

    private static String limitSizes(BenchCase c) {
        return "S" + limitSteps(c) + "xP" + c.width() + "xD" + c.embeddingDim() + "xN" + c.batch();
    }

    private BenchRow timeFused(BenchCase c, DataSet ds, MeanOdeResNet.Builder b, String impl, TimingBudget budget,
                               PrintWriter pw, long t0) {
        MemoryProbe probe = new MemoryProbe();
        Footprint.resetWorkspaces();
        probe.start();
        MeanOdeResNet specNet = b.build();
        ComputationGraph net = specNet.computationGraph();
        Timing t = StepTimer.measure(() -> net.fit(ds), budget);
        BaseScaledResidualLayer<?> stack = (BaseScaledResidualLayer<?>) net.getLayer(MeanOdeResNet.STACK);
        long stackBytes = stack.workingMemoryBytes();
        MemoryProbe.Peak peak = probe.stop();
        Footprint fp = Footprint.of(net, stackBytes);
        progress(pw, t0, String.format(Locale.ROOT, "%s %s %s (%s%s): %.3f ms/step, %.2f GFLOP/s (%d it), stack keeps %.2f MiB,"
                        + " peak RSS +%.0f MiB", c.name(), c.sizes(), impl, stack.kernelImplementation(),
                specNet.getCheckpointInterval() > 0 ? ", checkpoint k=" + specNet.getCheckpointInterval() : "",
                1e3 * t.medianSeconds(), t.gflopsMedian(c.flopsPerStep()), t.iterations(), stackBytes / 1048576.0,
                peak.rssRiseMiB()));
        net.clear();
        return new BenchRow(c.name(), c.sizes(), impl, c.flopsPerStep(), t, fp, peak);
    }

    private BenchRow timeLimit(BenchCase c, DataSet ds, TimingBudget budget, PrintWriter pw, long t0) {
        int steps = limitSteps(c);
        MemoryProbe probe = new MemoryProbe();
        Footprint.resetWorkspaces();
        probe.start();
        MeanOdeResNet specNet = limitSpec(c);
        ComputationGraph net = specNet.computationGraph();
        Timing t = StepTimer.measure(() -> net.fit(ds), budget);
        MemoryProbe.Peak peak = probe.stop();
        Footprint fp = Footprint.of(net, -1);
        double flops = specNet.flopsPerStep(c.batch());
        progress(pw, t0, String.format(Locale.ROOT, "%s limit RK4 S=%d P=%d (%d unit evaluations per forward pass, stack %d):"
                        + " %.3f ms/step, %.2f GFLOP/s (%d it), peak RSS +%.0f MiB", c.name(), steps, c.width(),
                specNet.unitEvaluationsPerForward(), (long) c.depth() * c.width(), 1e3 * t.medianSeconds(),
                t.gflopsMedian(flops), t.iterations(), peak.rssRiseMiB()));
        net.clear();
        return new BenchRow(c.name(), limitSizes(c), BenchRow.LIMIT, flops, t, fp, peak);
    }

    private BenchRow timeStock(BenchCase c, DataSet ds, TimingBudget budget, PrintWriter pw, long t0) {
        MeanOdeResNet specNet = spec(c).build();
        ResNetWeights weights = ResNetWeights.readFrom(specNet.computationGraph());
        MemoryProbe probe = new MemoryProbe();
        Footprint.resetWorkspaces();
        probe.start();
        ComputationGraph g = StockResNetGraph.build(IO_DIM, IO_DIM, c.embeddingDim(), c.depth(), c.width(),
                specNet.getAlpha(), 1.0, 1, DataType.FLOAT);
        StockResNetGraph.copyWeights(weights, g);
        Timing ts = StepTimer.measure(() -> g.fit(ds), budget);
        MemoryProbe.Peak peak = probe.stop();
        Footprint fp = Footprint.of(g, -1);
        progress(pw, t0, String.format(Locale.ROOT, "%s %s stock: %.3f ms/step, %.2f GFLOP/s (%d it), peak RSS +%.0f MiB",
                c.name(), c.sizes(), 1e3 * ts.medianSeconds(), ts.gflopsMedian(c.flopsPerStep()), ts.iterations(),
                peak.rssRiseMiB()));
        g.clear();
        return new BenchRow(c.name(), c.sizes(), BenchRow.STOCK, c.flopsPerStep(), ts, fp, peak);
    }

    /** One line per finished measurement, with the elapsed time and an estimate of the time left. */
    private void progress(PrintWriter pw, long t0, String line) {
        if (log == null) {
            pw.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, line);
            pw.flush();
        } else {
            log.accept(line);
        }
    }
}
