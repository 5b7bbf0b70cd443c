package org.meanode.examples.rates;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.meanode.examples.demo.LogLogFit;
import org.meanode.predict.DistancePredictor;

/** The rate experiments' console tables and CSV files. */
public final class RatesReport {
    /** Per-size distances, one row per (sweep, size). */
    public static final String SIZES_CSV = "rates.csv";
    /** Per-network distances, with seeds. */
    public static final String NETWORKS_CSV = "networks.csv";
    /** The limit references and their own errors. */
    public static final String REFERENCES_CSV = "references.csv";
    /** The fitted bound as a {@link DistancePredictor} JSON. */
    public static final String PREDICTOR_JSON = "distance-predictor.json";

    private RatesReport() {
    }

    /**
     * Prints the references, one table per sweep with its fitted slope, the bound, the
     * sampling-dominated slope and the equal-L·M comparisons.
     *
     * @param r     the measurements
     * @param bound the fitted bound
     * @param out   destination
     */
    public static void print(RatesResult r, DistancePredictor bound, PrintWriter out) {
        double alpha = r.settings().training().alpha();
        out.println();
        out.println("Limit references (mean of " + r.settings().references() + " independent replicates per D):");
        out.printf(Locale.ROOT, "  %4s  %10s  %10s  %10s  %10s  %10s  %8s  %7s  %s%n", "D", "replicates", "random err",
                "P/4 nodes", "2S steps", "ref. error", "lossK", "seconds", "ref.error/smallest distance");
        Map<Integer, Double> ratios = r.referenceErrorRatios();
        for (ReferenceResult ref : r.references().values()) {
            out.printf(Locale.ROOT, "  %4d  %10.2e  %10.2e  %10.2e  %10.2e  %10.2e  %8.4f  %7.1f  %.3f%n", ref.embeddingDim(),
                    ref.replicateSpread(), ref.errorOfMean(), ref.quadratureCheck(), ref.discretisationCheck(), ref.error(),
                    ref.lossFinal(), ref.replicateSeconds(), ratios.getOrDefault(ref.embeddingDim(), Double.NaN));
        }
        LimitReference lr = r.settings().reference();
        out.println("  reference: " + lr.describe());
        for (ReferenceResult ref : r.references().values()) {
            if (!ref.description().equals(lr.describe())) { // a fallback: print what differs
                String d = ref.description();
                out.println("  at D = " + ref.embeddingDim() + ": " + (d.startsWith(lr.describe() + " [")
                        ? d.substring(lr.describe().length() + 2, d.length() - 1) : d));
            }
        }
        out.println("  seconds: wall time of the replicates (the reference itself; the two checks come on top);");
        out.println("  replicates: RMS pairwise distance of the replicates; random err = that / √(2R), the random error of"
                + " their mean;");
        out.println("  P/4 nodes: distance of " + lr.coarser().describe() + " to the reference (about its own, larger, error);");
        out.println("  2S steps: distance between that and the same with twice the steps (the discretisation error);");
        out.println("  ref. error = √(random err² + 2S-steps²).");

        for (Sweep s : r.settings().sweeps().keySet()) {
            out.println();
            LogLogFit f = r.fit(s);
            out.printf(Locale.ROOT, "(%s) distance vs %s%n", s.letter(), s.axisLabel());
            out.printf(Locale.ROOT, "  %5s %5s %4s %8s %8s  %10s %7s %10s  %10s  %10s  %8s%n", "L", "M", "D", "L·M", "P",
                    "distance", "±s.e.", "corrected", "bound", "mean->lim", "lossK");
            for (SizeResult p : r.sweep(s)) {
                Size z = p.size();
                out.printf(Locale.ROOT, "  %5d %5d %4d %8d %8d  %10.5f %6.1f%% %10.5f  %10.5f  %10.5f  %8.4f%n", z.depth(),
                        z.width(), z.embeddingDim(), z.depthTimesWidth(), z.params(), p.distance(),
                        100 * p.stdError() / p.distance(), r.corrected(p), bound.predict(z.depth(), z.width(), z.embeddingDim(),
                                alpha), p.meanToLimit(), p.lossFinal());
            }
            out.printf(Locale.ROOT, "  log-log slope: %.3f ± %.3f (%d points, R² = %.3f)%n", f.slope(), f.slopeStdError(),
                    f.points(), f.rSquared());
        }

        out.println();
        out.println("distance: RMS over the networks of the RMS distance of each output to the reference; corrected: with the"
                + " reference's random error removed in quadrature; mean->lim: distance of the networks' mean output.");
        out.printf(Locale.ROOT, "Fitted bound (non-negative least squares on relative residuals, %d sizes):%n",
                bound.samples().size());
        out.printf(Locale.ROOT, "  distance ≈ %.4g / L + %.4g · α·√D/√(L·M);  R²(log) = %.3f, RMS relative residual %.1f%%%n",
                bound.c1(), bound.c2(), bound.rSquared(), 100 * bound.rmsRelativeResidual());
        LogLogFit ss = r.samplingSlope(bound);
        List<SizeResult> dom = r.samplingDominated(bound);
        if (ss == null) {
            out.println("  sampling-dominated slope: too few points (" + dom.size() + ")");
        } else {
            out.printf(Locale.ROOT, "  slope vs L·M where sampling dominates (D = %d, sampling term ≥ %.0f× c₁/L, %d sizes):"
                    + " %.3f ± %.3f; predicted −0.5%n", r.baseDim(), RatesResult.SAMPLING_DOMINANCE, ss.points(), ss.slope(),
                    ss.slopeStdError());
        }
        List<EqualProductGroup> groups = r.equalProductGroups();
        if (!groups.isEmpty()) {
            out.println();
            out.println("Equal L·M, different depth (trading width for depth should not raise the distance):");
            for (EqualProductGroup g : groups) {
                String members = g.members().stream()
                        .map(m -> String.format(Locale.ROOT, "L=%d,M=%d %.5f", m.size().depth(), m.size().width(), m.distance()))
                        .collect(Collectors.joining(" | "));
                out.printf(Locale.ROOT, "  D=%d L·M=%-6d %s  -> worst deeper/shallower %.2f%n", g.embeddingDim(),
                        g.depthTimesWidth(), members, g.worstRatio());
            }
        }
    }

    /**
     * Writes {@value #SIZES_CSV}, {@value #NETWORKS_CSV}, {@value #REFERENCES_CSV} and {@value #PREDICTOR_JSON}.
     *
     * @param r     the measurements
     * @param bound the fitted bound
     * @param dir   an existing directory
     * @throws IOException if a file cannot be written
     */
    public static void write(RatesResult r, DistancePredictor bound, Path dir) throws IOException {
        double alpha = r.settings().training().alpha();
        List<String> lines = new ArrayList<>();
        lines.add("sweep,depth,width,embedding_dim,depth_times_width,params,networks,steps,distance,std_error,"
                + "distance_corrected,mean_to_limit,bound,bound_discretisation,bound_sampling,reference_error,loss_init,loss_final,"
                + "seconds");
        for (Sweep s : r.settings().sweeps().keySet()) {
            for (SizeResult p : r.sweep(s)) {
                Size z = p.size();
                lines.add(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%d,%.8g,%.4g,%.8g,%.8g,%.8g,%.6g,%.6g,%.4g,%.8g,%.8g,%.3f",
                        s.letter(), z.depth(), z.width(), z.embeddingDim(), z.depthTimesWidth(), z.params(), r.settings().seeds(),
                        r.settings().training().steps(), p.distance(), p.stdError(), r.corrected(p), p.meanToLimit(),
                        bound.predict(z.depth(), z.width(), z.embeddingDim(), alpha), bound.discretisationTerm(z.depth()),
                        bound.samplingTerm(z.depth(), z.width(), z.embeddingDim(), alpha),
                        r.references().get(z.embeddingDim()).error(), p.lossInit(), p.lossFinal(), p.seconds()));
            }
        }
        Files.write(dir.resolve(SIZES_CSV), lines, StandardCharsets.UTF_8);

        lines.clear();
        lines.add("depth,width,embedding_dim,replicate,network_seed,distance");
        for (SizeResult p : r.sizes().values()) {
            for (int i = 0; i < p.distances().length; i++) {
                lines.add(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.8g", p.size().depth(), p.size().width(),
                        p.size().embeddingDim(), i, r.settings().networkSeed(p.size(), i), p.distances()[i]));
            }
        }
        Files.write(dir.resolve(NETWORKS_CSV), lines, StandardCharsets.UTF_8);

        lines.clear();
        lines.add("embedding_dim,replicates,replicate_spread,random_error,quadrature_check,discretisation_check,error,"
                + "loss_final,replicate_seconds,seconds,description");
        for (ReferenceResult ref : r.references().values()) {
            lines.add(String.format(Locale.ROOT, "%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.8g,%.2f,%.2f,\"%s\"",
                    ref.embeddingDim(),
                    ref.replicates().size(), ref.replicateSpread(), ref.errorOfMean(), ref.quadratureCheck(),
                    ref.discretisationCheck(), ref.error(), ref.lossFinal(), ref.replicateSeconds(), ref.seconds(),
                    ref.description()));
        }
        Files.write(dir.resolve(REFERENCES_CSV), lines, StandardCharsets.UTF_8);
        bound.save(dir.resolve(PREDICTOR_JSON));
    }
}
