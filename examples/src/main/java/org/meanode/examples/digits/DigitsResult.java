package org.meanode.examples.digits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code digits} command measured: every run, the cells (means over seeds), the best η
 * per size, how far it moves across depths, and the seed spread against L·M.
 *
 * @param settings the settings
 * @param runs     every run
 * @param spreads  the plugin's seed spread per size at the base η
 */
public record DigitsResult(DigitsSettings settings, List<Run> runs, List<Spread> spreads) {

    /** Which network. */
    public enum Family {
        /** MeanOdeResNet: α/(L·M) blocks and the plugin's rate rule. */
        PLUGIN("plugin α/(L·M)"),
        /** {@link StockResNet}: stock DL4J layers, Xavier, one global rate. */
        STOCK("stock DL4J");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        /** @return a display name */
        public String label() {
            return label;
        }
    }

    /**
     * One training run.
     *
     * @param family       which network
     * @param depth        L
     * @param width        M
     * @param eta          η
     * @param seed         network seed
     * @param testAccuracy test accuracy (NaN if diverged)
     * @param trainLoss    final training loss
     * @param seconds      wall time
     * @param diverged     see {@link ClassifierTraining}
     */
    public record Run(Family family, int depth, int width, double eta, long seed, double testAccuracy, double trainLoss,
                      double seconds, boolean diverged) {
    }

    /**
     * Means over the seeds of one (family, L, M, η).
     *
     * @param family       which network
     * @param depth        L
     * @param width        M
     * @param eta          η
     * @param testAccuracy mean test accuracy over the runs that did not diverge (NaN if none)
     * @param trainLoss    mean final training loss (+∞ if any run diverged)
     * @param diverged     number of diverged runs
     * @param runs         number of runs
     */
    public record Cell(Family family, int depth, int width, double eta, double testAccuracy, double trainLoss, int diverged,
                       int runs) {
    }

    /**
     * The seed spread at one size: sqrt of the mean over test examples and classes of the variance
     * between seeds of the softmax output (embedding and readout initialised alike for every seed).
     *
     * @param depth  L
     * @param width  M
     * @param spread the spread
     */
    public record Spread(int depth, int width, double spread) {
    }

    /** @return the cells in run order */
    public List<Cell> cells() {
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(r.family() + "/" + r.depth() + "/" + r.width() + "/" + r.eta(), k -> new ArrayList<>()).add(r);
        }
        List<Cell> out = new ArrayList<>();
        for (List<Run> g : groups.values()) {
            Run f = g.get(0);
            int div = (int) g.stream().filter(Run::diverged).count();
            double acc = g.stream().filter(r -> !r.diverged()).mapToDouble(Run::testAccuracy).average().orElse(Double.NaN);
            double loss = div > 0 ? Double.POSITIVE_INFINITY : g.stream().mapToDouble(Run::trainLoss).average().orElseThrow();
            out.add(new Cell(f.family(), f.depth(), f.width(), f.eta(), acc, loss, div, g.size()));
        }
        return out;
    }

    /**
     * @param family a family
     * @param depth  L
     * @param width  M
     * @return the cell of lowest mean training loss at that size; empty if every η diverged
     */
    public Optional<Cell> best(Family family, int depth, int width) {
        return cells().stream().filter(c -> c.family() == family && c.depth() == depth && c.width() == width)
                .filter(c -> Double.isFinite(c.trainLoss())).min(Comparator.comparingDouble(Cell::trainLoss));
    }

    /**
     * @param family a family
     * @param width  M
     * @param depths the depths compared
     * @return max/min of the best η over these depths; +∞ if every η diverged at one of them
     */
    public double shiftFactor(Family family, int width, List<Integer> depths) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int l : depths) {
            Optional<Cell> b = best(family, l, width);
            if (b.isEmpty()) {
                return Double.POSITIVE_INFINITY;
            }
            lo = Math.min(lo, b.get().eta());
            hi = Math.max(hi, b.get().eta());
        }
        return hi / lo;
    }

    /** @return the plugin cell of highest mean test accuracy */
    public Optional<Cell> bestPluginAccuracy() {
        return cells().stream().filter(c -> c.family() == Family.PLUGIN && c.diverged() == 0)
                .max(Comparator.comparingDouble(Cell::testAccuracy));
    }

    /** @return the least-squares slope of log(spread) against log(L·M) (theory: −1/2) */
    public double spreadSlope() {
        int n = spreads.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Spread s : spreads) {
            double x = Math.log((double) s.depth() * s.width());
            double y = Math.log(s.spread());
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
