package org.meanode.examples.transfer;

import java.util.List;
import org.meanode.examples.PowersOfTwo;

/**
 * Settings of the transfer sweep.
 *
 * @param embeddingDim D
 * @param examples     N, training examples (one full batch)
 * @param steps        K, full-batch GD steps per run
 * @param etas         the base rates η swept (increasing)
 * @param depths       L of the depth sweep (width fixed at {@code baseWidth})
 * @param baseWidth    M of the depth sweep
 * @param widths       M of the width sweep (depth fixed at {@code baseDepth})
 * @param baseDepth    L of the width sweep
 * @param cases        the parametrizations compared
 * @param seed         seed of the data and of every network
 */
public record TransferSettings(int embeddingDim, int examples, int steps, List<Double> etas, List<Integer> depths,
                               int baseWidth, List<Integer> widths, int baseDepth, List<Parametrization> cases, long seed) {

    /** Checks every field. */
    public TransferSettings {
        if (embeddingDim < 1 || examples < 1 || steps < 1 || baseWidth < 1 || baseDepth < 1) {
            throw new IllegalArgumentException("transfer: D, N, steps, base width and base depth must be ≥ 1, got " + embeddingDim
                    + ", " + examples + ", " + steps + ", " + baseWidth + ", " + baseDepth);
        }
        if (etas.size() < 3 || depths.size() < 2 || widths.size() < 2 || cases.isEmpty()) {
            throw new IllegalArgumentException("transfer: need at least 3 rates, 2 depths, 2 widths and 1 case, got " + etas.size()
                    + ", " + depths.size() + ", " + widths.size() + ", " + cases.size());
        }
        for (int i = 0; i < etas.size(); i++) {
            if (!(etas.get(i) > 0) || i > 0 && !(etas.get(i) > etas.get(i - 1))) {
                throw new IllegalArgumentException("transfer: rates must be positive and increasing, got " + etas);
            }
        }
        for (int v : depths) {
            check("depth", v);
        }
        for (int v : widths) {
            check("width", v);
        }
        etas = List.copyOf(etas);
        depths = List.copyOf(depths);
        widths = List.copyOf(widths);
        cases = List.copyOf(cases);
    }

    private static void check(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("transfer: " + what + " " + v + " is invalid: it must be ≥ 1");
        }
    }

    /**
     * @return the defaults: D = 8, N = 64, K = 20, η = 2^-8 … 2^8, L ∈ {4, 16, 64, 128} at M = 4,
     *     M ∈ {1, 4, 16, 64} at L = 16, all three parametrizations
     */
    public static TransferSettings standard() {
        return new TransferSettings(8, 64, 20, PowersOfTwo.range(-8, 8), List.of(4, 16, 64, 128), 4, List.of(1, 4, 16, 64), 16,
                List.of(Parametrization.values()), 7);
    }

    /**
     * @return a small sweep for tests: D = 4, N = 16, K = 10, η = 2^-4 … 2^6, L ∈ {2, 16} at M = 2,
     *     M ∈ {1, 16} at L = 4, this plugin and the naive 1/√L ResNet
     */
    public static TransferSettings quick() {
        return new TransferSettings(4, 16, 10, PowersOfTwo.range(-4, 6), List.of(2, 16), 2, List.of(1, 16), 4,
                List.of(Parametrization.MEANODE, Parametrization.NAIVE_SQRT), 7);
    }
}
