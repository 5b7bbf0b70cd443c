package org.meanode.examples.rates;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.Provenance;
import org.meanode.examples.demo.LogLogFit;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.predict.DistancePredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode rates}: the paper's convergence-rate (tightness) experiments at CPU scale. RMS
 * distance of finite 2LP ResNets to their Neural Mean ODE limit after K GD steps, (a) vs M at
 * fixed L and D, (b) vs L at fixed M and D, (c) vs D at fixed L and M, (d) vs P = L·M·D along a
 * diagonal; fitted slopes, the bound c₁/L + c₂·√D/√(L·M) fitted by non-negative least squares
 * ({@link DistancePredictor}), CSV, PNG and provenance under {@code meanode-output/rates/}.
 */
@Command(name = "rates", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Distance of finite α/(L·M)-scaled ResNets to their Neural Mean ODE limit after K GD steps:",
            "(a) vs M, (b) vs L, (c) vs D, (d) vs P = L·M·D, with fitted slopes and the bound O(1/L + √D/√(L·M)).",
            "Task: d_in = d_out = 5, N = 10, η = 1, complete regime (α = 1, σ = √D, tanh), float64."})
public final class RatesCommand implements Callable<Integer> {
    /** Default P of the reduced reference. */
    static final int REDUCED_NODES = 16384;
    /** Default P of the reduced reference with --quick. */
    static final int REDUCED_QUICK_NODES = 1024;
    /** Default P of the full-space reference ({@code --ref-space full}). */
    static final int FULL_NODES = 16384;
    /** Default P of the full-space reference with --quick. */
    static final int FULL_QUICK_NODES = 1024;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "rates");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--sweeps", split = ",", paramLabel = "a|b|c|d", description = "sweeps to run (default: a,b,c,d)")
    private List<String> sweeps = List.of("a", "b", "c", "d");

    @Option(names = "--seeds", description = "independently initialised networks per size, ≥ 2 (default: ${DEFAULT-VALUE})")
    private int seeds = 4;

    @Option(names = "--steps", description = "full-batch GD steps K (default: ${DEFAULT-VALUE})")
    private int steps = 15;

    @Option(names = "--learning-rate", description = "base learning rate η (default: ${DEFAULT-VALUE})")
    private double learningRate = 1.0;

    @Option(names = "--alpha", description = "residual scale α (default: ${DEFAULT-VALUE}, the complete regime)")
    private double alpha = 1.0;

    @Option(names = "--quick", description = "3 small sizes per sweep and a cheap reference, for smoke runs")
    private boolean quick;

    @Option(names = "--dim", description = "D of sweeps (a) and (b) (default: 20)")
    private Integer dim;

    @Option(names = "--a-depth", description = "L of sweep (a) (default: 2)")
    private Integer aDepth;

    @Option(names = "--a-widths", split = ",", paramLabel = "M", description = "M of sweep (a) (default: 1,4,16,…,4096)")
    private List<Integer> aWidths;

    @Option(names = "--b-width", description = "M of sweep (b) (default: 256)")
    private Integer bWidth;

    @Option(names = "--b-depths", split = ",", paramLabel = "L", description = "L of sweep (b) (default: 1,2,4,…,32)")
    private List<Integer> bDepths;

    @Option(names = "--c-depth", description = "L of sweep (c) (default: 16)")
    private Integer cDepth;

    @Option(names = "--c-width", description = "M of sweep (c) (default: 16)")
    private Integer cWidth;

    @Option(names = "--c-dims", split = ",", paramLabel = "D", description = "D of sweep (c) (default: 5,10,20,40)")
    private List<Integer> cDims;

    @Option(names = "--d-sizes", split = ",", paramLabel = "LxMxD",
            description = "sizes of sweep (d) (default: 2x2x5,4x4x10,8x8x20,16x16x40)")
    private List<String> dSizes;

    @Option(names = "--ref-solver", description = "solver of the limit reference: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    private OdeSolver refSolver = OdeSolver.RK4;

    @Option(names = "--ref-steps", description = "solver steps S of the limit reference over s ∈ [0, 1] (default: ${DEFAULT-VALUE})")
    private int refSteps = 2;

    @Option(names = "--ref-nodes", description = "quadrature nodes P of the limit reference (default: reduced "
            + RatesCommand.REDUCED_NODES + ", full " + RatesCommand.FULL_NODES + "; quick: reduced " + RatesCommand.REDUCED_QUICK_NODES
            + ", full " + RatesCommand.FULL_QUICK_NODES + ")")
    private Integer refNodes;

    @Option(names = "--ref-scheme", description = "nodes of the limit reference: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    private NodeScheme refScheme = NodeScheme.SOBOL;

    @Option(names = "--ref-space", paramLabel = "reduced|full", description = "where the limit reference is computed:"
            + " reduced (ReducedLimit, nodes in the k-dimensional span of W_E and W_U: the same limit, a node costs k/D;"
            + " docs/reduced-limit.md) or full (MeanOdeLayer, nodes in R^D). Default: reduced, falling back to full (with"
            + " the full default P, or --ref-nodes) with a message where it gains nothing (k ≥ D); an explicit 'reduced'"
            + " is computed in the span everywhere")
    private String refSpace;

    @Option(names = "--ref-replicates", description = "independent replicates of the reference per D, ≥ 2 (default: ${DEFAULT-VALUE})")
    private int refReplicates = 2;

    @Option(names = "--data-seed", description = "seed of X, Y, W_E, W_U (default: ${DEFAULT-VALUE})")
    private long dataSeed = 2509L;

    @Option(names = "--network-seed", description = "base seed of the residual weights (default: ${DEFAULT-VALUE})")
    private long networkSeed = 10167L;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        RatesSettings s = settings();
        OutputDirectory.prepare(out, overwrite, "rates", RatesReport.SIZES_CSV, RatesReport.NETWORKS_CSV, RatesPlot.COMBINED);
        int nets = s.distinctSizes().size() * s.seeds();
        pw.printf(Locale.ROOT, "meanode rates: sweeps %s, %d sizes x %d networks = %d networks, limits at D = %s;"
                + " K = %d, η = %s, α = %s, float64%n", s.sweeps().keySet().stream().map(Sweep::letter).toList(),
                s.distinctSizes().size(), s.seeds(), nets, s.embeddingDims(), s.training().steps(), s.training().learningRate(),
                s.training().alpha());
        pw.println("limit reference: " + s.reference().describe());
        pw.flush();
        Provenance prov = Provenance.forCommand("rates", spec.commandLine().getParseResult().originalArgs());

        RatesResult r = new RatesExperiment(s).run(pw, ProgressBar.consoleIsInteractive());
        DistancePredictor bound = r.bound();
        RatesReport.print(r, bound, pw);
        RatesReport.write(r, bound, out);
        RatesPlot.writePngs(r, bound, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        record(prov, s, r, bound, seconds).write(out);
        pw.println();
        pw.println("wrote " + out.resolve(RatesReport.SIZES_CSV) + ", " + RatesReport.NETWORKS_CSV + ", "
                + RatesReport.REFERENCES_CSV + ", " + RatesReport.PREDICTOR_JSON + ", " + RatesPlot.COMBINED + " and one PNG"
                + " per sweep, " + Provenance.FILE_NAME);
        pw.printf(Locale.ROOT, "done in %.1f s%n", seconds);
        pw.flush();
        return 0;
    }

    /**
     * @return the settings from the options (validated)
     */
    RatesSettings settings() {
        int d = orDefault(dim, 20);
        positive("--dim", d);
        Map<Sweep, List<Size>> map = new EnumMap<>(Sweep.class);
        for (String letter : sweeps) {
            Sweep sw = Sweep.ofLetter(letter);
            List<Size> sizes = new ArrayList<>();
            switch (sw) {
                case WIDTH -> {
                    int l = positive("--a-depth", orDefault(aDepth, 2));
                    for (int m : orDefault(aWidths, quick ? List.of(1, 16, 256) : List.of(1, 4, 16, 64, 256, 1024, 4096))) {
                        sizes.add(new Size(l, positive("--a-widths", m), d));
                    }
                }
                case DEPTH -> {
                    int m = positive("--b-width", orDefault(bWidth, quick ? 16 : 256));
                    for (int l : orDefault(bDepths, quick ? List.of(1, 4, 16) : List.of(1, 2, 4, 8, 16, 32))) {
                        sizes.add(new Size(positive("--b-depths", l), m, d));
                    }
                }
                case DIM -> {
                    int l = positive("--c-depth", orDefault(cDepth, quick ? 4 : 16));
                    int m = positive("--c-width", orDefault(cWidth, quick ? 4 : 16));
                    for (int e : orDefault(cDims, quick ? List.of(5, 10, 20) : List.of(5, 10, 20, 40))) {
                        sizes.add(new Size(l, m, positive("--c-dims", e)));
                    }
                }
                case PARAMS -> {
                    List<String> given = orDefault(dSizes, quick ? List.of("2x2x5", "4x4x10", "8x8x20")
                            : List.of("2x2x5", "4x4x10", "8x8x20", "16x16x40"));
                    for (String g : given) {
                        sizes.add(parseSize(g));
                    }
                }
                default -> throw new IllegalStateException(sw.toString());
            }
            if (map.put(sw, sizes) != null) {
                throw new IllegalArgumentException("--sweeps lists (" + sw.letter() + ") twice: " + sweeps);
            }
        }
        int rs = positive("--ref-steps", refSteps);
        ReferenceSpace space = ReferenceSpace.parse("--ref-space", refSpace);
        boolean full = space == ReferenceSpace.FULL;
        int rn = positive("--ref-nodes", orDefault(refNodes, full ? (quick ? FULL_QUICK_NODES : FULL_NODES)
                : (quick ? REDUCED_QUICK_NODES : REDUCED_NODES)));
        // where the default falls back to the full-space layer (k ≥ D), it uses the full-space default P
        // (or the P the user gave): the reference it always was there
        int fullDefault = quick ? FULL_QUICK_NODES : FULL_NODES;
        LimitReference ref = space.reference(rn, refNodes != null ? rn : fullDefault, rs, refSolver, refScheme, 0);
        return new RatesSettings(5, 5, 10, new TrainingSpec(steps, learningRate, alpha), seeds, map, ref, refReplicates,
                dataSeed, networkSeed);
    }

    static Size parseSize(String text) {
        String[] f = text.trim().toLowerCase(Locale.ROOT).split("x");
        if (f.length != 3) {
            throw new IllegalArgumentException("--d-sizes entry '" + text + "' must read LxMxD, e.g. 8x8x20");
        }
        int[] v = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Integer.parseInt(f[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--d-sizes entry '" + text + "' must read LxMxD with integers, e.g. 8x8x20", e);
            }
            positive("--d-sizes", v[i]);
        }
        return new Size(v[0], v[1], v[2]);
    }

    private static int positive(String option, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " = " + v + " must be ≥ 1");
        }
        return v;
    }

    private static <T> T orDefault(T v, T d) {
        return v != null ? v : d;
    }

    private Provenance record(Provenance p, RatesSettings s, RatesResult r, DistancePredictor bound, double seconds) {
        p.put("outputDirectory", out.toAbsolutePath().toString()).put("quick", quick);
        p.put("model", "MeanOdeResNet, Regime.COMPLETE (sigmaU=sigmaV=sqrt(D)), tanh, Sgd, float64, fused stack,"
                + " frozen embedding/readout shared by all networks and the limit of one D (nested across D)");
        p.put("nIn", s.nIn()).put("nOut", s.nOut()).put("examples", s.examples());
        p.put("steps", s.training().steps()).put("learningRate", s.training().learningRate()).put("alpha", s.training().alpha());
        p.put("networksPerSize", s.seeds()).put("dataSeed", s.dataSeed()).put("networkBaseSeed", s.networkSeed());
        for (Map.Entry<Sweep, List<Size>> e : s.sweeps().entrySet()) {
            p.put("sweep." + e.getKey().letter(), e.getValue().toString());
        }
        p.put("reference", s.reference().describe()).put("referenceReplicates", s.references());
        p.put("referenceQuadratureCheck", s.reference().coarser().describe());
        p.put("referenceDiscretisationCheck", s.reference().coarser().refined().describe());
        for (ReferenceResult ref : r.references().values()) {
            p.put("referenceError.D" + ref.embeddingDim(), ref.error());
            p.put("referenceRandomError.D" + ref.embeddingDim(), ref.errorOfMean());
            p.put("referenceQuadratureCheck.D" + ref.embeddingDim(), ref.quadratureCheck());
            p.put("referenceDiscretisationCheck.D" + ref.embeddingDim(), ref.discretisationCheck());
        }
        for (Sweep sw : s.sweeps().keySet()) {
            LogLogFit f = r.fit(sw);
            p.put("slope." + sw.letter(), f.slope()).put("slopeStdError." + sw.letter(), f.slopeStdError());
        }
        p.put("bound.c1", bound.c1()).put("bound.c2", bound.c2()).put("bound.rSquaredLog", bound.rSquared());
        LogLogFit ss = r.samplingSlope(bound);
        if (ss != null) {
            p.put("samplingDominatedSlope", ss.slope()).put("samplingDominatedSlopeStdError", ss.slopeStdError());
        }
        p.put("wallSeconds", Math.round(seconds * 10) / 10.0);
        return p;
    }
}
