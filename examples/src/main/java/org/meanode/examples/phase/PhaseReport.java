package org.meanode.examples.phase;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.meanode.examples.demo.LogLogFit;

/** CSV and console summary of the phase sweep, including the large-α slope of the unit movement. */
public final class PhaseReport {
    /** The CSV's file name. */
    public static final String CSV = "phase.csv";
    /** α from which the lazy slope is fitted. */
    public static final double LAZY_FROM = 4.0;

    private PhaseReport() {
    }

    /**
     * Least-squares slope of log(unit movement) against log α over the cells of the α × σ_v sweep
     * at σ_v = √D with α ≥ {@value #LAZY_FROM}: MODEL.md predicts −1 (movement ∝ 1/α, lazy).
     *
     * @param cells all cells
     * @return the fit, or null with fewer than 2 such cells
     */
    public static LogLogFit lazySlope(List<PhaseCell> cells) {
        List<double[]> pts = new ArrayList<>();
        for (PhaseCell c : cells) {
            if (c.sweep().equals("sigma") && c.sigmaRatio() == 1.0 && c.alpha() >= LAZY_FROM && !c.diverged()) {
                pts.add(new double[] {c.alpha(), c.unitMovement()});
            }
        }
        if (pts.size() < 2) {
            return null;
        }
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return LogLogFit.fit(x, y);
    }

    /**
     * @param cells all cells
     * @param out   destination
     */
    public static void print(List<PhaseCell> cells, PrintWriter out) {
        out.println();
        out.println("σ_v = √D, η = base: α, unit movement, V movement, hidden movement, loss L_0 -> L_K");
        for (PhaseCell c : cells) {
            if (c.sweep().equals("sigma") && c.sigmaRatio() == 1.0) {
                out.printf(Locale.ROOT, "  α = %-8s %10.4g %10.4g %10.4g   %.5f -> %s%n", c.alpha(), c.unitMovement(), c.vMovement(),
                        c.hiddenMovement(), c.initialLoss(), c.diverged() ? "diverged" : String.format(Locale.ROOT, "%.5f", c.finalLoss()));
            }
        }
        LogLogFit fit = lazySlope(cells);
        if (fit != null) {
            out.printf(Locale.ROOT, "lazy slope: unit movement ∝ α^%.3f ± %.3f for α ≥ %s (MODEL.md: −1)%n", fit.slope(),
                    fit.slopeStdError(), LAZY_FROM);
        } else {
            out.printf(Locale.ROOT, "lazy slope: not fitted (needs 2 or more values of α ≥ %s at σ_v = √D)%n", LAZY_FROM);
        }
        long diverged = cells.stream().filter(PhaseCell::diverged).count();
        out.printf(Locale.ROOT, "%d cells, %d diverged%n", cells.size(), diverged);
        out.flush();
    }

    /**
     * @param cells all cells
     * @param dir   destination directory
     * @throws IOException if the file cannot be written
     */
    public static void writeCsv(List<PhaseCell> cells, Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("sweep,alpha,sigmaV_over_sqrtD,eta,unit_movement,v_movement,hidden_movement,"
                + "initial_loss,final_loss,diverged\n");
        for (PhaseCell c : cells) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%b%n", c.sweep(), c.alpha(), c.sigmaRatio(), c.eta(),
                    c.unitMovement(), c.vMovement(), c.hiddenMovement(), c.initialLoss(), c.finalLoss(), c.diverged()));
        }
        Files.writeString(dir.resolve(CSV), sb, StandardCharsets.UTF_8);
    }
}
