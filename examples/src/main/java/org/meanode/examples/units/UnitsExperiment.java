package org.meanode.examples.units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.demo.LogLogFit;
import org.meanode.examples.demo.OutputDistances;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.layers.MeanOdeEmbeddingLayer;
import org.meanode.layers.MeanOdeReadoutLayer;
import org.meanode.monitor.DivergenceGuard;
import org.meanode.network.MeanOdeResNet;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * For each unit function (2LP, 2LP with bias, gated) and each (L, M) of a grid, trains S
 * independently initialised networks of generic blocks for K full-batch GD steps on one shared
 * task (data, W_E, W_U shared; only the units differ) and measures the RMS pairwise distance of
 * their outputs. Theorem 1 of the paper predicts that it shrinks like α/√(L·M) for every
 * Lipschitz unit: the fitted log-log slope against L·M should be near −1/2 for each unit.
 *
 * @param depths       the depths L
 * @param widths       the widths M
 * @param seeds        S, networks per (unit, L, M), at least 2
 * @param steps        K
 * @param embeddingDim D
 */
public record UnitsExperiment(List<Integer> depths, List<Integer> widths, int seeds, int steps, int embeddingDim) {
    /** d_in = d_out. */
    public static final int IO = 5;
    /** N. */
    public static final int EXAMPLES = 10;
    /** η (plain Sgd, the paper's step). */
    public static final double LEARNING_RATE = 1.0;
    /** Seed of the shared task. */
    public static final long DATA_SEED = 2509L;

    /**
     * Validates the grid.
     *
     * @param depths the depths L
     * @param widths the widths M
     * @param seeds S
     * @param steps K
     * @param embeddingDim D
     */
    public UnitsExperiment {
        depths = List.copyOf(depths);
        widths = List.copyOf(widths);
        if (depths.size() * widths.size() < 2) {
            throw new IllegalArgumentException("the grid needs at least 2 (L, M) pairs to fit a slope, got depths " + depths
                    + " and widths " + widths);
        }
        if (seeds < 2) {
            throw new IllegalArgumentException("seeds = " + seeds + ": the spread needs at least 2 networks; pass --seeds 2 or more");
        }
        if (steps < 1 || embeddingDim < 1 || depths.stream().anyMatch(v -> v < 1) || widths.stream().anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException("steps, D, depths and widths must be ≥ 1; got steps " + steps + ", D "
                    + embeddingDim + ", depths " + depths + ", widths " + widths);
        }
    }

    /** @return the units compared, by short name */
    public static Map<String, UnitFunction> units() {
        Map<String, UnitFunction> m = new LinkedHashMap<>();
        m.put("2lp", new TwoLayerUnit());
        m.put("bias", new TwoLayerBiasUnit());
        m.put("gated", new GatedUnit());
        return m;
    }

    /**
     * One (unit, L, M) cell.
     *
     * @param unit     the unit's short name
     * @param depth    L
     * @param width    M
     * @param spread   RMS pairwise distance of the S networks' outputs after K steps
     * @param lossInit mean loss at initialisation
     * @param lossFinal mean loss after K steps
     */
    public record Cell(String unit, int depth, int width, double spread, double lossInit, double lossFinal) {
        /** @return L·M */
        public long depthTimesWidth() {
            return (long) depth * width;
        }
    }

    /**
     * Runs every cell.
     *
     * @param progress receives one line per finished cell
     * @return the cells, unit outer, L, then M inner
     */
    public List<Cell> run(Consumer<String> progress) {
        SyntheticTask task = SyntheticTask.generate(IO, IO, embeddingDim, EXAMPLES, DATA_SEED);
        DataSet ds = task.dataSet();
        List<Cell> out = new ArrayList<>();
        int total = units().size() * depths.size() * widths.size();
        for (var u : units().entrySet()) {
            for (int depth : depths) {
                for (int width : widths) {
                    List<double[]> outputs = new ArrayList<>();
                    double loss0 = 0;
                    double lossK = 0;
                    for (int r = 0; r < seeds; r++) {
                        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(IO).nOut(IO).embeddingDim(embeddingDim)
                                .depth(depth).width(width).unit(u.getValue()).learningRate(LEARNING_RATE)
                                .dataType(DataType.DOUBLE).seed(1000L * depth + 10L * width + r).build().multiLayerNetwork();
                        share(net, task);
                        net.addListeners(new DivergenceGuard());
                        loss0 += net.score(ds) / seeds;
                        for (int k = 0; k < steps; k++) {
                            net.fit(ds);
                        }
                        lossK += net.score(ds) / seeds;
                        outputs.add(net.output(ds.getFeatures()).dup('c').data().asDouble());
                    }
                    Cell c = new Cell(u.getKey(), depth, width, OutputDistances.spread(outputs), loss0, lossK);
                    out.add(c);
                    progress.accept(String.format(java.util.Locale.ROOT,
                            "[%2d/%d] %-5s L=%3d M=%3d  L·M=%5d  spread %.4f  loss %.3f -> %.3f",
                            out.size(), total, c.unit(), depth, width, c.depthTimesWidth(), c.spread(), loss0, lossK));
                }
            }
        }
        return out;
    }

    /** Writes the shared W_E and W_U into a network. */
    private static void share(MultiLayerNetwork net, SyntheticTask task) {
        for (Layer l : net.getLayers()) {
            if (l instanceof MeanOdeEmbeddingLayer e) {
                e.setEmbeddingMatrix(task.embedding());
            } else if (l instanceof MeanOdeReadoutLayer r) {
                r.setReadoutMatrix(task.readout());
            }
        }
    }

    /**
     * @param cells the cells of one run
     * @param unit  a unit's short name
     * @return the least-squares fit of log spread against log L·M for that unit
     */
    public static LogLogFit fit(List<Cell> cells, String unit) {
        List<Cell> mine = cells.stream().filter(c -> c.unit().equals(unit)).toList();
        return LogLogFit.fit(mine.stream().mapToDouble(Cell::depthTimesWidth).toArray(),
                mine.stream().mapToDouble(Cell::spread).toArray());
    }
}
