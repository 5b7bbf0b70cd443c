package org.meanode.examples.limit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.meanode.examples.OneTwoFiveLogAxis;
import org.meanode.examples.demo.LogLogFit;

/**
 * Verdicts, table, CSV and PNG of a {@link SpanCheck}. The verdict of one curve (one D, isotropic
 * or control) is read from the log-log slope of the difference against P fitted over its last
 * {@value #TAIL} values of P: a difference that is quadrature noise falls like P^−½, one that
 * measures a gap between two limits stalls (slope near 0). The threshold is halfway,
 * {@value #THRESHOLD}. The plateau is the gap b of a fit d² = b² + c/P (least squares on d² with
 * relative weights), for scale.
 */
public final class SpanCheckReport {
    /** The CSV's file name. */
    public static final String CSV = "span-check.csv";
    /** The plot's file name. */
    public static final String PNG = "span-check.png";
    /** Points of P the verdict's slope is fitted over (the largest ones). */
    public static final int TAIL = 3;
    /** Slope above which a difference counts as stalled: halfway between −½ (falls) and 0 (stalls). */
    public static final double THRESHOLD = -0.25;

    /** The verdict of one curve. */
    public record Verdict(int d, boolean control, LogLogFit tail, LogLogFit all, double plateau, double last) {
        /** @return whether the difference falls (slope below the threshold) */
        public boolean falls() {
            return tail.slope() < THRESHOLD;
        }

        /** @return whether this curve behaves as it should: isotropic falls, control stalls */
        public boolean expected() {
            return control != falls();
        }
    }

    private SpanCheckReport() {
    }

    /**
     * @param rows the rows of one run
     * @return one verdict per D and initialisation, isotropic first
     */
    public static List<Verdict> verdicts(List<SpanCheck.Row> rows) {
        List<Verdict> out = new ArrayList<>();
        for (int d : rows.stream().map(SpanCheck.Row::d).distinct().toList()) {
            List<SpanCheck.Row> rs = rows.stream().filter(r -> r.d() == d).toList();
            for (boolean control : new boolean[] {false, true}) {
                double[] p = rs.stream().mapToDouble(SpanCheck.Row::p).toArray();
                double[] y = rs.stream().mapToDouble(r -> control ? r.anisotropic() : r.isotropic()).toArray();
                int from = Math.max(0, p.length - TAIL);
                LogLogFit tail = LogLogFit.fit(java.util.Arrays.copyOfRange(p, from, p.length),
                        java.util.Arrays.copyOfRange(y, from, y.length));
                out.add(new Verdict(d, control, tail, LogLogFit.fit(p, y), plateau(p, y), y[y.length - 1]));
            }
        }
        return out;
    }

    /** b of d² = b² + c/P, b², c ≥ 0, least squares on d² with weights 1/d⁴. */
    static double plateau(double[] p, double[] y) {
        double saa = 0;
        double sab = 0;
        double sbb = 0;
        double sya = 0;
        double syb = 0;
        for (int i = 0; i < p.length; i++) {
            double w = 1 / Math.pow(y[i], 4);
            double a = 1;
            double b = 1 / p[i];
            double t = y[i] * y[i];
            saa += w * a * a;
            sab += w * a * b;
            sbb += w * b * b;
            sya += w * t * a;
            syb += w * t * b;
        }
        double det = saa * sbb - sab * sab;
        double b2 = (sya * sbb - syb * sab) / det;
        double c = (saa * syb - sab * sya) / det;
        if (c < 0) { // no sampling term: the best constant
            b2 = sya / saa;
        } else if (b2 < 0) {
            b2 = 0;
        }
        return Math.sqrt(b2);
    }

    /** @return true when every isotropic difference falls and every control stalls */
    public static boolean passed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(Verdict::expected);
    }

    /**
     * Prints the table, one verdict line per curve and the overall verdict.
     *
     * @param c    the settings
     * @param rows the rows
     * @param out  destination
     */
    public static void print(SpanCheck c, List<SpanCheck.Row> rows, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "RMS difference of the outputs after K = %d steps, full-space limit layer − reduced limit"
                + " (both %s, S = %d, P i.i.d. nodes; RMS over %d draws):%n", c.trainSteps(), c.solver(), c.steps(), c.draws());
        out.printf(Locale.ROOT, "  %5s %3s %7s  %12s  %12s%n", "D", "k", "P", "isotropic", "control");
        for (SpanCheck.Row r : rows) {
            out.printf(Locale.ROOT, "  %5d %3d %7d  %12.3e  %12.3e%n", r.d(), r.k(), r.p(), r.isotropic(), r.anisotropic());
        }
        out.printf(Locale.ROOT, "control: u's with σ_u × %.2f along span(W_E) and × %.2f along the rest of span(W_U)"
                + " (mean variance kept): not isotropic, another limit.%n", c.anisotropy(),
                Math.sqrt(2 - c.anisotropy() * c.anisotropy()));
        List<Verdict> vs = verdicts(rows);
        for (Verdict v : vs) {
            out.printf(Locale.ROOT, "D=%-4d %-9s slope %.2f ± %.2f over the last %d P (%.2f over all), plateau ≈ %.1e,"
                    + " last %.1e: %s -> %s%n", v.d(), v.control() ? "control" : "isotropic", v.tail().slope(),
                    v.tail().slopeStdError(), v.tail().points(), v.all().slope(), v.plateau(), v.last(),
                    v.falls() ? "falls like P^" + String.format(Locale.ROOT, "%.2f", v.tail().slope()) : "stalls",
                    v.control() ? (v.falls() ? "FAIL (the control must stall: the check cannot tell the limits apart)"
                            : "ok (the control is another limit, and the check sees it)")
                            : (v.falls() ? "ok (the same limit)" : "FAIL (the full-space and the reduced limit differ)"));
        }
        out.println(passed(vs) ? "PASS: the full-space and the reduced limit converge to the same outputs (difference ∝ P^−½)"
                + " and the anisotropic control does not"
                : "FAIL: see the lines above (slope threshold " + THRESHOLD + " over the last " + TAIL + " P)");
    }

    /**
     * @param rows the rows
     * @param c    the settings
     * @param dir  output directory
     * @throws IOException if a file cannot be written
     */
    public static void write(SpanCheck c, List<SpanCheck.Row> rows, Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("embedding_dim,subspace_dim,nodes,draws,solver,depth_steps,train_steps,diff_isotropic,diff_anisotropic,"
                + "seconds");
        for (SpanCheck.Row r : rows) {
            lines.add(String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%d,%d,%.6g,%.6g,%.2f", r.d(), r.k(), r.p(), c.draws(),
                    c.solver(), c.steps(), c.trainSteps(), r.isotropic(), r.anisotropic(), r.seconds()));
        }
        Files.write(dir.resolve(CSV), lines, StandardCharsets.UTF_8);
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ChartUtils.saveChartAsPNG(dir.resolve(PNG).toFile(), chart(c, rows), AccuracyPlot.WIDTH, AccuracyPlot.HEIGHT);
    }

    static JFreeChart chart(SpanCheck c, List<SpanCheck.Row> rows) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colors = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x17becf)};
        Color[] controlColors = {new Color(0xd62728), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2)};
        int i = 0;
        int di = 0;
        double minP = c.nodes().get(0);
        double maxP = c.nodes().get(c.nodes().size() - 1);
        double first = Double.NaN;
        for (int d : c.widths()) {
            for (boolean control : new boolean[] {false, true}) {
                XYSeries s = new XYSeries("D = " + d + (control ? ", anisotropic control" : ", isotropic"));
                for (SpanCheck.Row r : rows) {
                    if (r.d() == d) {
                        s.add(r.p(), control ? r.anisotropic() : r.isotropic());
                        if (Double.isNaN(first)) {
                            first = r.isotropic();
                        }
                    }
                }
                data.addSeries(s);
                renderer.setSeriesPaint(i, (control ? controlColors : colors)[di % colors.length]);
                renderer.setSeriesStroke(i, control ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
                i++;
            }
            di++;
        }
        XYSeries half = new XYSeries("slope −1/2");
        half.add(minP, first);
        half.add(maxP, first * Math.sqrt(minP / maxP));
        data.addSeries(half);
        renderer.setSeriesShapesVisible(i, false);
        renderer.setSeriesPaint(i, Color.GRAY);
        renderer.setSeriesStroke(i, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {2f, 4f}, 0f));
        LogAxis x = new LogAxis("P, quadrature nodes of each limit layer");
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(2));
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        LogAxis y = new OneTwoFiveLogAxis("RMS difference of the outputs after K steps, full-space − reduced");
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Same limit? Full-space limit layer against the limit in the span of the data",
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "tanh 2LP, complete regime, d_in = d_out = %d, N = %d,"
                + " K = %d, η = 1, %s S = %d, i.i.d. nodes, %d draws per point; control: σ_u × %.2f / × %.2f on the two"
                + " halves of the span", SpanCheck.DIM_IO, SpanCheck.EXAMPLES, c.trainSteps(), c.solver(), c.steps(),
                c.draws(), c.anisotropy(), Math.sqrt(2 - c.anisotropy() * c.anisotropy())),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
