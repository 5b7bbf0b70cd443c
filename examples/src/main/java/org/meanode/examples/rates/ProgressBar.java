package org.meanode.examples.rates;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A console progress bar weighted by estimated cost, with elapsed time and an estimate of the
 * time left. On an interactive console it redraws one line ({@code \r}); otherwise (Maven's
 * output, a file, a test) it prints a new line each time another tenth of the work is done, so
 * logs stay short.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final double total;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private double done;
    private int lastTenth = -1;
    private int lastLength;

    /**
     * @param out         destination
     * @param total       total work (any unit, &gt; 0)
     * @param interactive redraw in place (true on a terminal)
     */
    public ProgressBar(PrintWriter out, double total, boolean interactive) {
        if (!(total > 0)) {
            throw new IllegalArgumentException("total work = " + total + " must be > 0");
        }
        this.out = out;
        this.total = total;
        this.interactive = interactive;
    }

    /** @return true when standard output is a terminal */
    public static boolean consoleIsInteractive() {
        return System.console() != null;
    }

    /**
     * Records finished work and redraws.
     *
     * @param work  the work just finished
     * @param label what was just finished (shown after the bar)
     */
    public void advance(double work, String label) {
        done = Math.min(total, done + work);
        double fraction = done / total;
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = fraction > 0 && fraction < 1 ? " ~" + time(elapsed * (1 - fraction) / fraction) + " left" : "";
        int filled = (int) Math.round(fraction * WIDTH);
        String line = String.format(Locale.ROOT, "[%s%s] %3.0f%% %s%s  %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * fraction, time(elapsed), eta, label);
        if (interactive) {
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastLength = line.length();
            if (done >= total) {
                out.println();
            }
            out.flush();
        } else {
            int tenth = (int) Math.floor(fraction * 10 + 1e-9);
            if (tenth != lastTenth || done >= total) {
                lastTenth = tenth;
                out.println(line);
                out.flush();
            }
        }
    }

    /**
     * Prints a message on its own line without breaking the bar.
     *
     * @param message the text
     */
    public void message(String message) {
        if (interactive && lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
        out.println(message);
        out.flush();
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + "s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
