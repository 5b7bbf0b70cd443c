package org.meanode.examples.digits;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meanode.examples.Provenance;
import org.meanode.examples.digits.DigitsResult.Family;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode digits}: classifies the UCI handwritten digits shipped with the library with
 * plugin ResNets at several (L, M) over a grid of base rates η, and with the same ResNets built from
 * stock DL4J layers (standard parametrization, {@link StockResNet}) over a grid of global rates;
 * reports test accuracy, training loss, the best η per size and how far it moves with depth, and the
 * seed spread of the plugin's outputs against L·M. Writes {@value DigitsReport#RUNS_CSV},
 * {@value DigitsReport#BEST_CSV}, {@value DigitsReport#SPREAD_CSV}, {@value #PNG} and
 * {@value Provenance#FILE_NAME}.
 */
@Command(name = "digits", mixinStandardHelpOptions = true,
        description = {"Real data: α/(L·M) ResNet classifiers vs stock DL4J ResNets on the UCI handwritten digits.",
            "Defaults: D = 32, L ∈ {4, 16, 64}, M ∈ {4, 16}, η = 2^-1 … 2^4 (2 seeds); stock L ∈ {4, 16, 64}, M = 16,"
                + " η = 2^-9 … 2^-1 (1 seed); 10 epochs, batch 128."})
public final class DigitsCommand implements Callable<Integer> {
    /** The figure's file name. */
    public static final String PNG = "digits.png";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "digits");

    @Option(names = "--quick", description = "tiny sweep (seconds): D = 8, L ∈ {2, 4}, M = 2, 1 epoch")
    private boolean quick;

    @Option(names = "--epochs", description = "epochs per run")
    private Integer epochs;

    @Option(names = "--seeds", description = "plugin seeds per cell (≥ 2)")
    private Integer seeds;

    @Option(names = "--depths", split = ",", paramLabel = "L", description = "plugin depths")
    private List<Integer> depths;

    @Option(names = "--widths", split = ",", paramLabel = "M", description = "plugin widths")
    private List<Integer> widths;

    @Option(names = "--etas", split = ",", paramLabel = "η", description = "plugin base rates")
    private List<Double> etas;

    @Option(names = "--base-eta", description = "the base η of the seed spread (one of --etas)")
    private Double baseEta;

    @Option(names = "--stock-depths", split = ",", paramLabel = "L", description = "stock depths")
    private List<Integer> stockDepths;

    @Option(names = "--stock-etas", split = ",", paramLabel = "η", description = "stock global rates")
    private List<Double> stockEtas;

    @Option(names = "--stock-seeds", description = "stock seeds per cell")
    private Integer stockSeeds;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        DigitsSettings b = quick ? DigitsSettings.quick() : DigitsSettings.standard();
        List<Double> pe = etas != null ? etas : b.pluginEtas();
        DigitsSettings s = new DigitsSettings(b.embeddingDim(), b.batchSize(), epochs != null ? epochs : b.epochs(),
                seeds != null ? seeds : b.seeds(), b.testFraction(), b.splitSeed(), depths != null ? depths : b.depths(),
                widths != null ? widths : b.widths(), pe, baseEta != null ? baseEta : (pe.contains(b.baseEta()) ? b.baseEta() : pe.get(0)),
                stockDepths != null ? stockDepths : b.stockDepths(), b.stockWidth(),
                stockEtas != null ? stockEtas : b.stockEtas(), stockSeeds != null ? stockSeeds : b.stockSeeds());
        Files.createDirectories(out);
        int runs = s.depths().size() * s.widths().size() * s.pluginEtas().size() * s.seeds()
                + s.stockDepths().size() * s.stockEtas().size() * s.stockSeeds();
        pw.printf(Locale.ROOT, "meanode digits: %d runs on UCI digits (1797 images, %.0f%% test), D = %d, %d epochs, batch %d%n",
                runs, 100 * s.testFraction(), s.embeddingDim(), s.epochs(), s.batchSize());
        pw.flush();
        Provenance prov = Provenance.forCommand("digits", spec.commandLine().getParseResult().originalArgs());
        DigitsResult r = new DigitsExperiment(s).run(pw);
        DigitsReport.print(r, pw);
        DigitsReport.writeCsv(r, out);
        DigitsPlot.writePng(r, out.resolve(PNG));
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.put("outputDirectory", out.toAbsolutePath().toString()).put("settings", s.toString())
                .put("data", "UCI optical digits via Debian python3-sklearn 1.2.1 (vendored, see org/meanode/data/PROVENANCE.md)");
        for (int m : s.widths()) {
            prov.put("shift.plugin.M" + m, r.shiftFactor(Family.PLUGIN, m, s.depths()));
        }
        prov.put("shift.stock", r.shiftFactor(Family.STOCK, s.stockWidth(), s.stockDepths()));
        r.bestPluginAccuracy().ifPresent(c -> prov.put("plugin.bestTestAccuracy", c.testAccuracy()));
        if (r.spreads().size() >= 2) {
            prov.put("spreadSlope", r.spreadSlope());
        }
        prov.put("wallSeconds", Math.round(seconds * 10) / 10.0).write(out);
        pw.printf(Locale.ROOT, "wrote %s, %s, %s, %s, %s; done in %.1f s%n", out.resolve(PNG), DigitsReport.RUNS_CSV,
                DigitsReport.BEST_CSV, DigitsReport.SPREAD_CSV, Provenance.FILE_NAME, seconds);
        pw.flush();
        return 0;
    }
}
