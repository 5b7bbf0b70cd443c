package org.meanode.examples;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A log axis (jfreechart) with ticks at 1, 2 and 5 times the powers of ten, labelled in plain
 * decimals (scientific below 10⁻⁴ or above 10⁵); over more than four decades only the powers of
 * ten are ticked. Works as a vertical or a horizontal axis.
 */
public final class OneTwoFiveLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    /** @param label the axis label */
    public OneTwoFiveLogAxis(String label) {
        super(label);
    }

    @Override
    protected List<NumberTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        return ticks(edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT, TextAnchor.CENTER);
    }

    @Override
    protected List<NumberTick> refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        return ticks(edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER, TextAnchor.CENTER);
    }

    private List<NumberTick> ticks(TextAnchor anchor, TextAnchor rotation) {
        List<NumberTick> ticks = new ArrayList<>();
        double lower = getLowerBound();
        double upper = getUpperBound();
        int e0 = (int) Math.floor(Math.log10(lower));
        int e1 = (int) Math.ceil(Math.log10(upper));
        int[] mantissas = e1 - e0 > 4 ? new int[] {1} : new int[] {1, 2, 5};
        DecimalFormat plain = new DecimalFormat("0.####");
        DecimalFormat sci = new DecimalFormat("0E0");
        for (int e = e0; e <= e1; e++) {
            for (int m : mantissas) {
                double v = m * Math.pow(10, e);
                if (v >= lower && v <= upper) {
                    String label = v < 1e-4 || v >= 1e5 ? sci.format(v) : plain.format(v);
                    ticks.add(new NumberTick(TickType.MAJOR, v, label, anchor, rotation, 0.0));
                }
            }
        }
        return ticks;
    }
}
