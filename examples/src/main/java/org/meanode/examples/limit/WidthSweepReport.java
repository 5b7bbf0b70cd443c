package org.meanode.examples.limit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.meanode.examples.limit.WidthSweepExperiment.Point;

/**
 * The width sweep's ratios and CSV ({@link WidthSweepExperiment}): the cost of a stack (or of the
 * full-space limit) over the cost of the reduced limit at the same error, for flops, wall time
 * and process CPU time per step, reading the reduced curve in log-log at each point's error.
 */
public final class WidthSweepReport {
    /** The CSV's file name. */
    public static final String CSV = "width-sweep.csv";

    private WidthSweepReport() {
    }

    /** The three costs of a point. */
    enum Cost {
        FLOPS(Point::flopsPerStep), WALL(Point::secondsPerStep), CPU(Point::cpuSecondsPerStep);

        private final ToDoubleFunction<Point> of;

        Cost(ToDoubleFunction<Point> of) {
            this.of = of;
        }

        double of(Point p) {
            return of.applyAsDouble(p);
        }
    }

    /**
     * Cost of {@code target}'s curve at the error of each point of {@code from}'s curve, by log-log
     * interpolation between the two points of the target curve whose errors bracket it (or the two
     * nearest, extrapolating, flagged by '*').
     *
     * @return one line per point of {@code from}: its error and the ratios for flops, wall and CPU time
     */
    static List<String> ratios(List<Point> pts, int d, String from, String target) {
        List<Point> f = curve(pts, d, from);
        List<Point> t = curve(pts, d, target);
        List<String> out = new ArrayList<>();
        for (Point p : f) {
            double[] flops = interpolate(t, p.rmsError(), Cost.FLOPS);
            double[] wall = interpolate(t, p.rmsError(), Cost.WALL);
            double[] cpu = interpolate(t, p.rmsError(), Cost.CPU);
            out.add(String.format(Locale.ROOT, "D=%-3d %-6s C=%-5d error %.3e: flops %.2e vs %.2e%s → ratio %6.1f;"
                            + "  wall %.2e s vs %.2e s → ratio %5.1f;  CPU %.2e s vs %.2e s → ratio %5.1f", d,
                    from.split(" ")[0], p.unitEvaluations(), p.rmsError(), p.flopsPerStep(), flops[0],
                    flops[1] > 0 ? "*" : " ", p.flopsPerStep() / flops[0], p.secondsPerStep(), wall[0],
                    p.secondsPerStep() / wall[0], p.cpuSecondsPerStep(), cpu[0], p.cpuSecondsPerStep() / cpu[0]));
        }
        return out;
    }

    /** @return the points of one D whose curve label starts with {@code prefix}, in order of cost */
    static List<Point> curve(List<Point> pts, int d, String prefix) {
        return pts.stream().filter(p -> p.d() == d && p.curve().startsWith(prefix)).toList();
    }

    /**
     * @param curve at least two points, in order of cost
     * @param e     an error
     * @param cost  which cost
     * @return {cost at error e, 1 if extrapolated else 0}
     */
    static double[] interpolate(List<Point> curve, double e, Cost cost) {
        for (int i = 0; i + 1 < curve.size(); i++) {
            double a = curve.get(i).rmsError();
            double b = curve.get(i + 1).rmsError();
            if ((a - e) * (b - e) <= 0) {
                return new double[] {logInterp(curve.get(i), curve.get(i + 1), e, cost), 0};
            }
        }
        // extrapolate from the end nearest in error
        boolean belowAll = curve.stream().allMatch(p -> p.rmsError() > e);
        int best = belowAll ? curve.size() - 2 : 0;
        return new double[] {logInterp(curve.get(best), curve.get(best + 1), e, cost), 1};
    }

    private static double logInterp(Point a, Point b, double e, Cost cost) {
        double ca = cost.of(a);
        double cb = cost.of(b);
        double t = (Math.log(e) - Math.log(a.rmsError())) / (Math.log(b.rmsError()) - Math.log(a.rmsError()));
        return Math.exp(Math.log(ca) + t * (Math.log(cb) - Math.log(ca)));
    }

    /**
     * Prints the ratios and writes {@value #CSV}.
     *
     * @param pts the points
     * @param pw  where to print
     * @param dir the output directory
     * @throws IOException if the CSV cannot be written
     */
    public static void report(List<Point> pts, PrintWriter pw, Path dir) throws IOException {
        pw.println();
        pw.println("At equal error (the reduced curve interpolated in log-log at each point's error; * = extrapolated):");
        for (int d : pts.stream().map(Point::d).distinct().toList()) {
            ratios(pts, d, "stack", "reduced").forEach(pw::println);
            ratios(pts, d, "full", "reduced").forEach(pw::println);
        }
        List<String> lines = new ArrayList<>();
        lines.add("D,k,N,curve,unit_evaluations,flops_per_step,seconds_per_step,cpu_seconds_per_step,rms_error");
        for (Point p : pts) {
            lines.add(String.format(Locale.ROOT, "%d,%d,%d,%s,%d,%.6e,%.6e,%.6e,%.6e", p.d(), p.k(), p.examples(),
                    p.curve(), p.unitEvaluations(), p.flopsPerStep(), p.secondsPerStep(), p.cpuSecondsPerStep(),
                    p.rmsError()));
        }
        Files.write(dir.resolve(CSV), lines);
        pw.println("wrote " + dir.resolve(CSV));
        pw.flush();
    }
}
