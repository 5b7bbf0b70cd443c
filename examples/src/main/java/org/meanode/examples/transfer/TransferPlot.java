package org.meanode.examples.transfer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.meanode.examples.OneTwoFiveLogAxis;
import org.meanode.examples.transfer.TransferResult.Axis;
import org.meanode.examples.transfer.TransferResult.Best;
import org.meanode.examples.transfer.TransferResult.Run;

/**
 * The transfer figure: one panel per parametrization (rows) and sweep (columns), final training
 * loss against η on log-log axes, one curve per size, a dashed vertical line at each size's best
 * η. Diverged runs are left out of the curves.
 */
public final class TransferPlot {
    /** Width of one panel in pixels. */
    public static final int PANEL_WIDTH = 620;
    /** Height of one panel in pixels. */
    public static final int PANEL_HEIGHT = 420;

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b)};

    private TransferPlot() {
    }

    /**
     * @param r    the result
     * @param p    a case
     * @param axis a sweep
     * @return that panel's chart
     */
    public static JFreeChart panel(TransferResult r, Parametrization p, Axis axis) {
        Map<Integer, XYSeries> bySize = new TreeMap<>();
        for (Run x : r.runs(p, axis)) {
            int size = axis == Axis.DEPTH ? x.depth() : x.width();
            XYSeries s = bySize.computeIfAbsent(size, k -> new XYSeries((axis == Axis.DEPTH ? "L = " : "M = ") + k));
            if (!x.diverged() && x.loss() > 0) {
                s.add(x.eta(), x.loss());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        bySize.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < bySize.size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        LogAxis x = new OneTwoFiveLogAxis("base learning rate η");
        x.setSmallestValue(1e-6);
        LogAxis y = new OneTwoFiveLogAxis("training MSE after K steps");
        y.setSmallestValue(1e-8);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        int i = 0;
        for (int size : bySize.keySet()) {
            for (Best b : r.best()) {
                if (b.parametrization() == p && b.axis() == axis && (axis == Axis.DEPTH ? b.depth() : b.width()) == size) {
                    ValueMarker m = new ValueMarker(b.eta(), COLORS[i % COLORS.length],
                            new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                    plot.addDomainMarker(m);
                }
            }
            i++;
        }
        TransferSettings s = r.settings();
        String title = String.format(Locale.ROOT, "%s — %s (%s); best η moves ×%.1f", p.label(),
                axis == Axis.DEPTH ? "depth sweep" : "width sweep",
                axis == Axis.DEPTH ? "M = " + s.baseWidth() : "L = " + s.baseDepth(), r.shiftFactor(p, axis));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Writes all panels tiled in one PNG (rows: cases, columns: depth then width sweep).
     *
     * @param r    the result
     * @param file destination
     * @throws IOException if the file cannot be written
     */
    public static void writePng(TransferResult r, Path file) throws IOException {
        List<Parametrization> cases = r.settings().cases();
        int header = 36;
        BufferedImage img = new BufferedImage(2 * PANEL_WIDTH, header + cases.size() * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        TransferSettings s = r.settings();
        g.drawString(String.format(Locale.ROOT, "Learning-rate transfer: final loss vs η after K = %d full-batch GD steps"
                + " (D = %d, N = %d; dashed: best η per size)", s.steps(), s.embeddingDim(), s.examples()), 12, 24);
        for (int row = 0; row < cases.size(); row++) {
            for (int col = 0; col < 2; col++) {
                panel(r, cases.get(row), col == 0 ? Axis.DEPTH : Axis.WIDTH).draw(g,
                        new Rectangle2D.Double(col * PANEL_WIDTH, header + row * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
