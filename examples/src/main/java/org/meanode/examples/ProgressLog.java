package org.meanode.examples;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of a long command, one line per finished piece of work, each followed by the time
 * elapsed since the command started and an estimate of the time left:
 * {@code [ 3/12] L=4 M=16 ...   (5s elapsed, ~12s left)}.
 *
 * <p>The estimate extrapolates the elapsed time by the share of the work done. Each expected line
 * carries a weight (its estimated cost, e.g. unit evaluations); lines beyond the expected ones
 * count as weight 0 and show no estimate.
 */
public final class ProgressLog implements Consumer<String> {
    private final PrintWriter out;
    private final double[] weights;
    private final double total;
    private final long start;
    private int lines;
    private double done;

    /**
     * @param out     destination (flushed after each line)
     * @param weights estimated cost of each expected line, in order (each &ge; 0, sum &gt; 0)
     */
    public ProgressLog(PrintWriter out, double... weights) {
        this.out = out;
        this.weights = weights.clone();
        this.total = Arrays.stream(weights).sum();
        if (!(total > 0) || Arrays.stream(weights).anyMatch(w -> !(w >= 0))) {
            throw new IllegalArgumentException("progress weights " + Arrays.toString(weights)
                    + " must be >= 0 with a positive sum");
        }
        this.start = System.nanoTime();
    }

    /**
     * @param out   destination
     * @param lines expected number of lines, all of equal cost (&gt; 0)
     * @return a progress log whose estimate counts lines
     */
    public static ProgressLog ofLines(PrintWriter out, int lines) {
        if (lines <= 0) {
            throw new IllegalArgumentException("expected progress lines = " + lines + " must be > 0");
        }
        double[] w = new double[lines];
        Arrays.fill(w, 1.0);
        return new ProgressLog(out, w);
    }

    /** Prints the line with the elapsed time and, until the last expected line, the time left. */
    @Override
    public void accept(String line) {
        if (lines < weights.length) {
            done += weights[lines];
        }
        lines++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        out.println(line + "   " + suffix(elapsed, done / total));
        out.flush();
    }

    /**
     * @param elapsed  seconds since the start
     * @param fraction share of the work done, in [0, 1]
     * @return "(5s elapsed, ~12s left)", or "(5s elapsed)" when nothing or everything is done
     */
    static String suffix(double elapsed, double fraction) {
        if (fraction <= 0 || fraction >= 1 - 1e-12) {
            return "(" + time(elapsed) + " elapsed)";
        }
        return "(" + time(elapsed) + " elapsed, ~" + time(elapsed * (1 - fraction) / fraction) + " left)";
    }

    /**
     * @param seconds a duration
     * @return "42s", "3m05s" or "1h02m"
     */
    public static String time(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
