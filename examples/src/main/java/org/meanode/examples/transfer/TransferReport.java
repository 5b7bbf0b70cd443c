package org.meanode.examples.transfer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.meanode.examples.transfer.TransferResult.Axis;
import org.meanode.examples.transfer.TransferResult.Best;
import org.meanode.examples.transfer.TransferResult.Run;

/** Console summary and CSV files of the transfer sweep. */
public final class TransferReport {
    /** Every run. */
    public static final String RUNS_CSV = "transfer-runs.csv";
    /** The best η of every size. */
    public static final String BEST_CSV = "transfer-best.csv";

    private TransferReport() {
    }

    /**
     * Prints the best η per size and the shift factors.
     *
     * @param r   the result
     * @param out destination
     */
    public static void print(TransferResult r, PrintWriter out) {
        out.println();
        out.println("best η per size (parabola vertex around the grid minimum; * = at the end of the grid)");
        for (Best b : r.best()) {
            out.printf(Locale.ROOT, "  %-10s %-5s L=%-4d M=%-3d  η* = %-10.4g%s loss %.5f%n", b.parametrization().id(),
                    b.axis().name().toLowerCase(Locale.ROOT), b.depth(), b.width(), b.eta(), b.atEdge() ? "*" : " ", b.loss());
        }
        out.println();
        out.println("shift of the best η across sizes: max(η*)/min(η*)");
        out.printf(Locale.ROOT, "  %-10s %-24s %10s %10s %10s%n", "case", "", "depth", "width", "all");
        for (Parametrization p : r.settings().cases()) {
            out.printf(Locale.ROOT, "  %-10s %-24s %10.2f %10.2f %10.2f%s%n", p.id(), p.label(), r.shiftFactor(p, Axis.DEPTH),
                    r.shiftFactor(p, Axis.WIDTH), r.shiftFactor(p, null), r.anyAtEdge(p) ? "  (a best η at a grid end: a bound)" : "");
        }
        out.flush();
    }

    /**
     * Writes {@value #RUNS_CSV} and {@value #BEST_CSV}.
     *
     * @param r   the result
     * @param dir destination directory
     * @throws IOException if a file cannot be written
     */
    public static void writeCsv(TransferResult r, Path dir) throws IOException {
        StringBuilder runs = new StringBuilder("case,axis,depth,width,eta,final_loss,diverged\n");
        for (Run x : r.runs()) {
            runs.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%s,%b%n", x.parametrization().id(),
                    x.axis().name().toLowerCase(Locale.ROOT), x.depth(), x.width(), x.eta(),
                    x.diverged() ? "inf" : Double.toString(x.loss()), x.diverged()));
        }
        Files.writeString(dir.resolve(RUNS_CSV), runs, StandardCharsets.UTF_8);
        StringBuilder best = new StringBuilder("case,axis,depth,width,best_eta,loss_at_grid_minimum,at_grid_end\n");
        for (Best b : r.best()) {
            best.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%s,%b%n", b.parametrization().id(),
                    b.axis().name().toLowerCase(Locale.ROOT), b.depth(), b.width(), b.eta(), b.loss(), b.atEdge()));
        }
        Files.writeString(dir.resolve(BEST_CSV), best, StandardCharsets.UTF_8);
    }
}
