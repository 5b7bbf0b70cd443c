package org.meanode.examples.bench;

import java.util.Arrays;

/** Measures an operation within a {@link TimingBudget}; each iteration is timed alone with System.nanoTime. */
public final class StepTimer {
    private StepTimer() {
    }

    /**
     * @param op     the operation (e.g. one {@code fit(DataSet)})
     * @param budget warm-up and timed iterations
     * @return median and minimum of the timed iterations
     */
    public static Timing measure(Runnable op, TimingBudget budget) {
        long start = System.nanoTime();
        int warm = 0;
        while (warm < budget.warmupIterations() || (System.nanoTime() - start) / 1e9 < budget.warmupSeconds()) {
            op.run();
            warm++;
        }
        double[] times = new double[Math.min(budget.maxIterations(), 1024)];
        int n = 0;
        long timedStart = System.nanoTime();
        while (n < budget.maxIterations()
                && (n < budget.minIterations() || (System.nanoTime() - timedStart) / 1e9 < budget.minSeconds())) {
            long t0 = System.nanoTime();
            op.run();
            long t1 = System.nanoTime();
            if (n == times.length) {
                times = Arrays.copyOf(times, Math.min(budget.maxIterations(), 2 * times.length));
            }
            times[n++] = (t1 - t0) / 1e9;
        }
        return Timing.of(Arrays.copyOf(times, n));
    }
}
