package org.meanode.examples.phase;

import java.util.List;
import org.meanode.examples.PowersOfTwo;

/**
 * Settings of the phase sweep.
 *
 * @param embeddingDim D
 * @param depth        L
 * @param width        M
 * @param examples     N (one full batch; the first {@link #PROBE} examples are the probe batch)
 * @param steps        K, full-batch GD steps
 * @param alphas       α values (increasing)
 * @param sigmaRatios  σ_v/√D values of the α × σ_v sweep (at η = {@code baseEta})
 * @param etas         base rates η of the α × η sweep (at σ_v = √D)
 * @param baseEta      η of the α × σ_v sweep
 * @param seed         seed of the data and the networks
 * @param pairedInit   true: units come in pairs (u, v), (u, −v) at initialisation (M even), so that
 *                     every block outputs exactly 0 at step 0 whatever α, as the mean-field limit
 *                     does (E[v] = 0); false: i.i.d. units, whose finite-size output at step 0 has
 *                     size about α·σ_v/√(L·M) and hides the lazy regime unless α ≪ √(L·M)/σ_v
 */
public record PhaseSettings(int embeddingDim, int depth, int width, int examples, int steps, List<Double> alphas,
                            List<Double> sigmaRatios, List<Double> etas, double baseEta, long seed, boolean pairedInit) {
    /** Examples of the probe batch on which hidden-state movement is measured. */
    public static final int PROBE = 16;

    /** Checks every field. */
    public PhaseSettings {
        if (embeddingDim < 1 || depth < 1 || width < 1 || examples < 1 || steps < 1 || !(baseEta > 0)) {
            throw new IllegalArgumentException("phase: D, L, M, N, K must be ≥ 1 and η > 0, got " + embeddingDim + ", " + depth
                    + ", " + width + ", " + examples + ", " + steps + ", " + baseEta);
        }
        for (List<Double> l : List.of(alphas, sigmaRatios, etas)) {
            if (l.isEmpty() || l.stream().anyMatch(v -> !(v > 0) || Double.isInfinite(v))) {
                throw new IllegalArgumentException("phase: α, σ_v/√D and η lists must be non-empty and positive, got " + l);
            }
        }
        if (pairedInit && width % 2 != 0) {
            throw new IllegalArgumentException("phase: width M = " + width + " is odd, but the paired init pairs every unit"
                    + " (u, v) with (u, −v); use an even M or the i.i.d. init");
        }
        alphas = List.copyOf(alphas);
        sigmaRatios = List.copyOf(sigmaRatios);
        etas = List.copyOf(etas);
    }

    /**
     * @param paired the paired init (see the class comment)
     * @return the defaults: D = 8, L = 16, M = 32, N = 32, K = 8, α = 2^-2 … 2^6, σ_v/√D = 2^-3 … 2^2,
     *     η = 2^-3 … 2^2 (α × σ_v sweep at η = 1)
     */
    public static PhaseSettings standard(boolean paired) {
        return new PhaseSettings(8, 16, 32, 32, 8, PowersOfTwo.range(-2, 6), PowersOfTwo.range(-3, 2), PowersOfTwo.range(-3, 2),
                1.0, 5, paired);
    }
}
