package org.meanode.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /**
     * Times several operations round-robin (one iteration of each per round), so that a change
     * of machine load during the measurement affects them alike and their ratios stay fair.
     * Warm-up: rounds until each ran {@code warmupIterations} times and {@code warmupSeconds}
     * per operation have passed; then timed rounds until each ran {@code minIterations} times
     * and {@code minSeconds} per operation have passed, or {@code maxIterations} rounds.
     *
     * @param ops    the operations
     * @param budget warm-up and timed iterations, per operation
     * @return one timing per operation, in order
     */
    public static List<Timing> measureInterleaved(List<Runnable> ops, TimingBudget budget) {
        int k = ops.size();
        long start = System.nanoTime();
        int warm = 0;
        while (warm < budget.warmupIterations() || (System.nanoTime() - start) / 1e9 < k * budget.warmupSeconds()) {
            ops.forEach(Runnable::run);
            warm++;
        }
        List<double[]> times = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            times.add(new double[16]);
        }
        int n = 0;
        long timedStart = System.nanoTime();
        while (n < budget.maxIterations()
                && (n < budget.minIterations() || (System.nanoTime() - timedStart) / 1e9 < k * budget.minSeconds())) {
            for (int i = 0; i < k; i++) {
                long t0 = System.nanoTime();
                ops.get(i).run();
                long t1 = System.nanoTime();
                if (n == times.get(i).length) {
                    times.set(i, Arrays.copyOf(times.get(i), 2 * n));
                }
                times.get(i)[n] = (t1 - t0) / 1e9;
            }
            n++;
        }
        List<Timing> out = new ArrayList<>();
        for (double[] t : times) {
            out.add(Timing.of(Arrays.copyOf(t, n)));
        }
        return out;
    }
}
