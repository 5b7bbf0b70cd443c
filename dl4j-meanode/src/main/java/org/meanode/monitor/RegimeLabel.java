package org.meanode.monitor;

import java.util.Locale;
import org.meanode.scaling.Regime;

/**
 * Names the regime of a run from its (α, σ_u, σ_v, D): the {@link Regime} preset whose values
 * it has (relative tolerance 1e-9), otherwise a description with α and σ_v/√D, the two numbers
 * that place a run on the phase diagram of MODEL.md.
 */
final class RegimeLabel {
    private static final double TOL = 1e-9;

    private RegimeLabel() {
    }

    /**
     * @param alpha  α
     * @param sigmaU σ_u
     * @param sigmaV σ_v
     * @param d      D
     * @return "COMPLETE", "SEMI_COMPLETE", "LAZY", or "custom (α = …, σ_u/√D = …, σ_v/√D = …)"
     */
    static String of(double alpha, double sigmaU, double sigmaV, long d) {
        for (Regime r : Regime.values()) {
            if (close(alpha, r.alpha()) && close(sigmaU, r.sigmaU(d)) && close(sigmaV, r.sigmaV(d))) {
                return r.name();
            }
        }
        double root = Math.sqrt(d);
        return String.format(Locale.ROOT, "custom (α = %.4g, σ_u/√D = %.4g, σ_v/√D = %.4g)", alpha, sigmaU / root, sigmaV / root);
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= TOL * Math.max(Math.abs(a), Math.abs(b));
    }
}
