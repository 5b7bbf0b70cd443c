package org.meanode.examples.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The demo's console table and CSV files. */
public final class ConvergenceReport {
    /** Per-(L, M) measurements. */
    public static final String CONFIGS_CSV = "convergence.csv";
    /** Per-network measurements, with seeds. */
    public static final String NETWORKS_CSV = "networks.csv";

    private ConvergenceReport() {
    }

    /**
     * Prints the table, the fitted slope and the equal-L·M checks.
     *
     * @param r   the measurements
     * @param out destination
     */
    public static void print(ConvergenceResult r, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "%5s %4s %6s  %9s %7s  %9s  %8s %8s%n", "L", "M", "L·M", "spread", "±s.e.", "to-limit",
                "loss0", "lossK");
        for (ConfigResult c : r.byDepthTimesWidth()) {
            String toLimit = String.format(Locale.ROOT, "%.4f", c.distanceToLimit());
            String se = Double.isNaN(c.logSpreadStdError()) ? "-"
                    : String.format(Locale.ROOT, "%.0f%%", 100 * (Math.exp(c.logSpreadStdError()) - 1));
            out.printf(Locale.ROOT, "%5d %4d %6d  %9.4f %7s  %9s  %8.4f %8.4f%n", c.depth(), c.width(),
                    c.depthTimesWidth(), c.spread(), se, toLimit,
                    c.lossInit(), c.lossFinal());
        }
        out.println("spread: RMS pairwise distance of the outputs of " + r.settings().seeds()
                + " independently initialised networks after " + r.settings().steps() + " steps;");
        out.printf(Locale.ROOT, "to-limit: RMS distance of each network's output to the Neural Mean ODE limit's (%s, trained"
                + " by the same %d steps; its own error %.1e).%n", r.limitDescription(), r.settings().steps(), r.limitError());
        LogLogFit fit = r.fit();
        out.println();
        out.printf(Locale.ROOT, "log-log slope of spread vs L·M: %.3f ± %.3f (least squares, %d points, R² = %.3f);"
                + " predicted %.1f (√D/√(L·M))%n", fit.slope(), fit.slopeStdError(), fit.points(), fit.rSquared(),
                ConvergenceResult.PREDICTED_SLOPE);
        out.printf(Locale.ROOT, "fitted spread ≈ %.3f · (L·M)^%.3f; √D = %.3f%n", fit.prefactor(), fit.slope(),
                Math.sqrt(r.settings().embeddingDim()));
        LogLogFit lf = r.limitFit();
        out.printf(Locale.ROOT, "log-log slope of the distance to the limit vs L·M: %.3f ± %.3f (R² = %.3f); predicted −0.5 where"
                + " the sampling term √D/√(L·M) dominates the 1/L term%n", lf.slope(), lf.slopeStdError(), lf.rSquared());
        double pooled = EqualProductCheck.pooledLogSpreadStdError(r.configs());
        out.printf(Locale.ROOT, "equal L·M, different (L, M): agree when max/min spread ≤ exp(%.0f·√2·s.e.), s.e. = %.0f%%"
                + " (jackknife, pooled); for scale, ×4 in L·M changes the spread ×%.2f%n", EqualProductCheck.Z,
                100 * pooled, Math.pow(4, fit.slope()));
        for (EqualProductCheck chk : checks(r)) {
            String members = chk.configs().stream()
                    .map(c -> String.format(Locale.ROOT, "L=%d,M=%d %.4f", c.depth(), c.width(), c.spread()))
                    .collect(Collectors.joining(" | "));
            String verdict = Double.isNaN(chk.tolerance()) ? "no noise estimate (needs --seeds 3 or more)"
                    : chk.agree() ? "agree" : String.format(Locale.ROOT, "differ by %.0f%%", 100 * (chk.ratio() - 1));
            String tolerance = Double.isNaN(chk.tolerance()) ? "-" : String.format(Locale.ROOT, "%.2f", chk.tolerance());
            out.printf(Locale.ROOT, "  L·M=%-5d %s  -> max/min %.2f (tolerance %s): %s%n", chk.depthTimesWidth(), members,
                    chk.ratio(), tolerance, verdict);
        }
    }

    /**
     * @param r the measurements
     * @return one check per L·M shared by at least two (L, M) pairs
     */
    public static List<EqualProductCheck> checks(ConvergenceResult r) {
        List<EqualProductCheck> out = new ArrayList<>();
        double pooled = EqualProductCheck.pooledLogSpreadStdError(r.configs());
        r.equalProductGroups().values().forEach(g -> out.add(EqualProductCheck.of(g, pooled)));
        return out;
    }

    /**
     * Writes {@value #CONFIGS_CSV} and {@value #NETWORKS_CSV}.
     *
     * @param r   the measurements
     * @param dir an existing directory
     * @throws IOException if a file cannot be written
     */
    public static void writeCsv(ConvergenceResult r, Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("depth,width,depth_times_width,networks,steps,spread,log_spread_std_error,distance_to_limit,"
                + "loss_init,loss_final,seconds");
        for (ConfigResult c : r.configs()) {
            lines.add(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.10g,%.6g,%s,%.10g,%.10g,%.3f", c.depth(), c.width(),
                    c.depthTimesWidth(), r.settings().seeds(), r.settings().steps(), c.spread(), c.logSpreadStdError(),
                    String.format(Locale.ROOT, "%.10g", c.distanceToLimit()),
                    c.lossInit(), c.lossFinal(), c.seconds()));
        }
        Files.write(dir.resolve(CONFIGS_CSV), lines, StandardCharsets.UTF_8);

        lines.clear();
        lines.add("depth,width,replicate,network_seed,loss_init,loss_final,distance_to_limit");
        for (NetworkRun n : r.networks()) {
            lines.add(String.format(Locale.ROOT, "%d,%d,%d,%d,%.10g,%.10g,%.10g", n.depth(), n.width(), n.replicate(),
                    n.seed(), n.lossInit(), n.lossFinal(), OutputDistances.rms(n.output(), r.limit())));
        }
        Files.write(dir.resolve(NETWORKS_CSV), lines, StandardCharsets.UTF_8);
    }
}
