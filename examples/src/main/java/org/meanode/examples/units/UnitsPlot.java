package org.meanode.examples.units;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
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
import org.meanode.examples.demo.LogLogFit;

/** The figure of {@code meanode units}: spread vs L·M on log-log axes, points and fitted line per unit. */
final class UnitsPlot {
    static final int WIDTH = 900;
    static final int HEIGHT = 600;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};

    private UnitsPlot() {
    }

    static void writePng(List<UnitsExperiment.Cell> cells, UnitsExperiment ex, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        int i = 0;
        for (String u : UnitsExperiment.units().keySet()) {
            XYSeries points = new XYSeries(u + " (measured)");
            cells.stream().filter(c -> c.unit().equals(u)).forEach(c -> points.add(c.depthTimesWidth(), c.spread()));
            LogLogFit f = UnitsExperiment.fit(cells, u);
            XYSeries line = new XYSeries(String.format(Locale.ROOT, "%s: slope %.3f ± %.3f", u, f.slope(), f.slopeStdError()));
            line.add(points.getMinX(), f.predict(points.getMinX()));
            line.add(points.getMaxX(), f.predict(points.getMaxX()));
            Color color = COLORS[i / 2 % COLORS.length];
            data.addSeries(points);
            renderer.setSeriesLinesVisible(i, false);
            renderer.setSeriesPaint(i++, color);
            data.addSeries(line);
            renderer.setSeriesShapesVisible(i, false);
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
            renderer.setSeriesPaint(i++, color);
        }
        LogAxis x = new LogAxis("L·M (residual blocks × units per block)");
        x.setBase(2);
        x.setTickUnit(new NumberTickUnit(2));
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        LogAxis y = new LogAxis("RMS pairwise distance of outputs after K steps");
        y.setTickUnit(new NumberTickUnit(0.1));
        y.setNumberFormatOverride(new DecimalFormat("0.00"));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Generic blocks: outputs agree as L·M grows, for every unit",
                new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT,
                "α = 1, default unit scales, D = %d, d_in = d_out = %d, N = %d, K = %d GD steps, η = 1, S = %d networks per cell;"
                        + " Theorem 1 predicts slope −1/2", ex.embeddingDim(), UnitsExperiment.IO, UnitsExperiment.EXAMPLES,
                ex.steps(), ex.seeds()), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
