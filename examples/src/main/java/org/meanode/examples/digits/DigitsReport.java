package org.meanode.examples.digits;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.meanode.examples.digits.DigitsResult.Cell;
import org.meanode.examples.digits.DigitsResult.Family;
import org.meanode.examples.digits.DigitsResult.Run;
import org.meanode.examples.digits.DigitsResult.Spread;

/** Tables and CSV files of the {@code digits} command. */
public final class DigitsReport {
    /** Every run. */
    public static final String RUNS_CSV = "digits-runs.csv";
    /** Best η per size. */
    public static final String BEST_CSV = "digits-best.csv";
    /** Seed spread per size. */
    public static final String SPREAD_CSV = "digits-spread.csv";

    private DigitsReport() {
    }

    /**
     * Prints the best η per size, the shift factors, the best accuracy and the spread slope.
     *
     * @param r  the result
     * @param pw destination
     */
    public static void print(DigitsResult r, PrintWriter pw) {
        DigitsSettings s = r.settings();
        pw.println("best η per size (lowest mean training loss over seeds):");
        pw.printf(Locale.ROOT, "  %-16s %5s %4s %10s %10s %11s %9s%n", "network", "L", "M", "best η", "train loss", "test acc %",
                "diverged");
        for (Family f : Family.values()) {
            List<Integer> depths = f == Family.PLUGIN ? s.depths() : s.stockDepths();
            List<Integer> widths = f == Family.PLUGIN ? s.widths() : List.of(s.stockWidth());
            for (int m : widths) {
                for (int l : depths) {
                    Optional<Cell> b = r.best(f, l, m);
                    int div = r.cells().stream().filter(c -> c.family() == f && c.depth() == l && c.width() == m)
                            .mapToInt(Cell::diverged).sum();
                    if (b.isPresent()) {
                        pw.printf(Locale.ROOT, "  %-16s %5d %4d %10.4g %10.4f %11.2f %9d%n", f.label(), l, m, b.get().eta(),
                                b.get().trainLoss(), 100 * b.get().testAccuracy(), div);
                    } else {
                        pw.printf(Locale.ROOT, "  %-16s %5d %4d %10s %10s %11s %9d%n", f.label(), l, m, "-", "-", "-", div);
                    }
                }
            }
        }
        for (int m : s.widths()) {
            pw.printf(Locale.ROOT, "plugin (M = %d): best η moves ×%s across L ∈ %s%n", m,
                    factor(r.shiftFactor(Family.PLUGIN, m, s.depths())), s.depths());
        }
        pw.printf(Locale.ROOT, "stock (M = %d): best η moves ×%s across L ∈ %s%n", s.stockWidth(),
                factor(r.shiftFactor(Family.STOCK, s.stockWidth(), s.stockDepths())), s.stockDepths());
        r.bestPluginAccuracy().ifPresent(c -> pw.printf(Locale.ROOT,
                "plugin best test accuracy: %.2f%% (L = %d, M = %d, η = %.4g, mean of %d seeds)%n", 100 * c.testAccuracy(),
                c.depth(), c.width(), c.eta(), c.runs()));
        cells(r, Family.STOCK).stream().filter(c -> c.diverged() == 0 && !Double.isNaN(c.testAccuracy()))
                .max((a, b) -> Double.compare(a.testAccuracy(), b.testAccuracy()))
                .ifPresent(c -> pw.printf(Locale.ROOT, "stock best test accuracy: %.2f%% (L = %d, M = %d, η = %.4g)%n",
                        100 * c.testAccuracy(), c.depth(), c.width(), c.eta()));
        if (r.spreads().size() >= 2) {
            pw.printf(Locale.ROOT, "seed spread of the plugin's test outputs at η = %.4g: slope %.3f against L·M"
                    + " (theory −0.5); per size:", s.baseEta(), r.spreadSlope());
            for (Spread sp : r.spreads()) {
                pw.printf(Locale.ROOT, " L·M=%d: %.4g", sp.depth() * sp.width(), sp.spread());
            }
            pw.println();
        }
        pw.flush();
    }

    static String factor(double f) {
        return Double.isInfinite(f) ? "∞ (every η diverged at some depth)" : String.format(Locale.ROOT, "%.2f", f);
    }

    private static List<Cell> cells(DigitsResult r, Family f) {
        List<Cell> out = new ArrayList<>();
        for (Cell c : r.cells()) {
            if (c.family() == f) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Writes {@value #RUNS_CSV}, {@value #BEST_CSV} and {@value #SPREAD_CSV}.
     *
     * @param r   the result
     * @param dir an existing directory
     * @throws IOException if a file cannot be written
     */
    public static void writeCsv(DigitsResult r, Path dir) throws IOException {
        StringBuilder runs = new StringBuilder("network,L,M,eta,seed,test_accuracy,train_loss,diverged,seconds\n");
        for (Run x : r.runs()) {
            runs.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%s,%s,%b,%.2f%n", x.family(), x.depth(), x.width(), x.eta(),
                    x.seed(), x.testAccuracy(), x.trainLoss(), x.diverged(), x.seconds()));
        }
        Files.writeString(dir.resolve(RUNS_CSV), runs);
        StringBuilder best = new StringBuilder("network,L,M,best_eta,train_loss,test_accuracy\n");
        for (Cell c : r.cells()) {
            if (r.best(c.family(), c.depth(), c.width()).map(b -> b.eta() == c.eta()).orElse(false)) {
                best.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%s%n", c.family(), c.depth(), c.width(), c.eta(),
                        c.trainLoss(), c.testAccuracy()));
            }
        }
        Files.writeString(dir.resolve(BEST_CSV), best);
        StringBuilder sp = new StringBuilder("L,M,LM,spread\n");
        for (Spread x : r.spreads()) {
            sp.append(String.format(Locale.ROOT, "%d,%d,%d,%s%n", x.depth(), x.width(), x.depth() * x.width(), x.spread()));
        }
        Files.writeString(dir.resolve(SPREAD_CSV), sp);
    }
}
