package org.meanode.examples.rates;

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
 * A base-10 log axis with ticks at 1, 2 and 5 times the powers of ten (or only at the powers of
 * ten when the range spans more than four decades), labelled in plain numbers.
 */
final class OneTwoFiveLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    OneTwoFiveLogAxis(String label) {
        super(label);
    }

    @Override
    protected List<NumberTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT;
        return ticks(anchor, TextAnchor.CENTER);
    }

    @Override
    protected List<NumberTick> refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        return ticks(anchor, TextAnchor.CENTER);
    }

    private List<NumberTick> ticks(TextAnchor anchor, TextAnchor rotationAnchor) {
        List<NumberTick> ticks = new ArrayList<>();
        double lower = getLowerBound();
        double upper = getUpperBound();
        boolean wide = Math.log10(upper / lower) > 4;
        DecimalFormat fmt = new DecimalFormat("#,##0.######");
        for (int e = (int) Math.floor(Math.log10(lower)); e <= (int) Math.ceil(Math.log10(upper)); e++) {
            for (int m : wide ? new int[] {1} : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, e);
                if (v >= lower && v <= upper) {
                    ticks.add(new NumberTick(TickType.MAJOR, v, fmt.format(v), anchor, rotationAnchor, 0.0));
                }
            }
        }
        return ticks;
    }
}
