package org.meanode.examples.limit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meanode.examples.demo.LogLogFit;

/** Console table and CSV of an {@link AccuracyResult}. */
public final class AccuracyReport {
    /** File name of the per-point CSV. */
    public static final String CSV = "accuracy.csv";

    private AccuracyReport() {
    }

    /**
     * Prints the table: one row per cost, one error column per curve, and the stack-over-limit ratios.
     *
     * @param r  the result
     * @param pw destination
     */
    public static void print(AccuracyResult r, PrintWriter pw) {
        List<String> labels = r.curveLabels();
        pw.println();
        pw.printf(Locale.ROOT, "reference: RK4 S=%d P=%d Sobol, RMS output %.4f, own error ≈ %.2e (sampling %.2e,"
                        + " discretisation %.2e)%n", r.settings().refSteps(), r.settings().refNodes(), r.referenceNorm(),
                r.referenceError(), r.referenceSampling(), r.referenceDiscretisation());
        pw.println("RMS error to the reference after K steps (columns: curves), and stack error / limit error:");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%8s", "cost"));
        for (int i = 0; i < labels.size(); i++) {
            head.append(String.format(Locale.ROOT, "  %12s", "[" + (i + 1) + "]"));
        }
        for (int i = 1; i < labels.size(); i++) {
            head.append(String.format(Locale.ROOT, "  %9s", "[1]/[" + (i + 1) + "]"));
        }
        pw.println(head);
        for (int cost : r.settings().costs()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%8d", cost));
            for (String label : labels) {
                row.append(String.format(Locale.ROOT, "  %12.3e", r.at(label, cost).rmsError()));
            }
            for (int i = 1; i < labels.size(); i++) {
                row.append(String.format(Locale.ROOT, "  %9.2f", r.advantage(labels.get(i), cost)));
            }
            pw.println(row);
        }
        Map<String, LogLogFit> fits = r.fits();
        for (int i = 0; i < labels.size(); i++) {
            LogLogFit f = fits.get(labels.get(i));
            pw.printf(Locale.ROOT, "[%d] %-34s %s%n", i + 1, labels.get(i),
                    f == null ? "" : String.format(Locale.ROOT, "error ∝ cost^%.3f", f.slope()));
        }
        pw.flush();
    }

    /**
     * Writes {@value #CSV}: curve, cost, depth (L or S), width (M or P), rms_error, min_error,
     * max_error, draws, seconds, stack_over_curve; and one row per reference estimate.
     *
     * @param r   the result
     * @param dir output directory
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path writeCsv(AccuracyResult r, Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("curve,cost,depth,width,rms_error,min_error,max_error,draws,seconds,stack_over_curve");
        for (AccuracyPoint p : r.points()) {
            lines.add(String.format(Locale.ROOT, "%s,%d,%d,%d,%.6e,%.6e,%.6e,%d,%.2f,%.4f", p.curve(), p.cost(), p.depth(),
                    p.width(), p.rmsError(), p.minError(), p.maxError(), p.draws(), p.seconds(),
                    r.advantage(p.curve(), p.cost())));
        }
        long refCost = 4L * r.settings().refSteps() * r.settings().refNodes();
        lines.add(String.format(Locale.ROOT, "reference own error (estimate),%d,%d,%d,%.6e,%.6e,%.6e,2,0,", refCost,
                r.settings().refSteps(), r.settings().refNodes(), r.referenceError(), r.referenceSampling(),
                r.referenceDiscretisation()));
        Path file = dir.resolve(CSV);
        Files.write(file, lines);
        return file;
    }
}
