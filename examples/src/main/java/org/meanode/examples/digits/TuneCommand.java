package org.meanode.examples.digits;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meanode.examples.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode tune}: "tune small, train big" on the UCI digits with Arbiter ({@link TuneExperiment}).
 * Prints, per search, its compute (candidate-seconds) and the test accuracy of the large network
 * trained with the η it found; writes {@value #CSV} and {@value Provenance#FILE_NAME}. Run it again
 * with the same {@code --out} to resume an interrupted search.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Tune small, train big: Arbiter searches η on a small network, the large one trains with it.",
            "Defaults: search at L = 4, M = 4 and at L = 64, M = 16 (8 candidates each), plugin and stock DL4J networks;"
                + " the same --out resumes an interrupted run."})
public final class TuneCommand implements Callable<Integer> {
    /** The table's file name. */
    public static final String CSV = "tune.csv";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "tune");

    @Option(names = "--quick", description = "tiny run (seconds): D = 8, L = 2 → 4, 3 candidates, 1 epoch")
    private boolean quick;

    @Option(names = "--points", description = "candidates per search")
    private Integer points;

    @Option(names = "--no-stock-large", negatable = true, description = "also search the stock network at the large size"
            + " (default: yes)")
    private Boolean stockLarge;

    /** @return the test accuracy in percent, or "diverged (k of n)" when no final training converged */
    static String accuracy(TuneExperiment.Line l) {
        if (Double.isNaN(l.testAccuracy())) {
            return l.finalDiverged() > 0 ? "diverged (" + l.finalDiverged() + " of " + l.finalDiverged() + ")" : "-";
        }
        return String.format(Locale.ROOT, "%.2f%%", 100 * l.testAccuracy())
                + (l.finalDiverged() > 0 ? " (" + l.finalDiverged() + " diverged)" : "");
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        TuneSettings b = quick ? TuneSettings.quick() : TuneSettings.standard();
        TuneSettings s = new TuneSettings(b.embeddingDim(), b.smallDepth(), b.smallWidth(), b.largeDepth(), b.largeWidth(),
                points != null ? points : b.points(), b.epochs(), b.batchSize(), b.finalSeeds(), b.pluginEtaMin(),
                b.pluginEtaMax(), b.stockEtaMin(), b.stockEtaMax(), stockLarge != null ? stockLarge : b.stockLarge());
        Files.createDirectories(out);
        pw.printf(Locale.ROOT, "meanode tune: search at L = %d, M = %d, train at L = %d, M = %d; D = %d, %d epochs, batch %d%n",
                s.smallDepth(), s.smallWidth(), s.largeDepth(), s.largeWidth(), s.embeddingDim(), s.epochs(), s.batchSize());
        pw.flush();
        Provenance prov = Provenance.forCommand("tune", spec.commandLine().getParseResult().originalArgs());
        List<TuneExperiment.Line> lines = new TuneExperiment(s).run(out, pw);
        StringBuilder csv = new StringBuilder("search,network,search_L,search_M,candidates,failed,resumed,candidate_seconds,"
                + "best_eta,large_test_accuracy,final_diverged\n");
        pw.printf(Locale.ROOT, "%-13s %7s %6s %6s %10s %10s %13s%n", "search", "size", "cands", "failed", "cand-sec", "best η",
                "large test %");
        for (TuneExperiment.Line l : lines) {
            pw.printf(Locale.ROOT, "%-13s %7s %6d %6d %10.1f %10.4g %13s%n", l.name(), l.searchDepth() + "x" + l.searchWidth(),
                    l.candidates(), l.failed(), l.candidateSeconds(), l.bestEta(), accuracy(l));
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%d,%.2f,%s,%s,%d%n", l.name(), l.stock() ? "stock" : "plugin",
                    l.searchDepth(), l.searchWidth(), l.candidates(), l.failed(), l.resumed(), l.candidateSeconds(), l.bestEta(),
                    l.testAccuracy(), l.finalDiverged()));
            prov.put(l.name() + ".bestEta", l.bestEta()).put(l.name() + ".candidateSeconds", l.candidateSeconds())
                    .put(l.name() + ".largeTestAccuracy", l.testAccuracy());
        }
        TuneExperiment.Line small = lines.get(0);
        TuneExperiment.Line large = lines.get(1);
        pw.printf(Locale.ROOT, "plugin: tune-small vs tune-large: %+.2f percentage points at %.3f of the search compute%n",
                100 * (small.testAccuracy() - large.testAccuracy()), small.candidateSeconds() / large.candidateSeconds());
        pw.printf(Locale.ROOT, "stock tuned small, trained large: %s (plugin tuned small: %s)%n", accuracy(lines.get(2)),
                accuracy(small));
        Files.writeString(out.resolve(CSV), csv);
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.put("settings", s.toString()).put("wallSeconds", Math.round(seconds * 10) / 10.0).write(out);
        pw.printf(Locale.ROOT, "wrote %s, records/, %s; done in %.1f s%n", out.resolve(CSV), Provenance.FILE_NAME, seconds);
        pw.flush();
        return 0;
    }
}
