package org.meanode.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.meanode.examples.Provenance;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.monitor.MovementUpdate;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code meanode bench --listener-overhead}: the cost of {@link FeatureMovementListener} at its
 * default settings (a record every {@value FeatureMovementListener#DEFAULT_FREQUENCY} iterations,
 * probe of {@value FeatureMovementListener#DEFAULT_PROBE_SIZE} examples, InMemoryStatsStorage).
 * Two identical float32 networks (fused stack, ComputationGraph, same seed) run full-batch GD
 * steps alternately, step by step, in blocks of frequency steps each (every block holds exactly
 * one record; bursts of load from other processes hit both networks alike); the overhead is the
 * ratio of their mean step times, and the median of the per-block ratios is reported beside it
 * as the figure least sensitive to such bursts. The listener's own measured time per record gives a second, direct
 * estimate. The mean, not the median, step time is compared: the listener costs only every
 * frequency-th step, which a median would hide. Writes {@value #CSV}.
 */
public final class ListenerOverhead {
    /** File name of the results. */
    public static final String CSV = "listener-overhead.csv";

    private ListenerOverhead() {
    }

    /**
     * @param c                 the network size
     * @param frequency         iterations between records
     * @param probeSize         probe batch
     * @param blocks            blocks measured
     * @param stepsPerBlock     steps per network per block (= frequency)
     * @param msWithout         mean ms per step without the listener
     * @param msWith            mean ms per step with it
     * @param medianBlockRatio  median over blocks of (time with)/(time without)
     * @param listenerMsPerRecord median time the listener reported per record
     */
    public record Result(BenchCase c, int frequency, int probeSize, int blocks, int stepsPerBlock, double msWithout,
                         double msWith, double medianBlockRatio, double listenerMsPerRecord) {
        /** @return mean step time with the listener over without */
        public double ratio() {
            return msWith / msWithout;
        }

        /** @return listener time per record over the time of the frequency steps it covers */
        public double directOverhead() {
            return listenerMsPerRecord / (frequency * msWithout);
        }
    }

    /**
     * @param c          network size
     * @param minSeconds minimum timed seconds per network
     * @param minRounds  minimum number of blocks
     * @param pw         progress output
     * @return the measurement
     */
    public static Result measure(BenchCase c, double minSeconds, int minRounds, PrintWriter pw) {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(BenchCommand.IO_DIM).nOut(BenchCommand.IO_DIM)
                .embeddingDim(c.embeddingDim()).depth(c.depth()).width(c.width()).learningRate(1.0).fused(true)
                .dataType(DataType.FLOAT).seed(1).build();
        DataSet ds = new DataSet(Nd4j.randn(DataType.FLOAT, c.batch(), BenchCommand.IO_DIM),
                Nd4j.randn(DataType.FLOAT, c.batch(), BenchCommand.IO_DIM));
        ComputationGraph plain = spec.computationGraph();
        ComputationGraph watched = spec.computationGraph();
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        FeatureMovementListener listener = FeatureMovementListener.builder(storage).build();
        watched.setListeners(listener);
        int freq = listener.getFrequency();
        for (int k = 0; k < 2 * freq; k++) { // warm-up; the listener takes its baseline here
            plain.fit(ds);
            watched.fit(ds);
        }
        // Blocks of `freq` step pairs: each block holds exactly one record of the listener. Within a
        // block the two networks alternate step by step (order swapped every step), so a burst of
        // load from other processes hits both alike.
        List<Double> ratios = new ArrayList<>();
        double tPlain = 0;
        double tWatched = 0;
        int blocks = 0;
        while (blocks < minRounds || tPlain < minSeconds || tWatched < minSeconds) {
            double a = 0;
            double b = 0;
            for (int k = 0; k < freq; k++) {
                if ((k + blocks) % 2 == 0) {
                    a += time(plain, ds, 1);
                    b += time(watched, ds, 1);
                } else {
                    b += time(watched, ds, 1);
                    a += time(plain, ds, 1);
                }
            }
            tPlain += a;
            tWatched += b;
            ratios.add(b / a);
            blocks++;
            if (blocks % 5 == 0) {
                pw.printf(Locale.ROOT, "  %d blocks: without %.2f ms/step, with %.2f ms/step so far%n", blocks,
                        1e3 * tPlain / (blocks * freq), 1e3 * tWatched / (blocks * freq));
                pw.flush();
            }
        }
        double[] ms = storage.getAllUpdatesAfter(listener.getSessionID(), FeatureMovementListener.TYPE_ID, 0).stream()
                .mapToDouble(p -> ((MovementUpdate) p).getListenerMillis()).sorted().toArray();
        double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int probe = ((org.meanode.monitor.MovementStaticInfo) storage.getAllStaticInfos(listener.getSessionID(),
                FeatureMovementListener.TYPE_ID).get(0)).getProbeSize();
        return new Result(c, freq, probe, blocks, freq, 1e3 * tPlain / (blocks * freq), 1e3 * tWatched / (blocks * freq),
                median(r), median(ms));
    }

    private static double time(ComputationGraph g, DataSet ds, int steps) {
        long t0 = System.nanoTime();
        for (int k = 0; k < steps; k++) {
            g.fit(ds);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /**
     * Runs the measurement for each case, prints it and writes {@value #CSV} and the provenance.
     *
     * @param cases      network sizes
     * @param minSeconds minimum timed seconds per network and case
     * @param minRounds  minimum blocks per case
     * @param out        output directory
     * @param prov       provenance of the command
     * @param pw         output
     * @return the results
     */
    public static List<Result> run(List<BenchCase> cases, double minSeconds, int minRounds, Path out, Provenance prov,
                                   PrintWriter pw) throws IOException {
        Files.createDirectories(out);
        List<Result> results = new ArrayList<>();
        StringBuilder csv = new StringBuilder("case,sizes,frequency,probe,blocks,steps_per_block,ms_per_step_without,"
                + "ms_per_step_with,ratio,median_block_ratio,listener_ms_per_record,direct_overhead\n");
        for (BenchCase c : cases) {
            pw.printf(Locale.ROOT, "listener overhead, %s %s (LxMxDxN), float32, fused stack:%n", c.name(), c.sizes());
            pw.flush();
            Result r = measure(c, minSeconds, minRounds, pw);
            results.add(r);
            pw.printf(Locale.ROOT, "  FeatureMovementListener every %d iterations, probe %d, InMemoryStatsStorage%n",
                    r.frequency(), r.probeSize());
            pw.printf(Locale.ROOT, "  mean step: without %.3f ms, with %.3f ms (%d blocks x %d step pairs)%n",
                    r.msWithout(), r.msWith(), r.blocks(), r.stepsPerBlock());
            pw.printf(Locale.ROOT, "  ratio with/without: %.4f (%+.2f %%); median of per-block ratios %.4f; target < 1.05%n",
                    r.ratio(), 100 * (r.ratio() - 1), r.medianBlockRatio());
            pw.printf(Locale.ROOT, "  listener time per record: %.2f ms (median) = %.2f %% of the %d steps it covers%n",
                    r.listenerMsPerRecord(), 100 * r.directOverhead(), r.frequency());
            pw.flush();
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%.4f,%.4f,%.5f,%.5f,%.4f,%.5f%n", c.name(), c.sizes(),
                    r.frequency(), r.probeSize(), r.blocks(), r.stepsPerBlock(), r.msWithout(), r.msWith(), r.ratio(),
                    r.medianBlockRatio(), r.listenerMsPerRecord(), r.directOverhead()));
        }
        Files.writeString(out.resolve(CSV), csv);
        prov.put("cases", cases.toString()).put("ioDim", BenchCommand.IO_DIM).put("dataType", "FLOAT")
                .put("listenerFrequency", FeatureMovementListener.DEFAULT_FREQUENCY)
                .put("listenerProbeSize", FeatureMovementListener.DEFAULT_PROBE_SIZE)
                .put("minSecondsPerNetwork", minSeconds).put("minRounds", minRounds);
        prov.write(out);
        pw.println("wrote " + out.resolve(CSV) + ", " + Provenance.FILE_NAME);
        pw.flush();
        return results;
    }
}
