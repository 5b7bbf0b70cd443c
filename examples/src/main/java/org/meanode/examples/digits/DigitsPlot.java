package org.meanode.examples.digits;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.meanode.examples.OneTwoFiveLogAxis;
import org.meanode.examples.digits.DigitsResult.Cell;
import org.meanode.examples.digits.DigitsResult.Family;
import org.meanode.examples.digits.DigitsResult.Spread;

/**
 * The digits figure, 2 × 3 panels: test accuracy and final training loss against η (plugin,
 * stock; one curve per size, diverged cells left out), the seed spread against L·M with the
 * (L·M)^−1/2 reference, and the best η against L for every network.
 */
public final class DigitsPlot {
    private static final int W = 560;
    private static final int H = 400;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2)};

    private DigitsPlot() {
    }

    private static JFreeChart chart(String title, XYSeriesCollection data, ValueAxis x, ValueAxis y) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    private static JFreeChart versusEta(DigitsResult r, Family f, boolean accuracy) {
        Map<String, XYSeries> bySize = new LinkedHashMap<>();
        for (Cell c : r.cells()) {
            if (c.family() != f) {
                continue;
            }
            XYSeries s = bySize.computeIfAbsent("L=" + c.depth() + " M=" + c.width(), XYSeries::new);
            double v = accuracy ? 100 * c.testAccuracy() : c.trainLoss();
            if (c.diverged() == 0 && Double.isFinite(v) && v > 0) {
                s.add(c.eta(), v);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        bySize.values().forEach(data::addSeries);
        LogAxis x = new OneTwoFiveLogAxis(f == Family.PLUGIN ? "base learning rate η" : "global learning rate η");
        x.setSmallestValue(1e-6);
        ValueAxis y;
        if (accuracy) {
            NumberAxis a = new NumberAxis("test accuracy %");
            a.setAutoRangeIncludesZero(false);
            y = a;
        } else {
            LogAxis l = new OneTwoFiveLogAxis("training loss (cross-entropy)");
            l.setSmallestValue(1e-8);
            y = l;
        }
        return chart(f.label() + (accuracy ? ": test accuracy" : ": training loss"), data, x, y);
    }

    private static JFreeChart spread(DigitsResult r) {
        XYSeries s = new XYSeries("measured");
        XYSeries ref = new XYSeries("∝ (L·M)^−1/2");
        Spread first = r.spreads().isEmpty() ? null : r.spreads().get(0);
        for (Spread x : r.spreads()) {
            double lm = (double) x.depth() * x.width();
            s.add(lm, x.spread());
            ref.add(lm, first.spread() * Math.sqrt((double) first.depth() * first.width() / lm));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(s);
        data.addSeries(ref);
        LogAxis x = new OneTwoFiveLogAxis("L·M");
        LogAxis y = new OneTwoFiveLogAxis("seed spread of test outputs");
        y.setSmallestValue(1e-8);
        return chart(String.format(Locale.ROOT, "plugin seed spread at η = %.3g (slope %.2f)", r.settings().baseEta(),
                r.spreads().size() >= 2 ? r.spreadSlope() : Double.NaN), data, x, y);
    }

    private static JFreeChart bestEta(DigitsResult r) {
        DigitsSettings s = r.settings();
        XYSeriesCollection data = new XYSeriesCollection();
        for (int m : s.widths()) {
            XYSeries x = new XYSeries("plugin M=" + m);
            for (int l : s.depths()) {
                r.best(Family.PLUGIN, l, m).ifPresent(c -> x.add(l, c.eta()));
            }
            data.addSeries(x);
        }
        XYSeries st = new XYSeries("stock M=" + s.stockWidth());
        for (int l : s.stockDepths()) {
            r.best(Family.STOCK, l, s.stockWidth()).ifPresent(c -> st.add(l, c.eta()));
        }
        data.addSeries(st);
        LogAxis x = new OneTwoFiveLogAxis("depth L");
        LogAxis y = new OneTwoFiveLogAxis("best η (lowest training loss)");
        y.setSmallestValue(1e-8);
        return chart("best η against depth", data, x, y);
    }

    /**
     * @param r    the result
     * @param file destination PNG
     * @throws IOException if the file cannot be written
     */
    public static void writePng(DigitsResult r, Path file) throws IOException {
        int header = 36;
        BufferedImage img = new BufferedImage(3 * W, header + 2 * H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        DigitsSettings s = r.settings();
        g.drawString(String.format(Locale.ROOT, "UCI digits (1,797 images 8×8, 20%% test): D = %d, %d epochs of mini-batches"
                + " of %d, mean over seeds", s.embeddingDim(), s.epochs(), s.batchSize()), 12, 24);
        JFreeChart[] panels = {versusEta(r, Family.PLUGIN, true), versusEta(r, Family.STOCK, true), spread(r),
            versusEta(r, Family.PLUGIN, false), versusEta(r, Family.STOCK, false), bestEta(r)};
        for (int i = 0; i < panels.length; i++) {
            panels[i].draw(g, new Rectangle2D.Double((i % 3) * W, header + (i / 3) * H, W, H));
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
