package org.meanode.examples.rates;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.meanode.examples.bench.MemoryProbe;
import org.meanode.examples.demo.OutputDistances;
import org.meanode.examples.demo.SyntheticTask;

/**
 * Computes a limit reference on one task with its own error measured three ways (the recipe
 * shared by {@code rates} and {@code demo}): R independent replicates (their mean is the reference,
 * their disagreement its random error), one replicate with a quarter of the nodes (its distance to
 * the mean: the quadrature error of P/4 nodes) and that one again with twice the solver steps (the
 * discretisation error in depth-time).
 */
public final class ReferenceRun {
    /** Receives each finished sub-run, for progress output. */
    public interface Progress {
        /**
         * @param reference the reference just trained
         * @param label     what it was ("replicate 1/2", "check with P/4 nodes", "check with 2S steps")
         */
        void done(LimitReference reference, String label);
    }

    private ReferenceRun() {
    }

    /**
     * @param base       the reference (its seed is replaced by {@code seeds})
     * @param task       the task
     * @param training   K, η, α
     * @param replicates R ≥ 2
     * @param seeds      seed of replicate r = 0 … R−1, and of the P/4 check at r = R
     * @param progress   called after each of the R + 2 trainings
     * @return the mean output, the replicates and the checks
     */
    public static ReferenceResult measure(LimitReference base, SyntheticTask task, TrainingSpec training, int replicates,
                                          IntToLongFunction seeds, Progress progress) {
        long t0 = System.nanoTime();
        long cpu0 = MemoryProbe.processCpuNanos();
        List<double[]> reps = new ArrayList<>();
        double loss = 0;
        for (int r = 0; r < replicates; r++) {
            TrainedOutput o = base.withSeed(seeds.applyAsLong(r)).train(task, training);
            reps.add(o.output());
            loss += o.lossFinal() / replicates;
            progress.done(base, "replicate " + (r + 1) + "/" + replicates);
        }
        double replicateSeconds = (System.nanoTime() - t0) / 1e9;
        double replicateCpu = (MemoryProbe.processCpuNanos() - cpu0) / 1e9;
        double[] mean = OutputDistances.mean(reps);
        LimitReference coarse = base.coarser().withSeed(seeds.applyAsLong(replicates));
        double[] c = coarse.train(task, training).output();
        progress.done(coarse, "check with P/4 nodes");
        LimitReference refined = coarse.refined();
        double[] c2 = refined.train(task, training).output();
        progress.done(refined, "check with 2S steps");
        String fb = base.fallback(task, training);
        return new ReferenceResult(task.embeddingDim(), mean, reps, OutputDistances.spread(reps),
                OutputDistances.rms(c, mean), OutputDistances.rms(c2, c), fb == null ? base.describe()
                : base.describe() + " [" + fb + "]", loss, replicateSeconds, replicateCpu, (System.nanoTime() - t0) / 1e9);
    }
}
