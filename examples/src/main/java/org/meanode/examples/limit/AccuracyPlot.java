package org.meanode.examples.limit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The accuracy figure: RMS error to the reference against unit evaluations per forward pass,
 * log-log, one line per curve, a dashed line of slope −1/2 through the stack's first point
 * (MODEL.md's sampling term), and a dotted line at the reference's own error estimate.
 */
public final class AccuracyPlot {
    /** Image width in pixels. */
    public static final int WIDTH = 900;
    /** Image height in pixels. */
    public static final int HEIGHT = 600;

    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)};

    private AccuracyPlot() {
    }

    /**
     * @param r the result
     * @return the chart
     */
    public static JFreeChart chart(AccuracyResult r) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> labels = r.curveLabels();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = 0;
        for (String label : labels) {
            XYSeries s = new XYSeries(label);
            for (AccuracyPoint p : r.curve(label)) {
                s.add(p.cost(), p.rmsError());
                minX = Math.min(minX, p.cost());
                maxX = Math.max(maxX, p.cost());
            }
            data.addSeries(s);
        }
        AccuracyPoint first = r.curve(labels.get(0)).get(0);
        XYSeries half = new XYSeries("slope −1/2 (√D/√(L·M))");
        half.add(minX, first.rmsError() * Math.sqrt(first.cost() / minX));
        half.add(maxX, first.rmsError() * Math.sqrt(first.cost() / maxX));
        data.addSeries(half);
        XYSeries refLine = new XYSeries("reference's own error (estimate)");
        refLine.add(minX, r.referenceError());
        refLine.add(maxX, r.referenceError());
        data.addSeries(refLine);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < labels.size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        int n = labels.size();
        renderer.setSeriesShapesVisible(n, false);
        renderer.setSeriesPaint(n, Color.GRAY);
        renderer.setSeriesStroke(n, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {10f, 6f}, 0f));
        renderer.setSeriesShapesVisible(n + 1, false);
        renderer.setSeriesPaint(n + 1, Color.BLACK);
        renderer.setSeriesStroke(n + 1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {2f, 4f}, 0f));

        LogAxis x = new LogAxis("unit evaluations per forward pass (L·M for a stack, S·stages·P for the limit layer)");
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(2));
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        LogAxis y = new LogAxis("RMS error of the outputs to the limit after K steps");
        y.setBase(10);
        y.setTickUnit(new NumberTickUnit(1)); // one tick per decade: 0.001, 0.01, 0.1
        y.setNumberFormatOverride(new DecimalFormat("0.######"));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Accuracy per cost: finite ResNets and the limit layer",
                new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        AccuracySettings s = r.settings();
        chart.addSubtitle(new TextTitle(String.format("complete regime, D = %d, d_in = %d, d_out = %d, N = %d, K = %d steps,"
                        + " η = %s, %d draws per point; reference RK4 S = %d, P = %d Sobol",
                s.embeddingDim(), s.nIn(), s.nOut(), s.examples(), s.steps(), new DecimalFormat("0.###").format(s.learningRate()),
                s.seeds(), s.refSteps(), s.refNodes()), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * @param r    the result
     * @param file destination PNG
     * @throws IOException if it cannot be written
     */
    public static void writePng(AccuracyResult r, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart(r), WIDTH, HEIGHT);
    }
}
