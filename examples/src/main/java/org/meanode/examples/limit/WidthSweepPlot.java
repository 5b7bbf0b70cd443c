package org.meanode.examples.limit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.meanode.examples.OneTwoFiveLogAxis;
import org.meanode.examples.limit.WidthSweepExperiment.Point;
import org.meanode.examples.limit.WidthSweepReport.Cost;

/**
 * The width sweep's figure ({@value #PNG}): one row per D, log-log panels of the RMS error to the
 * reference against flops per training step (left) and against wall time per step (right), one
 * curve each for the finite stacks, the full-space limit and the reduced limit, and a dotted line
 * at the reference's own error (legend in the first row only).
 */
public final class WidthSweepPlot {
    /** The figure's file name. */
    public static final String PNG = "width-sweep.png";
    /** Width of one panel in pixels. */
    public static final int PANEL_WIDTH = 600;
    /** Height of one panel in pixels. */
    public static final int PANEL_HEIGHT = 330;

    private static final int HEADER = 40;
    private static final String[] CURVES = {"stack", "full", "reduced"};
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    private WidthSweepPlot() {
    }

    /**
     * @param pts  the sweep's points
     * @param d    one D of the sweep
     * @param cost {@link Cost#FLOPS} or {@link Cost#WALL} (or CPU)
     * @return that panel
     */
    static JFreeChart panel(List<Point> pts, int d, Cost cost) {
        XYSeriesCollection data = new XYSeriesCollection();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = 0;
        int k = 0;
        for (String prefix : CURVES) {
            List<Point> c = WidthSweepReport.curve(pts, d, prefix);
            XYSeries s = new XYSeries(c.isEmpty() ? prefix : c.get(0).curve(), false);
            for (Point p : c) {
                double x = cost.of(p);
                if (x > 0 && p.rmsError() > 0) {
                    s.add(x, p.rmsError());
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
                k = p.k();
            }
            data.addSeries(s);
        }
        List<Point> ref = WidthSweepReport.curve(pts, d, "reference");
        if (!ref.isEmpty() && maxX > 0) {
            XYSeries r = new XYSeries("reference's own error (estimate)");
            r.add(minX, ref.get(0).rmsError());
            r.add(maxX, ref.get(0).rmsError());
            data.addSeries(r);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Shape[] shapes = {new Rectangle2D.Double(-3.5, -3.5, 7, 7), new Ellipse2D.Double(-3.5, -3.5, 7, 7),
            new Polygon(new int[] {0, 4, -4}, new int[] {-4, 4, 4}, 3)};
        for (int i = 0; i < CURVES.length; i++) {
            renderer.setSeriesPaint(i, COLORS[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesShape(i, shapes[i]); // the same shape per curve in every panel
        }
        renderer.setSeriesShapesVisible(CURVES.length, false);
        renderer.setSeriesPaint(CURVES.length, Color.BLACK);
        renderer.setSeriesStroke(CURVES.length, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {2f, 4f}, 0f));
        String xLabel = switch (cost) {
            case FLOPS -> "flops per training step (residual part)";
            case WALL -> "wall time per training step, s (median)";
            case CPU -> "process CPU time per training step, s";
        };
        OneTwoFiveLogAxis x = new OneTwoFiveLogAxis(xLabel);
        OneTwoFiveLogAxis y = new OneTwoFiveLogAxis("RMS error to the limit after K steps");
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(null, null, plot, true);
        chart.addSubtitle(new TextTitle("D = " + d + ", k = " + k, new Font(Font.SANS_SERIF, Font.BOLD, 13)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Writes all panels tiled in one PNG.
     *
     * @param pts     the sweep's points
     * @param caption the line above the panels (settings)
     * @param file    destination
     * @throws IOException if it cannot be written
     */
    public static void writePng(List<Point> pts, String caption, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<Integer> ds = pts.stream().map(Point::d).distinct().toList();
        BufferedImage img = new BufferedImage(2 * PANEL_WIDTH, HEADER + ds.size() * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(caption, 10, 25);
        for (int row = 0; row < ds.size(); row++) {
            for (int col = 0; col < 2; col++) {
                JFreeChart c = panel(pts, ds.get(row), col == 0 ? Cost.FLOPS : Cost.WALL);
                if (row > 0) {
                    c.removeLegend(); // the first row's legend holds for all
                }
                c.draw(g, new Rectangle2D.Double(col * PANEL_WIDTH, HEADER + row * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
