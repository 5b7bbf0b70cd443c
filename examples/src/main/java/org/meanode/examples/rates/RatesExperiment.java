package org.meanode.examples.rates;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meanode.examples.demo.OutputDistances;
import org.meanode.examples.demo.SyntheticTask;

/**
 * Runs the rate experiments: for each embedding width D, the limit reference (independent
 * replicates and a coarser check), then S finite networks of every size of that D, each trained
 * K steps on the shared task, and their RMS distances to the reference.
 *
 * <p>Design: data, W_E and W_U are shared by every network and limit of one D
 * ({@link SharedDraws}; nested across D); only the residual weights differ. The reference's
 * random error (measured by its replicates) adds in quadrature to every distance and is reported
 * beside it.
 */
public final class RatesExperiment {
    /** Work of one unit evaluation relative to the fixed per-block cost, for progress weights only. */
    private static final double BLOCK_OVERHEAD_UNITS = 2000;

    private final RatesSettings settings;
    private final SharedDraws draws;

    /** @param settings what to run */
    public RatesExperiment(RatesSettings settings) {
        this.settings = settings;
        int maxDim = settings.embeddingDims().get(settings.embeddingDims().size() - 1);
        this.draws = new SharedDraws(settings.nIn(), settings.nOut(), settings.examples(), maxDim, settings.dataSeed());
    }

    /**
     * @param out       console (progress bar and messages)
     * @param interactive redraw the bar in place
     * @return all measurements
     */
    public RatesResult run(PrintWriter out, boolean interactive) {
        long t0 = System.nanoTime();
        List<Size> sizes = settings.distinctSizes();
        double total = 0;
        for (int d : settings.embeddingDims()) {
            total += referenceWork(d);
        }
        for (Size s : sizes) {
            total += settings.seeds() * netWork(s);
        }
        ProgressBar bar = new ProgressBar(out, total, interactive);
        Map<Integer, ReferenceResult> refs = new LinkedHashMap<>();
        Map<Size, SizeResult> results = new LinkedHashMap<>();
        for (int d : settings.embeddingDims()) {
            SyntheticTask task = draws.task(d);
            ReferenceResult ref = reference(task, bar);
            refs.put(d, ref);
            bar.message(String.format(Locale.ROOT, "limit D=%d: replicates differ by %.2e (RMS): random error of their mean"
                    + " %.2e; P/4 nodes: %.2e away; 2S steps: %.2e away; %.1f s (replicates %.1f s, CPU %.1f s)", d,
                    ref.replicateSpread(), ref.errorOfMean(), ref.quadratureCheck(), ref.discretisationCheck(), ref.seconds(),
                    ref.replicateSeconds(), ref.replicateCpuSeconds()));
            for (Size s : sizes) {
                if (s.embeddingDim() == d) {
                    results.put(s, measure(task, s, ref.output(), bar));
                }
            }
        }
        return new RatesResult(settings, refs, results, (System.nanoTime() - t0) / 1e9);
    }

    private double netWork(Size s) {
        return settings.training().steps() * (double) s.depth() * ((double) s.width() * s.embeddingDim() + BLOCK_OVERHEAD_UNITS);
    }

    private double referenceWork(int d) {
        LimitReference r = settings.reference();
        return settings.references() * work(r, d) + work(r.coarser(), d) + work(r.coarser().refined(), d);
    }

    private double work(LimitReference r, int d) {
        return settings.training().steps() * ((double) r.unitEvaluations() * d + BLOCK_OVERHEAD_UNITS);
    }

    private ReferenceResult reference(SyntheticTask task, ProgressBar bar) {
        int d = task.embeddingDim();
        String fb = settings.reference().fallback(task, settings.training());
        if (fb != null) {
            bar.message(String.format(Locale.ROOT, "limit D=%d: %s", d, fb));
        }
        return ReferenceRun.measure(settings.reference(), task, settings.training(), settings.references(),
                r -> settings.referenceSeed(d, r), (ref, label) -> bar.advance(work(ref, d),
                        String.format(Locale.ROOT, "limit D=%d %s", d, label)));
    }

    private SizeResult measure(SyntheticTask task, Size s, double[] limit, ProgressBar bar) {
        long t0 = System.nanoTime();
        int n = settings.seeds();
        double[] dist = new double[n];
        List<double[]> outs = new ArrayList<>();
        double l0 = 0;
        double lk = 0;
        for (int r = 0; r < n; r++) {
            TrainedOutput o = FiniteResNet.train(task, s.depth(), s.width(), settings.networkSeed(s, r), settings.training());
            dist[r] = OutputDistances.rms(o.output(), limit);
            outs.add(o.output());
            l0 += o.lossInit() / n;
            lk += o.lossFinal() / n;
            bar.advance(netWork(s), String.format(Locale.ROOT, "%-22s net %d/%d", s, r + 1, n));
        }
        return SizeResult.of(s, dist, OutputDistances.rms(OutputDistances.mean(outs), limit), l0, lk,
                (System.nanoTime() - t0) / 1e9);
    }
}
