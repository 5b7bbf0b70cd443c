package org.meanode.examples.phase;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Heatmaps of the phase sweep (jfreechart {@link XYBlockRenderer}): rows are the α × σ_v/√D and
 * α × η sweeps, columns the relative movement of U, of the hidden states, and the loss ratio
 * L_K/L_0, each on a log10 colour scale; diverged cells are grey. The regimes of MODEL.md are
 * marked: α = 1 (complete feature learning), α ≥ 8 (lazy), σ_v = √D, σ_v ≤ √D/2 (semi-complete),
 * σ_v ≥ 2√D (too large: outputs blow up).
 */
public final class PhasePlot {
    /** Width of one panel in pixels. */
    public static final int PANEL_WIDTH = 520;
    /** Height of one panel in pixels. */
    public static final int PANEL_HEIGHT = 440;

    private PhasePlot() {
    }

    private record Quantity(String title, String legend, ToDoubleFunction<PhaseCell> value) {
    }

    private static final List<Quantity> QUANTITIES = List.of(
            new Quantity("unit movement ‖U_K − U_0‖/‖U_0‖", "log10 movement", PhaseCell::unitMovement),
            new Quantity("hidden-state movement (mean over depth)", "log10 movement", PhaseCell::hiddenMovement),
            new Quantity("loss ratio L_K / L_0", "log10 ratio", PhaseCell::lossRatio));

    /**
     * @param cells    all cells
     * @param sweep    "sigma" or "eta"
     * @param q        the quantity's index (0 U movement, 1 hidden movement, 2 loss ratio)
     * @param settings the settings (for the title)
     * @return the heatmap
     */
    public static JFreeChart panel(List<PhaseCell> cells, String sweep, int q, PhaseSettings settings) {
        Quantity quantity = QUANTITIES.get(q);
        boolean sigma = "sigma".equals(sweep);
        List<PhaseCell> own = cells.stream().filter(c -> c.sweep().equals(sweep)).toList();
        double[][] xyz = new double[3][own.size()];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < own.size(); i++) {
            PhaseCell c = own.get(i);
            xyz[0][i] = log2(c.alpha());
            xyz[1][i] = log2(sigma ? c.sigmaRatio() : c.eta());
            double v = quantity.value().applyAsDouble(c);
            xyz[2][i] = v > 0 && Double.isFinite(v) ? Math.log10(v) : Double.NaN;
            if (!Double.isNaN(xyz[2][i])) {
                lo = Math.min(lo, xyz[2][i]);
                hi = Math.max(hi, xyz[2][i]);
            }
        }
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 1 : -1;
            hi = lo + 2;
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(quantity.title(), xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(1);
        renderer.setBlockHeight(1);
        Viridis scale = new Viridis(lo, hi);
        renderer.setPaintScale(scale);
        NumberAxis x = powerAxis("α (residual scale)");
        NumberAxis y = powerAxis(sigma ? "σ_v / √D" : "base learning rate η");
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        marks(plot, sigma);
        JFreeChart chart = new JFreeChart(quantity.title() + (sigma ? ", η = " + fmt(settings.baseEta()) : ", σ_v = √D"),
                new Font(Font.SANS_SERIF, Font.BOLD, 12), plot, false);
        NumberAxis legendAxis = new NumberAxis(quantity.legend());
        legendAxis.setRange(lo, hi);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(12);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void marks(XYPlot plot, boolean sigma) {
        ValueMarker complete = new ValueMarker(0, Color.WHITE, new BasicStroke(2f));
        complete.setLabel("complete (α = 1)");
        complete.setLabelPaint(Color.WHITE);
        complete.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        complete.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(complete, Layer.FOREGROUND);
        IntervalMarker lazy = new IntervalMarker(log2(8) - 0.5, Double.MAX_VALUE, new Color(255, 255, 255, 0),
                new BasicStroke(1f), Color.WHITE, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {5f, 4f}, 0f), 1f);
        lazy.setLabel("lazy (α ≫ 1)");
        lazy.setLabelPaint(Color.WHITE);
        lazy.setLabelAnchor(RectangleAnchor.BOTTOM);
        lazy.setLabelTextAnchor(TextAnchor.BOTTOM_CENTER);
        plot.addDomainMarker(lazy, Layer.FOREGROUND);
        if (sigma) {
            ValueMarker sqrtD = new ValueMarker(0, Color.WHITE, new BasicStroke(2f));
            sqrtD.setLabel("σ_v = √D");
            sqrtD.setLabelPaint(Color.WHITE);
            sqrtD.setLabelAnchor(RectangleAnchor.LEFT);
            sqrtD.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(sqrtD, Layer.FOREGROUND);
            ValueMarker semi = new ValueMarker(-1 + 0.5, new Color(255, 255, 255, 160),
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
            semi.setLabel("semi-complete (σ_v = o(√D)) below");
            semi.setLabelPaint(Color.WHITE);
            semi.setLabelAnchor(RectangleAnchor.LEFT);
            semi.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addRangeMarker(semi, Layer.FOREGROUND);
            ValueMarker large = new ValueMarker(1 - 0.5, new Color(255, 255, 255, 160),
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 3f}, 0f));
            large.setLabel("σ_v ≫ √D: blow-up above");
            large.setLabelPaint(Color.WHITE);
            large.setLabelAnchor(RectangleAnchor.LEFT);
            large.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(large, Layer.FOREGROUND);
        }
    }

    /**
     * Writes the six heatmaps tiled in one PNG.
     *
     * @param cells    all cells
     * @param settings the settings
     * @param file     destination
     * @throws IOException if the file cannot be written
     */
    public static void writePng(List<PhaseCell> cells, PhaseSettings settings, Path file) throws IOException {
        int header = 34;
        BufferedImage img = new BufferedImage(3 * PANEL_WIDTH, header + 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(String.format(Locale.ROOT, "Phase diagram after K = %d full-batch GD steps (D = %d, L = %d, M = %d, N = %d,"
                + " tanh, %s init, rate rule: each unit steps by (η/α)·gradient); grey: diverged", settings.steps(),
                settings.embeddingDim(), settings.depth(), settings.width(), settings.examples(),
                settings.pairedInit() ? "paired" : "i.i.d."), 10, 22);
        String[] sweeps = {"sigma", "eta"};
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 3; col++) {
                panel(cells, sweeps[row], col, settings).draw(g,
                        new Rectangle2D.Double(col * PANEL_WIDTH, header + row * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static NumberAxis powerAxis(String label) {
        NumberAxis a = new NumberAxis(label + " (log scale)");
        a.setTickUnit(new NumberTickUnit(1));
        a.setNumberFormatOverride(new PowerOfTwoFormat());
        a.setAutoRangeIncludesZero(false);
        a.setLowerMargin(0.0);
        a.setUpperMargin(0.0);
        return a;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static String fmt(double v) {
        return new DecimalFormat("0.###").format(v);
    }

    /** Tick labels 2^x written as decimals (axis values are log2 of the quantity). */
    private static final class PowerOfTwoFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(new DecimalFormat("0.###").format(Math.pow(2, number)));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }

    /** A viridis-like colour scale (dark blue → green → yellow); NaN is grey. */
    private static final class Viridis implements PaintScale {
        private static final int[][] STOPS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        private final double lo;
        private final double hi;

        Viridis(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return new Color(170, 170, 170);
            }
            double t = Math.max(0, Math.min(1, (value - lo) / (hi - lo))) * (STOPS.length - 1);
            int i = Math.min((int) t, STOPS.length - 2);
            double f = t - i;
            int[] a = STOPS[i];
            int[] b = STOPS[i + 1];
            return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                    (int) Math.round(a[2] + f * (b[2] - a[2])));
        }
    }
}
