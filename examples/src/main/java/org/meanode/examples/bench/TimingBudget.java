package org.meanode.examples.bench;

/**
 * How long to measure one operation: warm-up first (at least {@code warmupIterations} and
 * {@code warmupSeconds}), then timed iterations until at least {@code minIterations} and
 * {@code minSeconds} have passed, or {@code maxIterations} is reached.
 *
 * @param warmupIterations untimed iterations first, ≥ 1
 * @param warmupSeconds    minimum untimed time
 * @param minIterations    minimum timed iterations, ≥ 1
 * @param minSeconds       minimum timed time
 * @param maxIterations    cap on timed iterations (bounds tiny operations)
 */
public record TimingBudget(int warmupIterations, double warmupSeconds, int minIterations, double minSeconds,
                           int maxIterations) {

    /**
     * Validates the budget.
     *
     * @param warmupIterations untimed iterations first, ≥ 1
     * @param warmupSeconds minimum untimed time
     * @param minIterations minimum timed iterations, ≥ 1
     * @param minSeconds minimum timed time
     * @param maxIterations cap on timed iterations (bounds tiny operations)
     */
    public TimingBudget {
        if (warmupIterations < 1 || minIterations < 1 || maxIterations < minIterations || warmupSeconds < 0
                || minSeconds < 0) {
            throw new IllegalArgumentException("invalid timing budget: warm-up " + warmupIterations + " it / "
                    + warmupSeconds + " s, timed ≥ " + minIterations + " it / " + minSeconds + " s, ≤ " + maxIterations + " it");
        }
    }

    /**
     * @param seconds the minimum timed seconds per measurement
     * @return 3 warm-up iterations (≥ 1 s), then ≥ 5 timed iterations and ≥ {@code seconds}
     */
    public static TimingBudget standard(double seconds) {
        return new TimingBudget(3, 1.0, 5, seconds, 1_000_000);
    }

    /** @return a smoke-test budget: ≥ 3 warm-up iterations and 0.5 s, then ≥ 3 timed iterations and 0.5 s */
    public static TimingBudget quick() {
        return new TimingBudget(3, 0.5, 3, 0.5, 100_000);
    }
}
