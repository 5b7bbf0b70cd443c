package org.meanode.examples.rates;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.meanode.examples.OneTwoFiveLogAxis;
import org.meanode.examples.demo.LogLogFit;
import org.meanode.predict.DistancePredictor;

/**
 * The rate experiments' figures: one log-log panel per sweep with the measured distances (± one
 * standard error over networks), their least-squares line and fitted slope, the fitted bound
 * c₁/L + c₂·α√D/√(L·M) and its two terms, and the reference's own error as a floor. Written one
 * PNG per sweep ({@value #WIDTH}×{@value #HEIGHT}) and all panels in one image
 * ({@value #COMBINED}).
 */
public final class RatesPlot {
    /** Width of one panel in pixels. */
    public static final int WIDTH = 800;
    /** Height of one panel in pixels. */
    public static final int HEIGHT = 560;
    /** File name of the combined figure. */
    public static final String COMBINED = "rates.png";

    private static final int CURVE_POINTS = 60;

    private RatesPlot() {
    }

    /**
     * @param sweep a sweep that was run
     * @return its PNG file name, {@code rates-<letter>-<stem>.png}
     */
    public static String fileName(Sweep sweep) {
        return "rates-" + sweep.letter() + "-" + sweep.fileStem() + ".png";
    }

    /**
     * @param r     the measurements
     * @param bound the fitted bound
     * @param sweep a sweep that was run
     * @return the chart of that sweep
     */
    public static JFreeChart chart(RatesResult r, DistancePredictor bound, Sweep sweep) {
        List<SizeResult> pts = r.sweep(sweep);
        double alpha = r.settings().training().alpha();
        XYIntervalSeries measured = new XYIntervalSeries("measured (RMS over " + r.settings().seeds() + " networks ± s.e.)");
        double minX = Double.POSITIVE_INFINITY;
        double maxX = 0;
        for (SizeResult p : pts) {
            double x = sweep.x(p.size());
            double lo = Math.max(p.distance() - p.stdError(), p.distance() * 0.05);
            measured.add(x, x, x, p.distance(), lo, p.distance() + p.stdError());
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
        }
        XYIntervalSeriesCollection pointData = new XYIntervalSeriesCollection();
        pointData.addSeries(measured);

        LogLogFit fit = r.fit(sweep);
        XYSeries fitted = new XYSeries(String.format(Locale.ROOT, "least squares: slope %.3f ± %.3f", fit.slope(),
                fit.slopeStdError()));
        fitted.add(minX, fit.predict(minX));
        fitted.add(maxX, fit.predict(maxX));
        XYSeries boundCurve = new XYSeries(String.format(Locale.ROOT, "fitted bound %.3g/L + %.3g·√D/√(L·M)", bound.c1(),
                bound.c2()), false);
        XYSeries disc = new XYSeries("  its 1/L term", false);
        XYSeries samp = new XYSeries("  its √D/√(L·M) term", false);
        for (int i = 0; i < CURVE_POINTS; i++) {
            double t = (double) i / (CURVE_POINTS - 1);
            double[] lmd = interpolate(pts, sweep, t);
            double x = sweepX(sweep, lmd);
            double dTerm = bound.c1() / lmd[0];
            double sTerm = bound.c2() * alpha * Math.sqrt(lmd[2] / (lmd[0] * lmd[1]));
            boundCurve.add(x, dTerm + sTerm);
            disc.add(x, dTerm);
            samp.add(x, sTerm);
        }
        XYSeries floor = new XYSeries("reference's own error", false);
        double refErr = pts.stream().mapToDouble(p -> r.references().get(p.size().embeddingDim()).error()).max()
                .orElse(Double.NaN);
        floor.add(minX, refErr);
        floor.add(maxX, refErr);
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(fitted);
        lines.addSeries(boundCurve);
        lines.addSeries(disc);
        lines.addSeries(samp);
        lines.addSeries(floor);

        XYErrorRenderer pr = new XYErrorRenderer();
        pr.setDrawXError(false);
        pr.setSeriesLinesVisible(0, false);
        pr.setSeriesShapesVisible(0, true);
        pr.setSeriesPaint(0, new Color(0x1f77b4));
        pr.setErrorPaint(new Color(0x1f77b4));
        XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
        lr.setSeriesPaint(0, Color.BLACK);
        lr.setSeriesStroke(0, new BasicStroke(1.5f));
        lr.setSeriesPaint(1, new Color(0xd62728));
        lr.setSeriesStroke(1, new BasicStroke(2.5f));
        float[] dash = {6f, 5f};
        lr.setSeriesPaint(2, new Color(0xff9896));
        lr.setSeriesStroke(2, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        lr.setSeriesPaint(3, new Color(0xe377c2));
        lr.setSeriesStroke(3, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        lr.setSeriesPaint(4, Color.GRAY);
        lr.setSeriesStroke(4, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));

        OneTwoFiveLogAxis xAxis = new OneTwoFiveLogAxis(sweep.axisLabel());
        OneTwoFiveLogAxis yAxis = new OneTwoFiveLogAxis("RMS distance to the limit after K steps");
        XYPlot plot = new XYPlot(pointData, xAxis, yAxis, pr);
        plot.setDataset(1, lines);
        plot.setRenderer(1, lr);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        xAxis.setRange(minX / 1.15, maxX * 1.15);
        double lowY = Double.POSITIVE_INFINITY;
        double highY = 0;
        for (SizeResult p : pts) {
            lowY = Math.min(lowY, p.distance() - p.stdError());
            highY = Math.max(highY, p.distance() + p.stdError());
        }
        lowY = Math.min(Math.max(lowY, highY * 1e-3), Double.isFinite(refErr) && refErr > 0 ? refErr : lowY);
        yAxis.setRange(lowY / 1.5, highY * 1.5);

        JFreeChart chart = new JFreeChart("(" + sweep.letter() + ") distance to the limit vs " + shortName(sweep),
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.addSubtitle(new TextTitle(subtitle(r, sweep), new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String shortName(Sweep s) {
        return switch (s) {
            case WIDTH -> "width M";
            case DEPTH -> "depth L";
            case DIM -> "embedding width D";
            case PARAMS -> "P = L·M·D";
        };
    }

    private static String subtitle(RatesResult r, Sweep sweep) {
        List<SizeResult> pts = r.sweep(sweep);
        Size a = pts.get(0).size();
        String fixed = switch (sweep) {
            case WIDTH -> "L = " + a.depth() + ", D = " + a.embeddingDim();
            case DEPTH -> "M = " + a.width() + ", D = " + a.embeddingDim();
            case DIM -> "L = " + a.depth() + ", M = " + a.width();
            case PARAMS -> "(L, M, D) from " + a + " to " + pts.get(pts.size() - 1).size();
        };
        TrainingSpec t = r.settings().training();
        return String.format(Locale.ROOT, "%s; K = %d GD steps, η = %s, α = %s, tanh, σ = √D, N = %d", fixed, t.steps(),
                new DecimalFormat("0.###").format(t.learningRate()), new DecimalFormat("0.###").format(t.alpha()), r.settings().examples());
    }

    /** Geometric interpolation of (L, M, D) along the sweep's sizes at t ∈ [0, 1] (by index). */
    private static double[] interpolate(List<SizeResult> pts, Sweep sweep, double t) {
        List<Size> sorted = pts.stream().map(SizeResult::size).sorted((p, q) -> Double.compare(sweep.x(p), sweep.x(q)))
                .toList();
        double pos = t * (sorted.size() - 1);
        int i = Math.min((int) Math.floor(pos), sorted.size() - 2);
        double f = pos - i;
        Size p = sorted.get(i);
        Size q = sorted.get(i + 1);
        return new double[] {geo(p.depth(), q.depth(), f), geo(p.width(), q.width(), f),
            geo(p.embeddingDim(), q.embeddingDim(), f)};
    }

    private static double geo(double a, double b, double f) {
        return Math.exp((1 - f) * Math.log(a) + f * Math.log(b));
    }

    private static double sweepX(Sweep s, double[] lmd) {
        return switch (s) {
            case WIDTH -> lmd[1];
            case DEPTH -> lmd[0];
            case DIM -> lmd[2];
            case PARAMS -> lmd[0] * lmd[1] * lmd[2];
        };
    }

    /**
     * Writes one PNG per sweep and the combined figure.
     *
     * @param r     the measurements
     * @param bound the fitted bound
     * @param dir   an existing directory
     * @throws IOException if a file cannot be written
     */
    public static void writePngs(RatesResult r, DistancePredictor bound, Path dir) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<Sweep> sweeps = List.copyOf(r.settings().sweeps().keySet());
        List<JFreeChart> charts = new ArrayList<>();
        for (Sweep s : sweeps) {
            charts.add(chart(r, bound, s));
            ChartUtils.saveChartAsPNG(dir.resolve(fileName(s)).toFile(), charts.get(charts.size() - 1), WIDTH, HEIGHT);
        }
        int cols = sweeps.size() == 1 ? 1 : 2;
        int rows = (sweeps.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * WIDTH, rows * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < sweeps.size(); i++) {
            charts.get(i).draw(g, new Rectangle2D.Double((i % cols) * WIDTH, (i / cols) * HEIGHT, WIDTH, HEIGHT));
        }
        g.dispose();
        ImageIO.write(img, "png", dir.resolve(COMBINED).toFile());
    }
}
