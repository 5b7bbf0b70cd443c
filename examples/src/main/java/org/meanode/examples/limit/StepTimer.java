package org.meanode.examples.limit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.bench.MemoryProbe;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Time per training step ({@code fit(DataSet)}, one full-batch step) of several networks,
 * measured side by side so that a change of the machine's load hits them all alike:
 * <ol>
 *   <li>warm-up: {@code warmupSteps} steps of every network, not timed (the first step of a
 *   network allocates the kernel's arrays and runs cold code);</li>
 *   <li>{@code rounds} rounds; in each, every network in turn (the order rotates by one each
 *   round) runs a turn of r consecutive steps, r chosen from the warm-up so that a turn lasts
 *   about {@code minTurnSeconds} (r = 1 for steps longer than that).</li>
 * </ol>
 * Reported per network: the medians over rounds of the turn's wall time per step and of its
 * process CPU time per step ({@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime}:
 * all threads of the JVM, BLAS, OpenMP, GC and the JIT compiler included). On Linux that counter
 * advances in clock ticks of 10 ms, so a turn must last well over 10 ms for its CPU time to mean
 * anything (the width sweep uses turns of ≥ 100 ms: a resolution of ≤ 10%).
 */
final class StepTimer {
    /**
     * @param wallSecondsPerStep median over rounds of wall seconds per step
     * @param cpuSecondsPerStep  median over rounds of process CPU seconds per step (−1 if the JVM
     *                           does not report it)
     * @param timedSteps         steps timed (excluding warm-up)
     */
    record Timing(double wallSecondsPerStep, double cpuSecondsPerStep, int timedSteps) {
    }

    private static final int MAX_STEPS_PER_TURN = 256;

    private final int warmupSteps;
    private final int rounds;
    private final double minTurnSeconds;

    /**
     * @param warmupSteps    untimed steps per network first (≥ 1)
     * @param rounds         timed rounds (≥ 1)
     * @param minTurnSeconds a turn's target duration
     */
    StepTimer(int warmupSteps, int rounds, double minTurnSeconds) {
        if (warmupSteps < 1 || rounds < 1 || !(minTurnSeconds >= 0)) {
            throw new IllegalArgumentException("StepTimer: warmupSteps = " + warmupSteps + ", rounds = " + rounds
                    + ", minTurnSeconds = " + minTurnSeconds + "; need ≥ 1, ≥ 1 and ≥ 0");
        }
        this.warmupSteps = warmupSteps;
        this.rounds = rounds;
        this.minTurnSeconds = minTurnSeconds;
    }

    /**
     * Trains every network (warm-up plus timed steps: their parameters change).
     *
     * @param nets the networks
     * @param data the full batch each step fits
     * @return one timing per network, in order
     */
    List<Timing> time(List<MultiLayerNetwork> nets, DataSet data) {
        int n = nets.size();
        int[] reps = new int[n];
        for (int i = 0; i < n; i++) {
            double fastest = Double.POSITIVE_INFINITY; // of the warm-up steps after the first (cold) one
            for (int w = 0; w < warmupSteps; w++) {
                long t0 = System.nanoTime();
                nets.get(i).fit(data);
                if (w > 0 || warmupSteps == 1) {
                    fastest = Math.min(fastest, (System.nanoTime() - t0) / 1e9);
                }
            }
            reps[i] = (int) Math.max(1, Math.min(MAX_STEPS_PER_TURN, Math.ceil(minTurnSeconds / Math.max(fastest, 1e-6))));
        }
        double[][] wall = new double[n][rounds];
        double[][] cpu = new double[n][rounds];
        int[] steps = new int[n];
        boolean cpuKnown = MemoryProbe.processCpuNanos() >= 0;
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < n; j++) {
                int i = (j + r) % n;
                long c0 = MemoryProbe.processCpuNanos();
                long t0 = System.nanoTime();
                for (int s = 0; s < reps[i]; s++) {
                    nets.get(i).fit(data);
                }
                long t1 = System.nanoTime();
                cpu[i][r] = (MemoryProbe.processCpuNanos() - c0) / 1e9 / reps[i];
                wall[i][r] = (t1 - t0) / 1e9 / reps[i];
                steps[i] += reps[i];
            }
        }
        List<Timing> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Timing(median(wall[i]), cpuKnown ? median(cpu[i]) : -1, steps[i]));
        }
        return out;
    }

    /** @return the median (mean of the two middle values for an even count) */
    static double median(double[] x) {
        double[] y = x.clone();
        Arrays.sort(y);
        int m = y.length / 2;
        return y.length % 2 == 1 ? y[m] : (y[m - 1] + y[m]) / 2;
    }
}
