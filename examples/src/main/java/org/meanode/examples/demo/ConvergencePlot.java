package org.meanode.examples.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Map;
import org.meanode.examples.OneTwoFiveLogAxis;
import org.meanode.examples.rates.ReferenceSpace;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The demo's figure, on log-log axes against L·M: the spread of the outputs between seeds (filled
 * squares) and each network's distance to the Neural Mean ODE limit (open circles), one colour per
 * depth L; the least-squares line of each; a reference line of slope −1/2 (MODEL.md's sampling
 * term √D/√(L·M)) through the spread's centre; and the limit's own error as a floor. Written as a PNG, {@value #WIDTH}×{@value #HEIGHT}.
 */
public final class ConvergencePlot {
    /** Image width in pixels. */
    public static final int WIDTH = 900;
    /** Image height in pixels. */
    public static final int HEIGHT = 600;

    private static final Color[] DEPTH_COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private ConvergencePlot() {
    }

    /**
     * @param result the measurements
     * @return the chart
     */
    public static JFreeChart chart(ConvergenceResult result) {
        Map<Integer, XYSeries> perDepth = new TreeMap<>();
        Map<Integer, XYSeries> toLimit = new TreeMap<>();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = 0;
        for (ConfigResult c : result.configs()) {
            perDepth.computeIfAbsent(c.depth(), l -> new XYSeries("L = " + l)).add(c.depthTimesWidth(), c.spread());
            toLimit.computeIfAbsent(c.depth(), l -> new XYSeries("L = " + l + " to limit")).add(c.depthTimesWidth(),
                    c.distanceToLimit());
            minX = Math.min(minX, c.depthTimesWidth());
            maxX = Math.max(maxX, c.depthTimesWidth());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        perDepth.values().forEach(data::addSeries);
        toLimit.values().forEach(data::addSeries);

        LogLogFit fit = result.fit();
        XYSeries fitted = new XYSeries(String.format("spread: slope %.3f ± %.3f", fit.slope(), fit.slopeStdError()));
        fitted.add(minX, fit.predict(minX));
        fitted.add(maxX, fit.predict(maxX));
        data.addSeries(fitted);
        LogLogFit lfit = result.limitFit();
        XYSeries limitFitted = new XYSeries(String.format("to limit: slope %.3f ± %.3f", lfit.slope(), lfit.slopeStdError()));
        limitFitted.add(minX, lfit.predict(minX));
        limitFitted.add(maxX, lfit.predict(maxX));
        data.addSeries(limitFitted);
        double centre = Math.sqrt(minX * maxX);
        double atCentre = fit.predict(centre);
        XYSeries reference = new XYSeries("reference: slope −1/2 (√D/√(L·M))");
        reference.add(minX, atCentre * Math.pow(minX / centre, ConvergenceResult.PREDICTED_SLOPE));
        reference.add(maxX, atCentre * Math.pow(maxX / centre, ConvergenceResult.PREDICTED_SLOPE));
        data.addSeries(reference);
        XYSeries floor = new XYSeries("the limit's own error");
        floor.add(minX, result.limitError());
        floor.add(maxX, result.limitError());
        data.addSeries(floor);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        int depths = perDepth.size();
        for (int i = 0; i < depths; i++) {
            Color c = DEPTH_COLORS[i % DEPTH_COLORS.length];
            renderer.setSeriesLinesVisible(i, false);
            renderer.setSeriesShapesVisible(i, true);
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesShape(i, new Rectangle2D.Double(-4, -4, 8, 8));
            int j = depths + i; // the same depth's distance to the limit: open circles, no legend entry
            renderer.setSeriesLinesVisible(j, false);
            renderer.setSeriesShapesVisible(j, true);
            renderer.setSeriesShapesFilled(j, false);
            renderer.setSeriesPaint(j, c);
            renderer.setSeriesShape(j, new Ellipse2D.Double(-5, -5, 10, 10));
            renderer.setSeriesStroke(j, new BasicStroke(1.5f));
            renderer.setSeriesVisibleInLegend(j, false);
        }
        // Rendered in reverse order: the reference first (wide, light), the fits over it, the points on top.
        int f = 2 * depths;
        renderer.setSeriesLinesVisible(f, true);
        renderer.setSeriesShapesVisible(f, false);
        renderer.setSeriesPaint(f, Color.BLACK);
        renderer.setSeriesStroke(f, new BasicStroke(1.5f));
        renderer.setSeriesLinesVisible(f + 1, true);
        renderer.setSeriesShapesVisible(f + 1, false);
        renderer.setSeriesPaint(f + 1, new Color(0x8b0000));
        renderer.setSeriesStroke(f + 1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 4f}, 0f));
        renderer.setSeriesLinesVisible(f + 2, true);
        renderer.setSeriesShapesVisible(f + 2, false);
        renderer.setSeriesPaint(f + 2, new Color(0xbb, 0xbb, 0xbb));
        renderer.setSeriesStroke(f + 2, new BasicStroke(6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {14f, 8f}, 0f));
        renderer.setSeriesLinesVisible(f + 3, true);
        renderer.setSeriesShapesVisible(f + 3, false);
        renderer.setSeriesPaint(f + 3, Color.GRAY);
        renderer.setSeriesStroke(f + 3, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {2f, 3f}, 0f));

        // L·M grids are powers of 2: ticks at powers of 4 (4, 16, 64, …) label every grid value.
        LogAxis xAxis = new LogAxis("L·M (residual blocks × hidden units per block)");
        xAxis.setBase(2);
        xAxis.setTickUnit(new NumberTickUnit(2));
        xAxis.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        LogAxis yAxis = new OneTwoFiveLogAxis("RMS distance of outputs after K steps");
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.REVERSE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        JFreeChart chart = new JFreeChart("Finite ResNets converge to the Neural Mean ODE limit as L·M grows",
                new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        DemoSettings s = result.settings();
        chart.addSubtitle(new TextTitle(String.format(
                "complete regime (α = 1, σ = √D, tanh), D = %d, d_in = %d, d_out = %d, N = %d, K = %d GD steps, η = %s, "
                        + "S = %d networks per (L, M)", s.embeddingDim(), s.nIn(), s.nOut(), s.examples(), s.steps(),
                new DecimalFormat("0.###").format(s.learningRate()), s.seeds()),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.addSubtitle(new TextTitle(String.format("■ spread between independently initialised networks    ○ distance of each"
                + " network to the limit (%s, RK4, S = 2, P = %d Sobol nodes)", s.limitSpace() == ReferenceSpace.FULL
                ? "MeanOdeLayer" : "ReducedLimit", s.limitNodes()),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Writes the chart as a PNG.
     *
     * @param result the measurements
     * @param file   destination
     * @throws IOException if the file cannot be written
     */
    public static void writePng(ConvergenceResult result, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart(result), WIDTH, HEIGHT);
    }
}
